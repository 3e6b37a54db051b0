import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import { TEST_SIZES, useTestSizes } from './testSizes';
import type { Page } from '@playwright/test';

/**
 * The whole loop as a user meets it, on WebGPU (SwiftShader's software adapter on machines
 * without a GPU): demo data loads into a fresh profile, the initial set is labeled by hand and by
 * the simulated oracle, one cycle trains, the chart gains a point, the grid shows the top-K, and
 * labels, history and the open query survive a reload.
 */

const TINY = TEST_SIZES;

const cards = (page: Page) => page.getByTestId('query-card');

test('one full active-learning cycle on WebGPU, and everything survives a reload', async ({ page, offOriginRequests }) => {
  await page.goto('/?backend=webgpu');

  // First visit: the demo set loads into IndexedDB.
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('dataset')).toContainText('10,000 pool images, 2,000 test images');

  // The backend in use is WebGPU, named, with a software-adapter warning here.
  const backend = page.getByTestId('backend');
  await expect(backend).toHaveAttribute('data-backend', 'webgpu', { timeout: 60_000 });
  await expect(backend).toContainText('webgpu');
  await expect(backend).toContainText('WebGPU - ');

  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await expect(cards(page)).toHaveCount(TINY.initialSize);

  // Label by click: focus a card, pick a class in the palette.
  await cards(page).nth(0).click();
  await page.getByTestId('class-1').click();
  await expect(cards(page).nth(0)).toHaveAttribute('data-label', '1');
  // Label by key: '3' is the third class (index 2); focus then moves on.
  await cards(page).nth(1).click();
  await page.keyboard.press('3');
  await expect(cards(page).nth(1)).toHaveAttribute('data-label', '2');
  await expect(cards(page).nth(2)).toBeFocused();

  // The simulated oracle answers the rest and leaves the human labels alone.
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText(`${TINY.initialSize} of ${TINY.initialSize} labeled`);
  await expect(cards(page).nth(0)).toHaveAttribute('data-label', '1');
  await expect(page.getByTestId('counts')).toContainText(`${TINY.initialSize} labeled`);
  // Before the first cycle the cost is said in steps; the seconds need a cycle on this backend.
  // 20 labels at batch 10, one epoch, no minimum: 2 steps.
  await expect(page.getByTestId('cycle-cost')).toContainText('trains 2 steps (1 epoch of 20 labels)');
  await expect(page.getByTestId('cycle-cost')).toContainText('the first cycle on this backend times this device');

  // The paper's query, top-K by predicted loss (the default preset adds diversity to it).
  await page.getByTestId('strategy').selectOption('learning-loss');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toBeVisible();
  const chart = page.getByTestId('cycle-chart');
  await expect(chart).toHaveAttribute('data-points', '1', { timeout: 8 * 60_000 });
  await expect(page.getByTestId('cycle-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('cycle-table')).toContainText('webgpu');
  // The charts received their data: every epoch of the cycle, then the test set of its model.
  await expect(page.getByTestId('epoch-chart')).toHaveAttribute('data-points', String(TINY.epochs));
  await page.getByTestId('tab-model').click();
  await expect(page.getByTestId('loss-scatter')).toHaveAttribute('data-points', String(TINY.testSize));
  await expect(page.getByTestId('per-class-accuracy').locator('li')).toHaveCount(10);
  const matrix = await page.getByTestId('confusion-matrix').locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent))));
  expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(TINY.testSize);
  // A cell off the diagonal opens the images it counts.
  const offDiagonal = page.locator('[data-testid^=confusion-cell-]').first();
  const count = Number(await offDiagonal.textContent());
  await offDiagonal.click();
  await expect(page.getByTestId('cell-images').locator('li')).toHaveCount(count);

  // The trained networks leave as a ZIP: a standard TF.js Layers model (model.json, weights.bin),
  // metadata.json, and lossloop's own network with its loss head.
  await page.getByTestId('tab-data').click();
  const [model] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
  const zip = await readFile((await model.path())!);
  expect(model.suggestedFilename()).toMatch(/model\.zip$/);
  for (const name of ['model.json', 'weights.bin', 'metadata.json', 'lossloop/network.json', 'lossloop/weights.bin']) expect(zip.includes(Buffer.from(name))).toBe(true);
  await page.getByTestId('tab-label').click();

  // The new query: the top-K of the scored subset, highest predicted loss first, each card with its
  // rank among the scored images and the loss head's raw output in the tooltip.
  await expect(cards(page)).toHaveCount(TINY.queryK);
  const losses = page.getByTestId('card-loss');
  await expect(losses).toHaveCount(TINY.queryK);
  const ranks = (await losses.evaluateAll((els) => els.map((el) => el.getAttribute('data-loss-rank')))).map(Number);
  expect(ranks[0]).toBe(1);
  expect(ranks.every((rank, k) => rank <= k + 1)).toBe(true);
  const scores = (await losses.evaluateAll((els) => els.map((el) => el.getAttribute('title') ?? ''))).map((title) => Number(/raw output: (-?[\d.]+)/.exec(title)?.[1]));
  expect(scores.every(Number.isFinite)).toBe(true);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  // With the oracle on, the new query is answered too (28 labels at batch 10: 2 full steps and one
  // of 8), and the first cycle's speed gives the next one's seconds.
  await expect(page.getByTestId('cycle-cost')).toHaveText(/trains 3 steps \(1 epoch of 28 labels\),\s+about \d+(\.\d)? (s|min|h) here\./);
  // Take the oracle off and relabel one by hand.
  await page.getByTestId('oracle').uncheck();
  const firstId = await cards(page).nth(0).getAttribute('data-sample-id');
  await cards(page).nth(0).click();
  await page.keyboard.press('0');
  await expect(cards(page).nth(0)).toHaveAttribute('data-label', '9');
  const queryIds = await cards(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-sample-id')));

  await page.reload();
  await expect(cards(page)).toHaveCount(TINY.queryK, { timeout: 60_000 });
  expect(await cards(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-sample-id')))).toEqual(queryIds);
  await expect(page.locator(`[data-sample-id="${firstId}"]`)).toHaveAttribute('data-label', '9');
  await expect(chart).toHaveAttribute('data-points', '1');
  await expect(page.getByTestId('cycle-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('oracle')).not.toBeChecked();

  // Nothing left this machine: no request to any other host.
  expect(offOriginRequests).toEqual([]);
});
