import { test, expect } from './fixtures';
import { TEST_SIZES, useTestSizes } from './testSizes';
import type { Page } from '@playwright/test';

/**
 * How sure the numbers are, as a user meets it on WebAssembly: after one cycle the test accuracy
 * carries its 95% interval and the number of test images, and a loss predictor at chance (the test
 * sizes train too little to rank) is said in plain words, with entropy choosing instead when the
 * setting is on, and a button that turns it on when it is off.
 */

const INTERVAL = new RegExp(`^\\d+\\.\\d% \\(\\d+\\.\\d-\\d+\\.\\d%, ${TEST_SIZES.testSize} test images\\)$`);
const AT_CHANCE = /The loss predictor is not better than chance yet \(ranking accuracy \d+%, 95% interval \d+-\d+%\): its picks are as good as random\./;

async function trainOneCycle(page: Page, fallbackWhenAtChance: boolean) {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await useTestSizes(page, { fallbackWhenAtChance });
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText(`${TEST_SIZES.initialSize} of ${TEST_SIZES.initialSize} labeled`);
  // The paper's strategy, so that "the loss predictor still chooses" names it.
  await page.getByTestId('strategy').selectOption('learning-loss');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 5 * 60_000 });
}

test('after a cycle the accuracy has its interval, and entropy stands in for a loss predictor at chance', async ({ page }) => {
  await trainOneCycle(page, true);

  const row = page.getByTestId('cycle-table').locator('tbody tr');
  await expect(row.getByTestId('cycle-test-accuracy')).toHaveText(INTERVAL);
  await expect(row.getByTestId('cycle-ranking-accuracy')).toHaveText(INTERVAL);
  await expect(row).toHaveAttribute('data-fell-back', 'true');
  await expect(row.getByTestId('cycle-query-strategy')).toHaveAttribute('data-strategy', 'entropy');
  await expect(page.getByTestId('cycle-chart').locator('.u-legend')).toContainText('loss predictor at chance');

  const notice = page.getByTestId('at-chance');
  await expect(notice).toContainText(AT_CHANCE);
  await expect(notice).toContainText('These images were chosen by entropy instead (setting: Entropy while the loss predictor is at chance).');
  await expect(page.getByTestId('query-card')).toHaveCount(TEST_SIZES.queryK);

  await page.getByTestId('tab-model').click();
  await expect(page.getByTestId('model-test-accuracy')).toHaveText(INTERVAL);
  await expect(page.getByTestId('last-cycle-review')).toContainText(`test images)`);
});

test('with the setting off, the loss predictor still chooses and a button turns entropy on for the next query', async ({ page }) => {
  await trainOneCycle(page, false);

  const row = page.getByTestId('cycle-table').locator('tbody tr');
  await expect(row.getByTestId('cycle-query-strategy')).toHaveAttribute('data-strategy', 'learning-loss');
  const notice = page.getByTestId('at-chance');
  await expect(notice).toContainText(AT_CHANCE);
  await expect(notice).toHaveAttribute('data-fell-back', 'false');

  await notice.getByTestId('at-chance-fallback').click();
  await expect(notice).toContainText('From the next query on, entropy chooses while this lasts');
  await page.getByTestId('tab-settings').click();
  await expect(page.getByTestId('setting-fallbackWhenAtChance')).toBeChecked();
});
