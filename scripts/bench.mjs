// Speed of lossloop's default network per backend, in headless Chromium, side by side in one run:
//  - on the bench page (bench.html, a Web Worker as in real training): training step median and
//    samples per second at batch 64, scoring samples per second, readbacks per training epoch, and
//    the tensor count over three whole cycles;
//  - in the real app: main-thread long tasks and the page's peak JS heap during one cycle.
//
//   npm run bench -- --backend webgpu [--out DIR]
//   npm run bench -- --backends webgpu,webgl,wasm,cpu [--preset quick] [--batch 64] [--steps 5]
//       [--score 512] [--epoch-steps 8] [--cycles 3] [--cycle-preset test] [--out DIR]
//
// A backend may carry tfjs flags to compare variants in the same run, e.g.
//   --backends webgpu,webgpu+WEBGPU_CONV_SEPARATE_IM2COL_SHADER=false
//
// Writes DIR/bench.json (default bench-out/) and prints a Markdown table. The figures belong to
// the device they ran on: the table names each adapter.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, parseArgs, startPreview } from './app-session.mjs';
import { measureAppCycle } from './bench/appCycle.mjs';

const args = parseArgs(process.argv.slice(2));
const backends = (args.backends ?? args.backend ?? 'webgpu,webgl,wasm,cpu').split(',');
const query = new URLSearchParams({
  preset: args.preset ?? 'quick', batch: args.batch ?? '64', steps: args.steps ?? '5', score: args.score ?? '512',
  epochSteps: args['epoch-steps'] ?? '8', cycles: args.cycles ?? '3',
});
const cyclePreset = args['cycle-preset'] ?? 'test';
const outDir = args.out ?? 'bench-out';

const server = await startPreview(Number(args.port ?? 4180));
const browser = await launchBrowser();
const results = [];
for (const requested of backends) {
  const [backend, ...flags] = requested.split('+');
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || /WGSL|validation/i.test(message.text())) console.error(`[${backend}] ${message.text()}`);
  });
  await page.goto(`${server.url}bench.html?backend=${backend}&flags=${flags.join(',')}&${query}`);
  const handle = await page.waitForFunction(() => window.benchResult, null, { timeout: 3 * 60 * 60_000, polling: 1000 });
  const result = await handle.jsonValue();
  await page.close();
  if (result.type === 'error') {
    console.log(`${requested}: ${result.message}`);
    results.push({ requested, error: result.message });
    continue;
  }
  // A fallback measures another backend: say so rather than file it under the one asked for.
  if (result.backend.name !== backend) console.log(`${requested}: ran on ${result.backend.name} instead`);
  const row = {
    requested,
    backend: result.backend.name,
    adapter: result.backend.description,
    warnings: result.backend.warnings,
    userAgent: result.userAgent,
    ...result.result,
    appCycle: flags.length === 0 ? await measureAppCycle(browser, server.url, backend, cyclePreset) : null,
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
await browser.close();
server.stop();

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bench.json'), JSON.stringify({ query: Object.fromEntries(query), cyclePreset, results }, null, 2));
console.log(`\nnode scripts/bench.mjs ${process.argv.slice(2).join(' ')} (wrote ${join(outDir, 'bench.json')}):\n`);
console.log('| backend | adapter | train step median (ms) | train samples/s | score samples/s | readbacks per epoch | long tasks in a cycle (ms) | tensors after 3 cycles | peak JS heap (MB) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  if (r.error) {
    console.log(`| ${r.requested} | ${r.error} | | | | | | | |`);
    continue;
  }
  const cycle = r.appCycle;
  console.log(`| ${r.requested === r.backend ? r.backend : `${r.requested} (ran on ${r.backend})`} | ${r.adapter} | ${r.medianStepMillis.toFixed(0)} | ${r.trainSamplesPerSecond.toFixed(1)} | ${r.scoreSamplesPerSecond.toFixed(1)} | ${r.readbacksPerEpoch} (${r.epochSteps} steps) | ${cycle ? `${cycle.longTaskMillis.toFixed(0)} (${cycle.longTaskCount} tasks)` : '–'} | ${r.tensorGrowthOverCycles >= 0 ? '+' : ''}${r.tensorGrowthOverCycles} | ${cycle ? cycle.peakJsHeapMB.toFixed(1) : '–'} |`);
}
