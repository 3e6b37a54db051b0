import { test, expect } from './fixtures';
import { useTestSizes } from './testSizes';
import { download } from './appSteps';
import type { Page } from '@playwright/test';

/**
 * The work leaves the browser in standard formats and comes back from a backup: labels as CSV,
 * the whole project as a ZIP that restores exactly what was there when it was made.
 */

/** The exports live on their own tab, the cards on the labeling tab. */
const tab = (page: Page, id: 'data' | 'label') => page.getByTestId(`tab-${id}`).click();

test('labels export as CSV, and a backup restores the labels it holds', async ({ page, offOriginRequests }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  const cards = page.getByTestId('query-card');
  await cards.nth(0).click();
  await page.keyboard.press('2');
  await page.keyboard.press('4');
  await expect(page.getByTestId('query-progress')).toHaveText('2 of 20 labeled');
  const [first, second] = await Promise.all([0, 1].map((i) => cards.nth(i).getAttribute('data-sample-id')));

  await tab(page, 'data');
  const csv = await download(page, 'export-labels-csv');
  expect(csv.name).toMatch(/labels\.csv$/);
  const pad = (id: number) => `pool-${String(id).padStart(5, '0')}.png`;
  const rows = [[Number(first), 'Trouser'], [Number(second), 'Dress']] as const;
  const expected = [...rows].sort((a, b) => a[0] - b[0]).map(([id, label]) => `${pad(id)},${label}`);
  expect(csv.bytes.toString('utf8').trim().split(/\r?\n/)).toEqual(['filename,label', ...expected]);

  // No cycle yet: the model export says why instead of failing silently.
  await page.getByTestId('export-model').click();
  await expect(page.getByTestId('problem')).toContainText('There is no trained model yet: train a cycle first.');

  const backup = await download(page, 'export-backup');
  expect(backup.bytes.subarray(0, 2).toString()).toBe('PK');

  // Change a label after the backup, then restore: the backup's labels come back.
  await tab(page, 'label');
  await cards.nth(0).click();
  await page.keyboard.press('9');
  await expect(cards.nth(0)).toHaveAttribute('data-label', '8');
  await tab(page, 'data');
  await page.getByTestId('restore').setInputFiles({ name: 'backup.zip', mimeType: 'application/zip', buffer: backup.bytes });
  await page.getByTestId('restore-replace').click();
  await expect(page.getByTestId('notice')).toContainText('Restored');
  await tab(page, 'label');
  await expect(cards.nth(0)).toHaveAttribute('data-label', '1');
  await page.reload();
  await expect(page.getByTestId('query-card').nth(0)).toHaveAttribute('data-label', '1', { timeout: 60_000 });

  // A labels CSV labels the images it names and reports the rows that do not fit.
  const third = await cards.nth(2).getAttribute('data-sample-id');
  const csvText = `filename,label\n${pad(Number(third))},Coat\nunknown.png,Coat\n`;
  await tab(page, 'data');
  await page.getByTestId('apply-csv').setInputFiles({ name: 'seed.csv', mimeType: 'text/csv', buffer: Buffer.from(csvText) });
  await expect(page.getByTestId('notice')).toContainText('seed.csv: Applied 1 label. 1 row names a file that is not in this project (line 3).');

  // A file that is not a backup is refused in plain words, and changes nothing.
  await page.getByTestId('restore').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('hello') });
  await expect(page.getByTestId('problem')).toContainText('notes.zip could not be restored');
  await tab(page, 'label');
  await expect(cards.nth(2)).toHaveAttribute('data-label', '4');
  await expect(page.getByTestId('query-card').nth(0)).toHaveAttribute('data-label', '1');
  expect(offOriginRequests).toEqual([]);
});
