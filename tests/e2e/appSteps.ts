import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { TEST_SIZES, useTestSizes } from './testSizes';

/** Steps several specs take the same way. */

/** Clicks the control with this test id and returns the file it downloads. */
export async function download(page: Page, testid: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

/**
 * The demo on WebAssembly with the test sizes (and `extra` settings): the initial set drawn and
 * answered by the simulated oracle, ready to train.
 */
export async function labelInitialSetByOracle(page: Page, extra: Parameters<typeof useTestSizes>[1] = {}): Promise<void> {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await useTestSizes(page, extra);
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText(`${TEST_SIZES.initialSize} of ${TEST_SIZES.initialSize} labeled`);
}

/** The demo on `backend` with the test sizes, on the race tab. */
export async function openRace(page: Page, backend: string): Promise<void> {
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend, { timeout: 60_000 });
  await useTestSizes(page);
  await page.getByTestId('tab-race').click();
}

/** The race CSV's columns of each round's picks per class, for the demo's ten classes. */
export const DEMO_PICKED_COLUMNS = ['T-shirt_top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle_boot']
  .map((name) => `picked_${name}`);
