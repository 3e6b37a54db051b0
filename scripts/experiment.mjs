// The experiment runner: reproduces docs/method.md's comparison of strategies by driving the real app
// in headless Chromium (the code path a user has: the Settings tab, the strategy race with the
// simulated oracle), then writes DIR/results.json, results.csv, summary.md and accuracy.png.
//
//   npm run build && node scripts/experiment.mjs --protocol defaults|smoke|fmnist-quick|fmnist-paper
//       [--strategies shipped,learning-loss,random,entropy,core-set] [--trials N] [--backend webgpu|webgl|wasm|cpu]
//       [--out DIR] [--data /usr/share/datasets/fashion-mnist] [--rounds N] [--set name=value,...]
//       [--preset NAME] [--lanes N] [--report-only]
//
// `shipped` names the strategy a new project of the preset starts with, read from the app, so that a
// comparison need not know which one it is.
//
// Every trial has its own seed (1, 2, ...) and races each strategy on its own: all strategies of a
// trial start from the same initial set and seed. `npm run experiment -- ...` builds first.
//
// DIR/results.json is written after every strategy of every trial. The same command run again goes on from it:
// every (trial, strategy) with all its rounds is kept and skipped (scripts/experiment/resume.mjs),
// so a run of hours can finish across several sittings.
//
// `defaults` runs the preset a new project starts with, exactly as shipped (only the seed and the
// strategy are set), in the workspace as a new user does (scripts/experiment/interactive.mjs), on
// the demo set or with --data DIR on any IDX files named like Fashion-MNIST's. `--set
// reinitialize=true` changes settings from the shipped ones, to measure one choice against another;
// `--preset NAME` runs another preset of the menu instead of the default.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { launchBrowser, parseArgs, startPreview } from './app-session.mjs';
import { FMNIST_CLASS_NAMES, PROTOCOLS } from './experiment/protocols.mjs';
import { applySettings, choosePreset, importIdxDataset, readSettings, runRace } from './experiment/drive.mjs';
import { runInteractiveLane } from './experiment/interactive.mjs';
import { accuracySvg, addTrial, parseRaceCsv, resultsCsv, summaryMarkdown } from './experiment/report.mjs';
import { missingStrategies, resumeFrom } from './experiment/resume.mjs';
import { lanesToRun, runSideBySide } from './experiment/lanes.mjs';
import { loadReference } from './experiment/reference.mjs';

const args = parseArgs(process.argv.slice(2));
const protocolName = args.protocol ?? 'smoke';
const protocol = PROTOCOLS[protocolName];
if (!protocol) throw new Error(`Unknown protocol ${protocolName}: choose one of ${Object.keys(PROTOCOLS).join(', ')}`);
let strategies = (args.strategies ?? 'learning-loss,random,entropy,core-set').split(',');
const trials = Number(args.trials ?? 1);
// Lanes run side by side in separate browser contexts (scripts/experiment/lanes.mjs).
const sideBySide = Number(args.lanes ?? 1);
const backend = args.backend ?? 'webgpu';
const outDir = args.out ?? join('experiments', `${protocolName}-${backend}`);
const dataDir = args.data ?? '/usr/share/datasets/fashion-mnist';
// The demo set, unless other data is named (the defaults protocol runs on either).
const importsData = protocol.data === 'fmnist' || (protocol.settings === null && args.data !== undefined);
const command = `npm run experiment -- ${process.argv.slice(2).join(' ')}`;
/** Settings changed on the command line (`--set reinitialize=true,minSteps=600`), typed as the Settings tab takes them. */
const overrides = Object.fromEntries((args.set ?? '').split(',').filter(Boolean).map((pair) => {
  const [name, text] = pair.split('=');
  const value = text === 'true' ? true : text === 'false' ? false : text.includes('/') ? text.split('/').map(Number)
    : Number.isFinite(Number(text)) ? Number(text) : text;
  return [name, value];
}));

