import { test, expect } from './fixtures';
import { useTestSizes } from './testSizes';
import { labelAtRate } from '../../scripts/labeling/keyDriver.mjs';
import { checkLabels } from '../../scripts/labeling/labelCheck.mjs';
import { openProjectId, readLabelStore } from '../../scripts/labeling/labelStore.mjs';
import type { Page } from '@playwright/test';

/**
 * A fast labeler's keys all count: at 10 keys a second each key lands on the card meant, the label
 * stored is the class pressed, and Enter pressed at once trains on every one of them. The focus
 * moves on to the next card still without a label, whatever order the cards were labeled in, and
 * after a reload too. The key driver is the one `npm run bench:labeling` measures with.
 */

const cards = (page: Page) => page.getByTestId('query-card');

/** Opens the demo on `backend` with the test sizes (and `extra`) and draws the initial set. */
async function demoGrid(page: Page, backend: string, extra: Parameters<typeof useTestSizes>[1] = {}) {
  await page.goto(`/?backend=${backend}`);
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend, { timeout: 60_000 });
  await useTestSizes(page, extra);
  await page.getByTestId('draw-initial').click();
}

test('60 labels at 10 keys a second, then Enter at once: every label lands where meant and the cycle trains on all 60', async ({ page }) => {
  await demoGrid(page, 'webgpu', { initialSize: 60 });
  await expect(cards(page)).toHaveCount(60);
  const projectId = await openProjectId(page);

  const run = await labelAtRate(page, { count: 60, rate: 10, enter: true });
  const check = await checkLabels(page, projectId, run);
  expect(run.presses.every((press) => press.ackAt !== null), 'every pressed card shows its stored label').toBe(true);
  expect(check.wrongCards).toEqual([]);
  expect(check.keysOnLabeledCards).toBe(0);
  expect(check.labeledPool).toBe(60);

  // Every card has its label: no card keeps the keys, so a stray key changes no answer.
  await expect(page.getByTestId('all-labeled')).toBeVisible();
  await expect(page.getByTestId('notice')).toHaveText('Cycle 1 is done. It trained on 60 labels.', { timeout: 90_000 });
  // The next query's first card takes the keys again, though the grid held them with every card labeled.
  await expect(cards(page).first()).toBeFocused();
  const { cycles } = await readLabelStore(page, projectId);
  expect(cycles).toEqual([{ index: 1, labeledCount: 60 }]);
});

test('the focus goes to the next card without a label, skipping those labeled out of order, and after a reload to the first', async ({ page }) => {
  await demoGrid(page, 'wasm');
  await expect(cards(page)).toHaveCount(20);

  // #3 first, then #1: the focus goes from #1 to #2, the card after it still open.
  await cards(page).nth(2).click();
  await page.keyboard.press('1');
  await expect(cards(page).nth(2)).toHaveAttribute('data-label', '0');
  await expect(cards(page).nth(3)).toBeFocused();
  await cards(page).nth(0).click();
  await page.keyboard.press('2');
  await expect(cards(page).nth(1)).toBeFocused();
  // #2 labeled: #3 has its answer, so the focus skips it to #4.
  await page.keyboard.press('3');
  await expect(cards(page).nth(3)).toBeFocused();
  // #6 labeled out of order leaves the focus on #7 ...
  await cards(page).nth(5).click();
  await page.keyboard.press('4');
  await expect(cards(page).nth(6)).toBeFocused();
  await expect.poll(() => cards(page).evaluateAll((els) => els.slice(0, 7).map((el) => el.getAttribute('data-label'))))
    .toEqual(['1', '2', '0', '', '', '3', '']);

  // ... but after a reload the focus is on the first card without a label, #4.
  await page.reload();
  await expect(cards(page).nth(5)).toHaveAttribute('data-label', '3', { timeout: 120_000 });
  await expect(cards(page).nth(3)).toBeFocused();
  await page.keyboard.press('5');
  await expect(cards(page).nth(3)).toHaveAttribute('data-label', '4');
  await expect(cards(page).nth(4)).toBeFocused();

  // The last open cards labeled, an extra key press finds no card to change: every answer stays.
  const open = await cards(page).evaluateAll((els) => els.filter((el) => el.getAttribute('data-label') === '').length);
  for (let i = 0; i < open; i++) await page.keyboard.press('6');
  await expect(page.getByTestId('query-progress')).toHaveText('20 of 20 labeled');
  await expect(page.getByTestId('all-labeled')).toBeVisible();
  await page.keyboard.press('7');
  await page.waitForTimeout(500);
  await expect.poll(() => cards(page).evaluateAll((els) => els.filter((el) => el.getAttribute('data-label') === '6').length)).toBe(0);
  await expect(cards(page).nth(19)).toHaveAttribute('data-label', '5');
  // An arrow gives the keys back to a card, to change an answer on purpose.
  await page.keyboard.press('ArrowRight');
  await expect(cards(page).nth(0)).toBeFocused();
});
