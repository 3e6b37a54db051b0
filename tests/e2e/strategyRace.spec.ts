import { test, expect } from './fixtures';
import { DEMO_PICKED_COLUMNS, download, openRace } from './appSteps';

/**
 * The classroom race: learning loss, random, entropy and core-set side by side with the
 * simulated oracle, each until it has two points, on WebGPU. The chart must really hold the
 * points, the results leave as CSV and PNG, and a race can be stopped and taken up again.
 */

const STRATEGIES = ['learning-loss', 'random', 'entropy', 'core-set'];

test('four strategies race side by side until each has two points', async ({ page, offOriginRequests }) => {
  await openRace(page, 'webgpu');
  for (const name of STRATEGIES) await expect(page.getByTestId(`race-strategy-${name}`)).toBeChecked();
  await page.getByTestId('race-rounds').fill('2');
  await page.getByTestId('race-start').click();
  await expect(page.getByTestId('train-progress')).toContainText('Race: ');

  const chart = page.getByTestId('race-chart');
  const done = JSON.stringify(Object.fromEntries(STRATEGIES.map((s) => [s, 2])));
  await expect(chart).toHaveAttribute('data-points', done, { timeout: 15 * 60_000 });
  await expect(page.getByTestId('notice')).toContainText('The race is over');

  // Every strategy has two accuracies in the table, and they start from the same point.
  const rows = await page.getByTestId('race-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
  expect(rows).toHaveLength(4);
  for (const row of rows) {
    expect(row).toHaveLength(2);
    // each accuracy with its 95% interval over the test images
    expect(row.every((cell) => /^\d+\.\d% \(\d+\.\d-\d+\.\d%, \d+ test images\)$/.test(cell))).toBe(true);
    expect(row[0]).toBe(rows[0][0]);
  }
  // uPlot has one line per strategy in its legend.
  const series = await chart.evaluate((el) => el.querySelectorAll('.u-legend .u-series').length);
  expect(series).toBe(STRATEGIES.length);

  const csv = await download(page, 'race-csv');
  expect(csv.name).toMatch(/race\.csv$/);
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  expect(lines[0]).toBe('strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds,'
    + 'test_images,test_accuracy_low,test_accuracy_high,ranking_accuracy_low,ranking_accuracy_high,query_already_right,' + DEMO_PICKED_COLUMNS.join(','));
  expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual(
    STRATEGIES.flatMap((s) => [`${s},1,20`, `${s},2,28`]));
  const png = await download(page, 'race-png');
  expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');

  await page.reload();
  await page.getByTestId('tab-race').click();
  await expect(page.getByTestId('race-chart')).toHaveAttribute('data-points', done, { timeout: 60_000 });
  expect(offOriginRequests).toEqual([]);
});

test('a race stops when asked, keeps its points, and goes on later', async ({ page }) => {
  await openRace(page, 'wasm');
  for (const name of ['entropy', 'core-set']) await page.getByTestId(`race-strategy-${name}`).uncheck();
  await page.getByTestId('race-rounds').fill('6');
  await page.getByTestId('race-start').click();
  const chart = page.getByTestId('race-chart');
  await expect(chart).toHaveAttribute('data-points', /"learning-loss":[1-9]/, { timeout: 5 * 60_000 });
  await page.getByTestId('race-stop').click();
  await expect(page.getByTestId('notice')).toContainText('The race was stopped');
  const stoppedAt = JSON.parse((await chart.getAttribute('data-points'))!) as Record<string, number>;
  expect(stoppedAt['learning-loss']).toBeLessThan(6);

  await page.getByTestId('race-continue').click();
  await expect(chart).toHaveAttribute('data-points', JSON.stringify({ 'learning-loss': 6, random: 6 }), { timeout: 10 * 60_000 });
});

test('the strategies beyond the paper race too, each with a line on what it favours', async ({ page }) => {
  const beyond = ['loss-diverse', 'density-weighted', 'qbc-vote', 'qbc-kl', 'badge'];
  await openRace(page, 'wasm');
  for (const name of STRATEGIES) await page.getByTestId(`race-strategy-${name}`).uncheck();
  for (const name of beyond) {
    const box = page.getByTestId(`race-strategy-${name}`);
    await box.check();
    // the line is the checkbox's description, for screen readers too
    await expect(box).toHaveAccessibleDescription(/\w{4,}.*\w{4,}/);
  }
  await page.getByTestId('race-rounds').fill('2');
  await page.getByTestId('race-start').click();
  const done = JSON.stringify(Object.fromEntries(beyond.map((s) => [s, 2])));
  await expect(page.getByTestId('race-chart')).toHaveAttribute('data-points', done, { timeout: 10 * 60_000 });
  await expect(page.getByTestId('problem')).toHaveCount(0);

  // every lane asked for K = 8 new images: 20 labels, then 28
  const csv = (await download(page, 'race-csv')).bytes.toString('utf8').trim().split('\n');
  expect(csv.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual(beyond.flatMap((s) => [`${s},1,20`, `${s},2,28`]));
});

test('a race runs a strategy with and without unlabeled images, side by side, and says so', async ({ page }) => {
  await openRace(page, 'wasm');
  for (const name of STRATEGIES) await page.getByTestId(`race-strategy-${name}`).uncheck();
  await page.getByTestId('race-strategy-random').check();
  await page.getByTestId('race-with-unlabeled').check();
  await page.getByTestId('race-rounds').fill('2');
  await page.getByTestId('race-start').click();
  await expect(page.getByTestId('race-chart')).toHaveAttribute('data-points', JSON.stringify({ random: 2, 'random+unlabeled': 2 }), { timeout: 10 * 60_000 });
  await expect(page.getByTestId('race-table').locator('tbody th')).toHaveText(['Random', 'Random + unlabeled images']);
  // The CSV names each lane, and its first round says how much of its query the model already knew.
  const csv = (await download(page, 'race-csv')).bytes.toString('utf8').trim().split('\n');
  const header = csv[0].split(',');
  const known = header.indexOf('query_already_right');
  expect(csv.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual(['random,1,20', 'random,2,28', 'random+unlabeled,1,20', 'random+unlabeled,2,28']);
  for (const line of [csv[1], csv[3]]) expect(Number(line.split(',')[known])).toBeGreaterThanOrEqual(0);
});