const started = Date.now();
const log = (line) => console.log(`[${((Date.now() - started) / 60_000).toFixed(1)} min] ${line}`);
if (args['report-only'] !== undefined) {
  await writeReportsOnly();
  process.exit(0);
}
const server = await startPreview(Number(args.port ?? 4185));
const browser = await launchBrowser();
const page = await newWatchedPage();

try {
  const adapter = await openWorkspace(page);
  log(`backend ${backend}: ${adapter}`);

  // The defaults protocol types nothing: it reads what a new project starts with (or the preset named).
  if (args.preset) await choosePreset(page, args.preset);
  const settings = { ...(protocol.settings ?? await readSettings(page)), ...overrides };
  const shipped = await shippedStrategy(page);
  strategies = [...new Set(strategies.map((s) => (s === 'shipped' ? shipped : s)))];
  // --rounds N cuts a run short, for quick checks.
  const rounds = Number(args.rounds ?? protocol.rounds ?? 1 + Math.ceil((protocol.minLabels - settings.initialSize) / settings.queryK));
  const loop = protocol.loop ?? 'race';
  const results = resumeFrom(outDir, { protocol: protocolName, backend, adapter, data: importsData ? dataDir : 'demo', loop, settings, rounds, shippedStrategy: shipped, strategies: {} });
  const lanes = lanesToRun(trials, strategies, (seed, wanted) => missingStrategies(results, seed, wanted));
  for (let seed = 1; seed <= trials; seed++) {
    if (!lanes.some((lane) => lane.seed === seed)) log(`trial ${seed} of ${trials} (seed ${seed}): already in ${outDir}/results.json`);
  }
  const how = loop === 'race' ? 'as strategy races' : 'in the workspace, each in a fresh profile';
  log(`${lanes.length} lanes to run, ${rounds} round${rounds === 1 ? '' : 's'} each, ${how}, ${Math.min(sideBySide, lanes.length)} side by side`);
  // One lane at a time per worker, saved as soon as it ends: a run of hours loses at most one lane
  // per worker when it is stopped. The seed fixes the initial set, so every lane of a trial starts
  // from the same one, whichever worker runs it.
  await runSideBySide(lanes, sideBySide, async (index) => {
    // An interactive lane opens a fresh profile of its own; a race lane reuses its worker's page.
    if (loop !== 'race') return null;
    if (index === 0) return page;
    const extra = await newWatchedPage();
    await openWorkspace(extra);
    return extra;
  }, async ({ seed, strategy }, lanePage) => {
    const laneLog = (line) => log(`[${strategy}, seed ${seed}] ${line.trim()}`);
    laneLog('started');
    if (loop === 'race') {
      try {
        await applySettings(lanePage, { ...protocol.settings, ...overrides, seed });
        addTrial(results, seed, parseRaceCsv(await runRace(lanePage, [strategy], rounds, { log: laneLog })));
      } catch (error) {
        // What the page showed when the lane failed: the error alone rarely says why it stopped.
        const shot = join(outDir, `failed-${strategy}-seed${seed}.png`);
        laneLog(`failed: ${error.message}`);
        await lanePage.screenshot({ path: shot, fullPage: true }).then(() => laneLog(`the page is in ${shot}`), () => {});
        throw error;
      }
    } else {
      addTrial(results, seed, {
        [strategy]: await runInteractiveLane(browser, server.url, {
          backend, strategy, rounds, preset: args.preset, settings: { ...overrides, seed }, initialSize: settings.initialSize, queryK: settings.queryK,
          dataDir: importsData ? dataDir : undefined, log: laneLog,
        }),
      });
    }
    writeReports(results);
    laneLog('saved');
  });
  checkComplete(results);
  await writePng(results);
  log(`wrote ${outDir}/results.json, results.csv, summary.md, accuracy.png`);
} finally {
  await browser.close();
  server.stop();
}

