// Times one cycle of lossloop per backend, in headless Chromium, through the real UI: fresh
// profile, demo data, the chosen preset, simulated oracle, Train, until the cycle is stored.
//
//   npm run build && node scripts/time-demo-cycle.mjs [--backends webgpu,webgl,cpu] [--preset quick|paper|test]
//
// Prints one JSON line per backend, then a Markdown table. Figures depend on the device: the
// table names the adapter each backend ran on.

import { launchBrowser, openDemo, parseArgs, startPreview, startWithOracle, trainCycle } from './app-session.mjs';

const args = parseArgs(process.argv.slice(2));
const backends = (args.backends ?? 'webgpu,webgl,cpu').split(',');
const preset = args.preset ?? 'quick';

const server = await startPreview(4178);
const browser = await launchBrowser();
const rows = [];
for (const backend of backends) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const adapter = await openDemo(page, server.url, backend);
  await startWithOracle(page, preset);
  const wallSeconds = await trainCycle(page, 1);
  const cells = await page.getByTestId('cycle-table').locator('tbody tr td').allTextContents();
  const row = { backend, adapter, labels: cells[1], accuracy: cells[2], trainSeconds: cells[6], scoreSeconds: cells[7], wallSeconds: wallSeconds.toFixed(1) };
  console.log(JSON.stringify(row));
  rows.push(row);
  await context.close();
}
await browser.close();
server.stop();

console.log(`\nOne "${preset}" cycle per backend (node scripts/time-demo-cycle.mjs --preset ${preset}):\n`);
console.log('| backend | adapter | labels | test accuracy | train s | score s | whole cycle s |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.backend} | ${r.adapter} | ${r.labels} | ${r.accuracy} | ${r.trainSeconds} | ${r.scoreSeconds} | ${r.wallSeconds} |`);
