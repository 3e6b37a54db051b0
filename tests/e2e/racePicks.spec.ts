import { test, expect } from './fixtures';
import { DEMO_PICKED_COLUMNS, download, openRace } from './appSteps';
import { TEST_SIZES } from './testSizes';

/**
 * Which images each strategy asks for: after a race's queries, the race tab shows every lane's
 * picks per round by true class, and the race CSV carries the same counts.
 */

const STRATEGIES = ['learning-loss', 'random'];

test('the race tab shows each round’s picks by class, and the CSV carries them', async ({ page }) => {
  await openRace(page, 'wasm');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
  for (const name of ['entropy', 'core-set']) await page.getByTestId(`race-strategy-${name}`).uncheck();
  // three points: two rounds that query, then a last one that only measures
  await page.getByTestId('race-rounds').fill('3');
  await page.getByTestId('race-start').click();
  await expect(page.getByTestId('race-chart')).toHaveAttribute('data-points', JSON.stringify({ 'learning-loss': 3, random: 3 }), { timeout: 10 * 60_000 });

  const picks = page.getByTestId('race-picks');
  await expect(picks.getByTestId('picks-lane')).toHaveCount(STRATEGIES.length);
  for (const strategy of STRATEGIES) {
    const lane = picks.locator(`[data-testid="picks-lane"][data-strategy="${strategy}"]`);
    const bars = lane.getByTestId('picks-bar');
    // the initial set, rounds 1 and 2, and both rounds together
    await expect(bars).toHaveCount(4);
    const readRows = () => bars.evaluateAll((els) => els.map((el) => ({
      round: el.getAttribute('data-round'),
      counts: JSON.parse(el.getAttribute('data-counts')!) as number[],
      text: el.querySelector('[role="img"]')?.getAttribute('aria-label') ?? '',
    })));
    // the random initial set, then each round's query of K images (once their true classes are read)
    await expect.poll(async () => (await readRows()).map((r) => r.counts.reduce((a, b) => a + b, 0)))
      .toEqual([TEST_SIZES.initialSize, TEST_SIZES.queryK, TEST_SIZES.queryK, 2 * TEST_SIZES.queryK]);
    const rows = await readRows();
    expect(rows.map((r) => r.round)).toEqual(['0', '1', '2', 'all']);
    expect(rows[3].counts).toEqual(rows[1].counts.map((n, c) => n + rows[2].counts[c]));
    for (const row of rows) expect(row.counts).toHaveLength(DEMO_PICKED_COLUMNS.length);
    expect(rows[1].text).toMatch(new RegExp(`^Round 1 picked: .+ \\(${TEST_SIZES.queryK} images\\)$`));
  }

  const csv = (await download(page, 'race-csv')).bytes.toString('utf8').trim().split('\n').map((line) => line.split(','));
  const header = csv[0];
  const columns = DEMO_PICKED_COLUMNS.map((name) => header.indexOf(name));
  expect(columns.every((c) => c > header.indexOf('ranking_accuracy_high'))).toBe(true);
  const picked = csv.slice(1).map((cells) => [cells[0], cells[1], columns.map((c) => cells[c])] as const);
  for (const [strategy, round, cells] of picked) {
    // rounds 1 and 2 queried K images; the last round picked none
    const sum = cells.reduce((a, b) => a + Number(b), 0);
    if (round === '3') expect(cells.every((cell) => cell === ''), `${strategy} round 3`).toBe(true);
    else expect(sum, `${strategy} round ${round}`).toBe(TEST_SIZES.queryK);
  }
  // The chart and the CSV count the same picks.
  const randomRound1 = picks.locator('[data-strategy="random"] [data-testid="picks-bar"][data-round="1"]');
  const chartRound1 = JSON.parse((await randomRound1.getAttribute('data-counts'))!);
  // A keyboard reaches each bar's numbers: Tab to the bar, and they show under it.
  await expect(randomRound1.getByTestId('picks-numbers')).toBeHidden();
  await randomRound1.getByRole('img').focus();
  await expect(randomRound1.getByTestId('picks-numbers')).toBeVisible();
  await expect(randomRound1.getByTestId('picks-numbers')).toHaveText(/^Round 1 picked: /);
  expect(picked.find(([s, r]) => s === 'random' && r === '1')![2].map(Number)).toEqual(chartRound1);

  if (process.env.LOSSLOOP_SCREENSHOTS) {
    for (const [width, height] of [[1280, 800], [1400, 900]]) {
      await page.setViewportSize({ width, height });
      await picks.scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`race-picks-${width}.png`) });
      await page.screenshot({ path: test.info().outputPath(`race-picks-${width}-full.png`), fullPage: true });
    }
  }
});
