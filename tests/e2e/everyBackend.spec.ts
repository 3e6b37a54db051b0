import { test, expect } from './fixtures';
import { useTestSizes } from './testSizes';

/**
 * Every backend trains in the browser: one tiny cycle each on WebGL, WebAssembly (with lossloop's
 * own Conv2DBackpropFilter) and plain JavaScript, each asserted to be the backend in use.
 * (WebGPU has its own, fuller test.)
 */

for (const backend of ['wasm', 'webgl', 'cpu'] as const) {
  test(`one cycle trains on ${backend}`, async ({ page }) => {
    await page.goto(`/?backend=${backend}`);
    const badge = page.getByTestId('backend');
    await expect(badge).toHaveAttribute('data-backend', backend, { timeout: 120_000 });
    await expect(badge).toContainText(backend);
    await useTestSizes(page);
    await page.getByTestId('draw-initial').click();
    await page.getByTestId('oracle').check();
    await expect(page.getByTestId('query-progress')).toHaveText('20 of 20 labeled');
    await page.getByTestId('train').click();
    await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 8 * 60_000 });
    await expect(page.getByTestId('cycle-table')).toContainText(backend);
    await expect(page.getByTestId('query-card')).toHaveCount(8);
    // The predicted loss reads as a rank among the scored images, the raw head output in the tooltip.
    const loss = page.getByTestId('card-loss').first();
    await expect(loss).toHaveText(/^rank \d+ of 24 scored\s*$/);
    await expect(loss).toHaveAttribute('title', /raw output: -?\d+\.\d{3}$/);
  });
}
