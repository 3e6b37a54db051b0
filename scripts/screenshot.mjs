// Takes the README's screenshot: the demo after a few cycles with the simulated oracle. The
// defaults make the picture the README's caption describes: three Quick cycles on WebAssembly.
//
//   npm run build && node scripts/screenshot.mjs [--backend wasm] [--preset quick] [--cycles 3] [--out docs/screenshot.png] [--port 4179]

import { launchBrowser, openDemo, parseArgs, startPreview, startWithOracle, trainCycle } from './app-session.mjs';

const args = parseArgs(process.argv.slice(2));
const cycles = Number(args.cycles ?? 3);
const out = args.out ?? 'docs/screenshot.png';

const server = await startPreview(Number(args.port ?? 4179));
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
const adapter = await openDemo(page, server.url, args.backend ?? 'wasm');
await startWithOracle(page, args.preset ?? 'quick');
for (let cycle = 1; cycle <= cycles; cycle++) {
  // The last query is shown as a person meets it: unlabeled, waiting.
  if (cycle === cycles) await page.getByTestId('oracle').uncheck();
  console.log(`cycle ${cycle}: ${(await trainCycle(page, cycle)).toFixed(1)} s on ${adapter}`);
}
await page.waitForTimeout(500);
// Focusing the first card can scroll the page: show it from the top, header included.
await page.evaluate(() => window.scrollTo(0, 0));
await page.screenshot({ path: out });
console.log(`wrote ${out}`);
await browser.close();
server.stop();
