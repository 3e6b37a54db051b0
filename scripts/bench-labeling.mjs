// Labeling at keyboard speed, in headless Chromium on the built app: for a project with a
// 1,000-image pool and one with 60,000 (Fashion-MNIST subsets, imported through the IDX import),
// class keys pressed at 5, 10 and 20 a second over 100 cards each, then Enter, and at 10 and 20 a
// second again with the page's CPU slowed 4x (Chrome DevTools Protocol). Per run: keys a second
// sustained, acknowledgement latency (key → the card shows its stored label), wrong labels, labels
// the cycle trained on against labels given, and the transactions used. Per pool: the write time
// of one label alone, and what durability 'strict' costs beside 'relaxed'.
//
//   npm run bench:labeling [-- --source /usr/share/datasets/fashion-mnist] [--port 4185] [--out bench-out]
//
// The cycles between runs train on WebAssembly (?backend=wasm) with the test sizes: they are not
// what is measured, only what Enter starts. Writes DIR/labeling.json and prints Markdown tables.
// Exits non-zero when any label is wrong or a cycle did not train on every label given.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { BROWSER_ARGS, TEST_SIZES, openDemo, parseArgs, startPreview } from './app-session.mjs';
import { findBrowser } from './find-browser.mjs';
import { applySettings, importIdxDataset } from './experiment/drive.mjs';
import { labelAtRate, labelOneAtATime, labelWrites } from './labeling/keyDriver.mjs';
import { checkLabels } from './labeling/labelCheck.mjs';
import { openProjectId, readLabelStore } from './labeling/labelStore.mjs';
import { quantile, runFigures } from './labeling/runFigures.mjs';
import { durabilityCost } from './labeling/durabilityCost.mjs';
import { FASHION_MNIST_INSTALL, hasIdxSet, writeIdxSubset } from './labeling/idxSubset.mjs';
import { runsTable, writesTable } from './labeling/report.mjs';

const args = parseArgs(process.argv.slice(2));
const source = args.source ?? '/usr/share/datasets/fashion-mnist';
const outDir = args.out ?? 'bench-out';
const BACKEND = 'wasm';
const POOL_SIZES = [1_000, 60_000];
/** Test images imported with each pool: the cycles measure TEST_SIZES.testSize of them. */
const TEST_IMAGES = 500;
const CARDS_PER_RUN = 100;
const RUNS = [{ rate: 5, throttle: 1 }, { rate: 10, throttle: 1 }, { rate: 20, throttle: 1 }, { rate: 10, throttle: 4 }, { rate: 20, throttle: 4 }];
const SINGLE_WRITES = 30;
const DURABILITY_TRANSACTIONS = 50;
/** The test sizes, with a query of 100 cards (the initial set and each next one) so that each run labels 100. */
const SIZES = { ...TEST_SIZES, initialSize: CARDS_PER_RUN, queryK: CARDS_PER_RUN, subsetM: 2 * CARDS_PER_RUN };
const CYCLE_TIMEOUT_MS = 10 * 60_000;

if (!hasIdxSet(source)) {
  console.error(FASHION_MNIST_INSTALL);
  process.exit(1);
}

/** Waits for the notice of cycle `index`, or fails with the problem the page shows instead. */
async function waitForCycle(page, index) {
  await Promise.race([
    page.getByTestId('notice').filter({ hasText: `Cycle ${index} is done.` }).waitFor({ timeout: CYCLE_TIMEOUT_MS }),
    page.getByTestId('problem').waitFor({ timeout: CYCLE_TIMEOUT_MS }).then(async () => {
      throw new Error(`The app reported: ${await page.getByTestId('problem').textContent()}`);
    }),
  ]);
}

/** One run: 100 keys at `rate` with the CPU slowed `throttle` times, Enter at once, then the cycle it starts. */
async function keyboardRun(page, cdp, projectId, { rate, throttle }) {
  const cycle = (await readLabelStore(page, projectId)).cycles.length + 1;
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  let run;
  let check;
  try {
    run = await labelAtRate(page, { count: CARDS_PER_RUN, rate, enter: true });
    check = await checkLabels(page, projectId, run);
  } finally {
    // The cycle is not what is measured: it trains at full speed.
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  }
  const writes = await labelWrites(page, run.startedAt);
  await waitForCycle(page, cycle);
  const trainedOn = (await readLabelStore(page, projectId)).cycles.find((c) => c.index === cycle)?.labeledCount ?? null;
  const result = {
    rate, throttle, cycle, figures: runFigures(run),
    wrong: check.wrongCards.length + check.keysOnLabeledCards + check.missingKeys,
    wrongCards: check.wrongCards, keysOnLabeledCards: check.keysOnLabeledCards, missingKeys: check.missingKeys,
    labelsGiven: check.labeledPool, trainedOn,
    transactions: writes.length, labelsWritten: writes.reduce((sum, w) => sum + (w.labels ?? 0), 0),
    writes, presses: run.presses,
  };
  const { figures } = result;
  console.log(`  ${rate} keys/s, CPU ${throttle}x: ${figures.sustainedKeysPerSecond.toFixed(1)} sustained, ack p50 ${figures.ackMs.p50?.toFixed(1)} ms, `
    + `wrong ${result.wrong}, trained on ${trainedOn} of ${result.labelsGiven}, ${result.transactions} transactions`);
  return result;
}

