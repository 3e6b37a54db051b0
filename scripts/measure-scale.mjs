// Imports the full Fashion-MNIST (60,000 pool + 10,000 test images, from Debian's
// dataset-fashion-mnist) through the app's IDX import, in headless Chromium, and measures the
// import time, the storage used, and the tab's JS heap (peak, sampled every 250 ms). Then checks
// that the grid, a training cycle with scoring, and the labels export still work on that pool.
//
//   npm run build && node scripts/measure-scale.mjs [--source /usr/share/datasets/fashion-mnist] [--backend wasm]

import { statSync } from 'node:fs';
import { heapSampler, launchBrowser, parseArgs, startPreview } from './app-session.mjs';
import { importIdxDataset } from './experiment/drive.mjs';

const args = parseArgs(process.argv.slice(2));
const source = args.source ?? '/usr/share/datasets/fashion-mnist';
const backend = args.backend ?? 'wasm';

const server = await startPreview(4182);
const browser = await launchBrowser();
const page = await browser.newPage();
const heap = await heapSampler(page);

await page.goto(`${server.url}?backend=${backend}`);
await page.getByTestId('draw-initial').waitFor({ timeout: 120_000 });
const before = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage));
const started = Date.now();
await importIdxDataset(page, source);
const importSeconds = (Date.now() - started) / 1000;
const after = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage));
const importPeakHeap = heap.peakMB();

// The pool works: a query grid, one cycle (scoring a subset of the 60,000), the labels export.
await page.getByTestId('preset').selectOption('quick');
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
heap.stop();
const counts = await page.getByTestId('counts').textContent();
await browser.close();
server.stop();

const mb = (bytes) => (bytes / 1e6).toFixed(1);
console.log(`backend: ${backend}`);
console.log(`import of 60,000 + 10,000 images: ${importSeconds.toFixed(1)} s`);
console.log(`storage used by the imported project: ${mb(after - before)} MB (raw pixels: 54.9 MB)`);
console.log(`peak JS heap of the tab during the import: ${importPeakHeap.toFixed(1)} MB; over the whole run: ${heap.peakMB().toFixed(1)} MB`);
console.log(`one demo cycle on the full pool (100 labels, 500 scored, 1,000 test images): ${cycleSeconds.toFixed(1)} s`);
console.log(`after the cycle: ${counts?.trim()}; labels CSV export: ${csvBytes} bytes`);
