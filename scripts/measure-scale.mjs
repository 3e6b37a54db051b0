// Imports the full Fashion-MNIST (60,000 pool + 10,000 test images, from Debian's
// dataset-fashion-mnist) through the app's IDX import, in headless Chromium, and measures the
// import time, the storage used, and the tab's JS heap (peak, sampled every 250 ms). Then checks
// that the grid, a training cycle with scoring, and the labels export still work on that pool.
//
//   npm run build && node scripts/measure-scale.mjs [--source /usr/share/datasets/fashion-mnist] [--backend wasm]

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, parseArgs, startPreview } from './app-session.mjs';

const args = parseArgs(process.argv.slice(2));
const source = args.source ?? '/usr/share/datasets/fashion-mnist';
const backend = args.backend ?? 'wasm';
const file = (name) => {
  const path = join(source, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install dataset-fashion-mnist`);
  return path;
};

const server = await startPreview(4182);
const browser = await launchBrowser();
const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
let peakHeap = 0;
const sampler = setInterval(async () => {
  try {
    const { metrics } = await cdp.send('Performance.getMetrics');
    peakHeap = Math.max(peakHeap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
  } catch { /* the page is between documents */ }
}, 250);

await page.goto(`${server.url}?backend=${backend}`);
await page.getByTestId('draw-initial').waitFor({ timeout: 120_000 });
const before = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage));
await page.getByTestId('new-project').click();
await page.getByTestId('import-kind-idx').click();
await page.getByTestId('import-name').fill('Fashion-MNIST full');
await page.getByTestId('import-pool-images').setInputFiles(file('train-images-idx3-ubyte.gz'));
await page.getByTestId('import-pool-labels').setInputFiles(file('train-labels-idx1-ubyte.gz'));
await page.getByTestId('import-test-images').setInputFiles(file('t10k-images-idx3-ubyte.gz'));
await page.getByTestId('import-test-labels').setInputFiles(file('t10k-labels-idx1-ubyte.gz'));
const started = Date.now();
await page.getByTestId('import-start').click();
await page.getByTestId('notice').filter({ hasText: 'Imported' }).waitFor({ timeout: 30 * 60_000 });
const importSeconds = (Date.now() - started) / 1000;
const after = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage));
const importPeakHeap = peakHeap;

// The pool works: a query grid, one cycle (scoring a subset of the 60,000), the labels export.
await page.getByTestId('preset').selectOption('demo');
await page.getByTestId('draw-initial').click();
await page.getByTestId('oracle').check();
await page.waitForFunction(() => /(\d+) of \1 labeled/.test(document.querySelector('[data-testid=query-progress]')?.textContent ?? ''));
const cycleStarted = Date.now();
await page.getByTestId('train').click();
await page.waitForSelector('[data-testid=cycle-chart][data-points="1"]', { timeout: 60 * 60_000 });
const cycleSeconds = (Date.now() - cycleStarted) / 1000;
await page.getByTestId('tab-data').click();
const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-labels-csv').click()]);
const csvBytes = statSync(await download.path()).size;
clearInterval(sampler);
const counts = await page.getByTestId('counts').textContent();
await browser.close();
server.stop();

const mb = (bytes) => (bytes / 1e6).toFixed(1);
console.log(`backend: ${backend}`);
console.log(`import of 60,000 + 10,000 images: ${importSeconds.toFixed(1)} s`);
console.log(`storage used by the imported project: ${mb(after - before)} MB (raw pixels: 54.9 MB)`);
console.log(`peak JS heap of the tab during the import: ${mb(importPeakHeap)} MB; over the whole run: ${mb(peakHeap)} MB`);
console.log(`one demo cycle on the full pool (100 labels, 500 scored, 1,000 test images): ${cycleSeconds.toFixed(1)} s`);
console.log(`after the cycle: ${counts?.trim()}; labels CSV export: ${csvBytes} bytes`);
