// The interactive loop as a new user runs it: a fresh browser profile, the demo set (or IDX files
// imported through the import panel), the project's own settings untouched but the seed, the
// strategy and any setting the command line changes, the simulated oracle answering every query, and Train pressed again as soon as the
// query is labeled. What the strategy race cannot show: a preset that continues from the last
// cycle's weights runs here exactly as shipped.

import { basename } from 'node:path';
import { openDemo, trainCycle, waitUntilQueryLabeled } from '../app-session.mjs';
import { applySettings, choosePreset, importIdxDataset } from './drive.mjs';

/**
 * The project's cycles as the store keeps them, in order, with the share of each query its model
 * already guessed right at 90% or more (src/lib/al/alreadyRight.ts), judged by the true labels.
 */
function readCycles(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('lossloop');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['cycles', 'samples']);
      const cycles = tx.objectStore('cycles').getAll();
      const samples = tx.objectStore('samples').getAll();
      tx.onerror = () => reject(tx.error);
      tx.oncomplete = () => {
        const truth = new Map(samples.result.map((s) => [`${s.projectId}/${s.id}`, s.trueLabel ?? s.label]));
        const alreadyRight = (c) => {
          const guesses = c.queryPredictions;
          if (!guesses || c.queryIds.length === 0) return null;
          const right = c.queryIds.filter((id, i) => guesses.classIndex[i] === truth.get(`${c.projectId}/${id}`) && guesses.confidence[i] >= 0.9);
          return right.length / c.queryIds.length;
        };
        resolve(cycles.result.map((c) => ({
          projectId: c.projectId, index: c.index, labeled: c.labeledCount, testAccuracy: c.metrics.testAccuracy,
          rankingAccuracy: c.metrics.rankingAccuracy, rankingLoss: c.metrics.testRankingLoss,
          trainSeconds: c.trainSeconds, scoreSeconds: c.scoreSeconds, queryStrategy: c.queryStrategy ?? null,
          queryAlreadyRight: alreadyRight(c),
        })));
      };
    };
  }));
}

/**
 * Runs `rounds` cycles of one strategy with `settings` (the seed, and any change from the shipped
 * ones) in a fresh profile and returns its rounds in
 * the shape of the race's (plus the strategy that chose each query, which the entropy fallback
 * can change). `cycleSeconds` is the wall time from Train to the stored cycle.
 */
export async function runInteractiveLane(browser, url, { backend, strategy, rounds, preset, settings, initialSize, queryK, dataDir, log }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await openDemo(page, url, backend);
    if (dataDir) await importIdxDataset(page, dataDir, basename(dataDir));
    if (preset) await choosePreset(page, preset);
    await applySettings(page, settings);
    await page.getByTestId('tab-label').click();
    await page.getByTestId('strategy').selectOption(strategy);
    await page.getByTestId('draw-initial').click();
    await page.getByTestId('oracle').check();
    const seconds = [];
    for (let round = 1; round <= rounds; round++) {
      // The query of the last cycle, all answered: the counts say so, thousands grouped as the page writes them
      // (the grid may still show the old one).
      await page.getByTestId('counts').filter({ hasText: `${(initialSize + (round - 1) * queryK).toLocaleString('en-US')} labeled` }).waitFor({ timeout: 120_000 });
      await waitUntilQueryLabeled(page);
      seconds.push(await trainCycle(page, round));
      log?.(`cycle ${round} of ${rounds} in ${seconds[round - 1].toFixed(1)} s`);
    }
    // A fresh profile: the cycles in the store are this lane's (of the one project trained).
    const cycles = await readCycles(page);
    const trained = cycles[cycles.length - 1].projectId;
    return cycles.filter((c) => c.projectId === trained).sort((a, b) => a.index - b.index)
      .map(({ projectId: _, index: __, ...round }, i) => ({ ...round, cycleSeconds: seconds[i] }));
  } finally {
    await context.close();
  }
}
