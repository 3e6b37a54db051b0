// Times one demo cycle of lossloop per backend, in headless Chromium, through the real UI:
// fresh profile, demo data, the chosen preset, simulated oracle, Train, until the cycle is stored.
//
//   node scripts/time-demo-cycle.mjs [--backends webgpu,webgl,cpu] [--preset demo|tiny|paper]
//
// Needs a built app (`npm run build`); starts `vite preview` itself. Prints one line per backend
// and a Markdown table. Figures depend on the device: the table names the adapter each ran on.

import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { findBrowser } from './find-browser.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const backends = (args.backends ?? 'webgpu,webgl,cpu').split(',');
const preset = args.preset ?? 'demo';
const port = 4178;
const base = `http://127.0.0.1:${port}/`;

const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
const stopServer = () => server.kill();
process.on('exit', stopServer);
for (let tries = 0; ; tries++) {
  try {
    if ((await fetch(base)).ok) break;
  } catch {
    if (tries > 100) throw new Error('vite preview did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const browserPath = findBrowser()?.path;
if (!browserPath) throw new Error('No browser found: run node scripts/ensure-browser.mjs');
const browser = await chromium.launch({
  executablePath: browserPath,
  args: ['--enable-unsafe-webgpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const rows = [];
for (const backend of backends) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}?backend=${backend}`);
  await page.getByTestId('draw-initial').waitFor({ timeout: 120_000 });
  await page.waitForSelector(`[data-testid=backend][data-backend="${backend}"]`, { timeout: 60_000 });
  const adapter = (await page.getByTestId('backend').locator('.name').textContent())?.trim();
  await page.getByTestId('preset').selectOption(preset);
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await page.waitForFunction(() => /(\d+) of \1 labeled/.test(document.querySelector('[data-testid=query-progress]')?.textContent ?? ''));
  const started = Date.now();
  await page.getByTestId('train').click();
  await page.waitForSelector('[data-testid=cycle-chart][data-points="1"]', { timeout: 60 * 60_000 });
  const wallSeconds = (Date.now() - started) / 1000;
  const cells = await page.getByTestId('cycle-table').locator('tbody tr td').allTextContents();
  const row = { backend, adapter, labels: cells[1], accuracy: cells[2], trainSeconds: cells[6], scoreSeconds: cells[7], wallSeconds: wallSeconds.toFixed(1) };
  console.log(JSON.stringify(row));
  rows.push(row);
  await context.close();
}
await browser.close();

console.log(`\nOne "${preset}" cycle per backend (node scripts/time-demo-cycle.mjs --preset ${preset}):\n`);
console.log('| backend | adapter | labels | test accuracy | train s | score s | whole cycle s |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.backend} | ${r.adapter} | ${r.labels} | ${r.accuracy} | ${r.trainSeconds} | ${r.scoreSeconds} | ${r.wallSeconds} |`);
stopServer();
