import { test, expect } from './fixtures';
import { TEST_SIZES, useTestSizes } from './testSizes';

/**
 * A cycle that learns from unlabeled images too, on WebGPU and on WebAssembly: the setting is
 * chosen in the Settings tab as a user would, the cycle trains on the backend asked for, and the
 * epoch chart draws the unlabeled loss and says how many unlabeled images were used. A threshold
 * of 0.1 on ten classes lets every guess pass (the top probability is at least 1/10), so the
 * share is known: 100%.
 */

for (const backend of ['webgpu', 'wasm']) {
  test(`a cycle learns from unlabeled images on ${backend} and charts the share it used`, async ({ page, offOriginRequests }) => {
    await page.goto(`/?backend=${backend}`);
    await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend, { timeout: 60_000 });
    await useTestSizes(page, { unlabeledTraining: 'consistency', unlabeledThreshold: 0.1, unlabeledRatio: 1 });
    await page.getByTestId('draw-initial').click();
    await page.getByTestId('oracle').check();
    await expect(page.getByTestId('query-progress')).toHaveText(`${TEST_SIZES.initialSize} of ${TEST_SIZES.initialSize} labeled`);

    await page.getByTestId('train').click();
    await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 8 * 60_000 });
    await expect(page.getByTestId('cycle-table')).toContainText(backend);
    const epochChart = page.getByTestId('epoch-chart');
    await expect(epochChart).toHaveAttribute('data-points', String(TEST_SIZES.epochs));
    // the chart has the two unlabeled lines, and its caption says the share used
    const legend = await epochChart.locator('.u-legend .u-series').allTextContents();
    expect(legend.some((text) => text.includes('unlabeled loss'))).toBe(true);
    expect(legend.some((text) => text.includes('unlabeled images used'))).toBe(true);
    await expect(page.getByText('Unlabeled images used in the last epoch: 100.0%')).toBeVisible();
    // the setting is kept with the project
    await page.getByTestId('tab-settings').click();
    await expect(page.getByTestId('setting-unlabeledTraining')).toHaveValue('consistency');
    // turned off, its threshold is greyed out and says when it counts
    const threshold = page.locator('.field', { has: page.getByTestId('setting-unlabeledThreshold') });
    await expect(threshold).not.toHaveAttribute('data-idle');
    await page.getByTestId('setting-unlabeledTraining').selectOption('off');
    await expect(threshold).toHaveAttribute('data-idle', 'true');
    await expect(threshold).toContainText('Used when Learn from unlabeled images is on.');
    expect(offOriginRequests).toEqual([]);
  });
}