/** A page in a browser context of its own (its own IndexedDB), whose errors reach the log. */
async function newWatchedPage() {
  const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // A click or a fill waits for its element at most this long (Playwright's default is forever):
  // a control that stays disabled fails the lane with the element's name instead of hanging.
  fresh.setDefaultTimeout(10 * 60_000);
  fresh.on('pageerror', (error) => log(`page error: ${error.message}`));
  fresh.on('console', (message) => {
    if (message.type() === 'error' || /WGSL|validation|device lost/i.test(message.text())) log(`console: ${message.text()}`);
  });
  return fresh;
}

/** Opens the app on the backend asked for, checks it runs there, imports the data; returns the adapter's name. */
async function openWorkspace(target) {
  await target.goto(`${server.url}?backend=${backend}`);
  await target.getByTestId('draw-initial').waitFor({ timeout: 10 * 60_000 });
  // The badge names the backend once its start-up check has passed.
  await target.waitForFunction(() => document.querySelector('[data-testid=backend]')?.getAttribute('data-backend'), null, { timeout: 5 * 60_000 });
  const badge = target.getByTestId('backend');
  const ranOn = await badge.getAttribute('data-backend');
  // A silent fallback would compare the wrong thing: the backend must be the one asked for.
  if (ranOn !== backend) throw new Error(`Asked for ${backend}, but the app runs on ${ranOn}.`);
  if (importsData) {
    log(`importing the IDX files of ${dataDir}`);
    await importIdxDataset(target, dataDir, protocol.data === 'fmnist' ? 'Fashion-MNIST full' : basename(dataDir));
  }
  return (await badge.locator('.name').textContent()).trim();
}

/** The strategy a new project of the chosen preset starts with, as its Label tab shows it. */
async function shippedStrategy(target) {
  await target.getByTestId('tab-label').click();
  return target.getByTestId('strategy').inputValue();
}

/** Every strategy has every round of every trial, each with a test accuracy: else the run failed. */
function checkComplete(results) {
  for (const strategy of strategies) {
    const trialsDone = results.strategies[strategy]?.trials ?? [];
    const complete = trialsDone.length === trials && trialsDone.every((t) => t.rounds.length === results.rounds && t.rounds.every((r) => Number.isFinite(r.testAccuracy)));
    if (!complete) throw new Error(`${strategy} did not complete ${trials} trials of ${results.rounds} rounds.`);
  }
}

function writeReports(results, minutes = (Date.now() - started) / 60_000) {
  mkdirSync(outDir, { recursive: true });
  // The command that last added lanes, so that the reports can be written again from the file.
  if (minutes !== null) results.command = command;
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(outDir, 'results.csv'), resultsCsv(results));
  // The reference run's recipe is fmnist-reference's: only its curves are put beside the reference.
  const reference = results.protocol === 'fmnist-reference' ? loadReference() : null;
  writeFileSync(join(outDir, 'summary.md'), summaryMarkdown(results, results.command ?? '(not recorded: results.json predates it)', minutes, reference, {
    classNames: PROTOCOLS[results.protocol]?.data === 'fmnist' ? FMNIST_CLASS_NAMES : undefined,
  }));
}

/**
 * `--report-only --out DIR`: results.csv, summary.md and accuracy.png written again from
 * DIR/results.json (its protocol and backend included) with today's report code, running nothing
 * (the browser only draws the chart).
 */
async function writeReportsOnly() {
  const path = join(outDir, 'results.json');
  if (!existsSync(path)) throw new Error(`${path} does not exist: --report-only rewrites the reports of an earlier run.`);
  const results = JSON.parse(readFileSync(path, 'utf8'));
  writeReports(results, null);
  const chartBrowser = await launchBrowser();
  try {
    await writePng(results, chartBrowser);
  } finally {
    await chartBrowser.close();
  }
  log(`wrote ${outDir}/results.csv, summary.md, accuracy.png from results.json`);
}

async function writePng(results, chartBrowser = browser) {
  const chart = await chartBrowser.newPage({ viewport: { width: 900, height: 520 } });
  await chart.setContent(accuracySvg(results, `${results.protocol} on ${results.backend}: test accuracy against labels`));
  await chart.locator('svg').screenshot({ path: join(outDir, 'accuracy.png') });
  await chart.close();
}
