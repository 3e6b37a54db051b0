// Shared by the scripts that drive the built app in headless Chromium (timings, screenshots):
// serve dist/ with vite preview, launch the browser with WebGPU enabled, and walk the UI.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findBrowser } from './find-browser.mjs';
import { applySettings } from './experiment/drive.mjs';

export const BROWSER_ARGS = [
  '--enable-unsafe-webgpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** `--name value` pairs of the command line as an object; a `--flag` without a value is true. */
export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const value = argv[i + 1];
    args[argv[i].slice(2)] = value === undefined || value.startsWith('--') ? true : value;
  }
  return args;
}

const answers = (url) => fetch(url).then(() => true, () => false);

/** Serves the built app; resolves with its URL once it answers. */
export async function startPreview(port) {
  const url = `http://127.0.0.1:${port}/`;
  // Whatever already answers on the port would be measured instead of this build.
  if (await answers(url)) throw new Error(`Something already serves ${url} (a preview left running?): stop it, or pick another --port`);
  // vite itself rather than through npx: killing npx left its vite child serving the old build,
  // so a later run on the same port measured that build, not its own.
  const vite = join(process.cwd(), 'node_modules', 'vite', 'bin', 'vite.js');
  const server = spawn(process.execPath, [vite, 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
  process.on('exit', () => server.kill());
  // Ctrl+C or a kill ends a run of hours cleanly: Node skips 'exit' handlers on a signal unless
  // one is handled, and a preview left serving would answer the next run on this port.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) process.once(signal, () => process.exit(code));
  for (let tries = 0; ; tries++) {
    try {
      if ((await fetch(url)).ok) return { url, stop: () => server.kill() };
    } catch {
      if (tries > 150) throw new Error('vite preview did not start: run `npm run build` first');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function launchBrowser() {
  const found = findBrowser();
  if (!found) throw new Error('No Chrome or Chromium found: run `node scripts/ensure-browser.mjs`');
  return chromium.launch({ executablePath: found.path, args: BROWSER_ARGS });
}

/** Opens the app in a fresh context on `backend`, waits for the demo data, and returns the adapter name. */
export async function openDemo(page, url, backend) {
  await page.goto(`${url}?backend=${backend}`);
  await page.getByTestId('draw-initial').waitFor({ timeout: 120_000 });
  await page.waitForSelector(`[data-testid=backend][data-backend="${backend}"]`, { timeout: 60_000 });
  return (await page.getByTestId('backend').locator('.name').textContent())?.trim();
}

/**
 * Sizes that keep a cycle to seconds on software WebGPU: the smallest network, a few dozen images,
 * one epoch. Only the tests and the speed scripts use them; no preset offers them, because a model
 * this small does not learn.
 */
export const TEST_SIZES = {
  initialSize: 20, queryK: 8, subsetM: 24, epochs: 1, minSteps: 0, batchSize: 10,
  stageWidths: [4, 8], blocksPerStage: 1, headUnits: 8, testSize: 40, fallbackWhenAtChance: false,
};

/**
 * Picks a preset by name, or types the test sizes ('test'), draws the initial set and lets the
 * simulated oracle label it.
 */
export async function startWithOracle(page, preset) {
  if (preset === 'test') {
    await applySettings(page, TEST_SIZES);
    await page.getByTestId('tab-label').click();
  } else {
    await page.getByTestId('preset').selectOption(preset);
  }
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await waitUntilQueryLabeled(page);
}

/** Waits until every image of the open query has its label (the simulated oracle answers them). */
export async function waitUntilQueryLabeled(page) {
  await page.waitForFunction(() => /(\d+) of \1 labeled/.test(document.querySelector('[data-testid=query-progress]')?.textContent ?? ''));
}

/** Presses Train and waits until the chart holds `points` cycles; returns the wall time in seconds. */
export async function trainCycle(page, points) {
  const started = Date.now();
  await page.getByTestId('train').click();
  await page.waitForSelector(`[data-testid=cycle-chart][data-points="${points}"]`, { timeout: 60 * 60_000 });
  return (Date.now() - started) / 1000;
}

/**
 * Samples the page's JS heap (Chrome DevTools Protocol, every 250 ms) until stopped; `peakMB()`
 * is the largest seen. The page's own heap: a worker's is not included.
 */
export async function heapSampler(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peak = 0;
  const timer = setInterval(async () => {
    try {
      const { metrics } = await cdp.send('Performance.getMetrics');
      peak = Math.max(peak, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
    } catch { /* the page is between documents */ }
  }, 250);
  return { peakMB: () => peak / 1e6, stop: () => clearInterval(timer) };
}