/** The write time of one label: keys pressed one at a time, each after the last label showed. */
async function singleLabelWrites(page, projectId) {
  const run = await labelOneAtATime(page, SINGLE_WRITES);
  const check = await checkLabels(page, projectId, run);
  const ms = (await labelWrites(page, run.startedAt)).filter((w) => w.labels === 1).map((w) => w.ms);
  return { transactions: ms.length, medianMs: quantile(ms, 0.5), p95Ms: quantile(ms, 0.95), wrong: check.wrongCards.length + check.keysOnLabeledCards, ms };
}

/** Everything measured on one pool size, in a fresh browser profile in `profileDir` (its own IndexedDB, on disk). */
async function measurePool(url, poolSize, dataDir, profileDir) {
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: browserPath, args: BROWSER_ARGS, viewport: { width: 1280, height: 900 } });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await openDemo(page, url, BACKEND);
    const started = Date.now();
    await importIdxDataset(page, dataDir, `Fashion-MNIST, ${poolSize.toLocaleString('en-US')} pool images`);
    console.log(`${poolSize.toLocaleString('en-US')} pool images imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await applySettings(page, SIZES);
    await page.getByTestId('tab-label').click();
    await page.getByTestId('draw-initial').click();
    await page.getByTestId('query-card').nth(CARDS_PER_RUN - 1).waitFor();
    const projectId = await openProjectId(page);
    const cdp = await context.newCDPSession(page);
    const runs = [];
    for (const setup of RUNS) runs.push(await keyboardRun(page, cdp, projectId, setup));
    const singleWrites = await singleLabelWrites(page, projectId);
    const durability = await durabilityCost(page, DURABILITY_TRANSACTIONS);
    const device = await page.evaluate(() => ({ userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency }));
    return { poolSize, runs, singleWrites, durability, device };
  } finally {
    await context.close();
  }
}

const browserPath = findBrowser()?.path;
if (!browserPath) throw new Error('No Chrome or Chromium found: run `node scripts/ensure-browser.mjs`');
// Under DIR rather than the temp folder, which is often in memory (tmpfs): the profiles' writes must reach a disk.
mkdirSync(outDir, { recursive: true });
const workRoot = mkdtempSync(join(outDir, 'labeling-work-'));
process.on('exit', () => rmSync(workRoot, { recursive: true, force: true }));
const server = await startPreview(Number(args.port ?? 4185));
const pools = [];
try {
  for (const poolSize of POOL_SIZES) {
    const dataDir = writeIdxSubset(source, join(workRoot, `data-${poolSize}`), poolSize, TEST_IMAGES);
    pools.push(await measurePool(server.url, poolSize, dataDir, join(workRoot, `profile-${poolSize}`)));
  }
} finally {
  server.stop();
}

const { device } = pools[0];
const [small, large] = pools;
const writeRatio = large.singleWrites.medianMs / small.singleWrites.medianMs;
const results = {
  date: new Date().toISOString(), backend: BACKEND, settings: SIZES,
  device: { ...device, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length },
  pools, writeRatio60kTo1k: writeRatio,
};
writeFileSync(join(outDir, 'labeling.json'), `${JSON.stringify(results, null, 1)}\n`);

console.log(`\nDevice: ${device.userAgent}; ${device.hardwareConcurrency} logical cores (${results.device.cpu}).`);
console.log(`Cycles between runs on ${BACKEND} with the test sizes (initial set and query of ${CARDS_PER_RUN}); CPU "4x slower" is Emulation.setCPUThrottlingRate 4 on the page.\n`);
console.log(runsTable(pools));
console.log('');
console.log(writesTable(pools));
console.log(`\nOne-label write time, ${large.poolSize.toLocaleString('en-US')} pool over ${small.poolSize.toLocaleString('en-US')}: ${writeRatio.toFixed(2)}x (medians of ${SINGLE_WRITES}).`);
console.log(`Durability: medians of ${DURABILITY_TRANSACTIONS} one-record transactions each, alternating, in a scratch database of a browser profile on disk.`);
console.log(`Wrote ${join(outDir, 'labeling.json')}`);

const failures = pools.flatMap(({ poolSize, runs, singleWrites }) => [
  ...runs.filter((run) => run.wrong > 0 || run.trainedOn !== run.labelsGiven)
    .map((run) => `${poolSize} pool, ${run.rate} keys/s, CPU ${run.throttle}x: ${run.wrong} wrong, trained on ${run.trainedOn} of ${run.labelsGiven} labels`),
  ...(singleWrites.wrong > 0 ? [`${poolSize} pool, one label at a time: ${singleWrites.wrong} wrong`] : []),
]);
if (failures.length > 0) {
  console.error(`\nLabels lost or wrong:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
