// Speed of lossloop's default network per backend, measured in headless Chromium on the bench page
// (bench.html, a Web Worker as in real training), side by side in one run.
//
//   npm run build && node scripts/bench.mjs [--backends webgpu,webgl,wasm,cpu] [--preset demo] [--batch 64] [--steps 5] [--score 512] [--out DIR]
//
// A backend may carry tfjs flags to compare variants in the same run, e.g.
//   --backends webgpu,webgpu+WEBGPU_CONV_SEPARATE_IM2COL_SHADER=false
//
// Writes DIR/bench.json (default bench-out/) and prints a Markdown table. The figures belong to
// the device they ran on: the table names each adapter.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, parseArgs, startPreview } from './app-session.mjs';

const args = parseArgs(process.argv.slice(2));
const backends = (args.backends ?? 'webgpu,webgl,wasm,cpu').split(',');
const query = new URLSearchParams({ preset: args.preset ?? 'demo', batch: args.batch ?? '64', steps: args.steps ?? '5', score: args.score ?? '512' });
const outDir = args.out ?? 'bench-out';

const server = await startPreview(4180);
const browser = await launchBrowser();
const results = [];
for (const requested of backends) {
  const [backend, ...flags] = requested.split('+');
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || /WGSL|validation/i.test(message.text())) console.error(`[${backend}] ${message.text()}`);
  });
  await page.goto(`${server.url}bench.html?backend=${backend}&flags=${flags.join(',')}&${query}`);
  const handle = await page.waitForFunction(() => (window).benchResult, null, { timeout: 60 * 60_000, polling: 1000 });
  const result = await handle.jsonValue();
  await page.close();
  if (result.type === 'error') {
    console.log(`${requested}: ${result.message}`);
    results.push({ requested, error: result.message });
    continue;
  }
  const row = {
    requested,
    backend: result.backend.name,
    adapter: result.backend.description,
    warnings: result.backend.warnings,
    ...result.result,
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
await browser.close();
server.stop();

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bench.json'), JSON.stringify({ query: Object.fromEntries(query), results }, null, 2));
console.log(`\nnode scripts/bench.mjs --preset ${query.get('preset')} --batch ${query.get('batch')} (wrote ${join(outDir, 'bench.json')}):\n`);
console.log('| requested | ran on | adapter | train step median (ms) | train samples/s | score samples/s |');
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  if (r.error) console.log(`| ${r.requested} | – | ${r.error} | | | |`);
  else console.log(`| ${r.requested} | ${r.backend} | ${r.adapter} | ${r.medianStepMillis.toFixed(0)} | ${r.trainSamplesPerSecond.toFixed(1)} | ${r.scoreSamplesPerSecond.toFixed(1)} |`);
}
