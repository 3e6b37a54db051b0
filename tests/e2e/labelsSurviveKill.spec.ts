import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { killBrowser, launchOnProfile, seededRandom, sendKill, sleep, type KillableBrowser } from './killableBrowser';
import { DB_NAME } from '../../src/lib/data/store/schema';

/**
 * A label shown is a label kept, even if the browser is killed. A card's data-label shows a class
 * only after the label's transaction completed with durability 'strict' (labelTransaction.ts,
 * labeling.svelte.ts), so every label a card showed before a SIGKILL must be in IndexedDB, with
 * that class, when the browser comes back on the same profile. Labels pressed but not yet shown
 * may or may not have been kept: nothing was promised for them.
 *
 * A SIGKILL ends the browser, not the operating system: whatever Chromium handed to the OS before
 * it died is kept with either durability. So this checks that a card shows a label only once its
 * transaction is written; what 'strict' adds (the flush to the disk itself) only shows when the
 * machine goes down, which a test here cannot do.
 */

/** The demo's class keys, class 0 to class 9. */
const CLASS_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
const DEMO_PROJECT_ID = 'demo';
const MIN_KILLS = 16;
/** Kills go on past MIN_KILLS until this many shown labels were checked (or MAX_KILLS is reached). */
const MIN_LABELS_CHECKED = 30;
const MAX_KILLS = 24;
/**
 * Key presses a round makes (a round killed on the first label shown stops there): a run uses some
 * 50 of the 100 cards of the demo's initial set, and each card gets one key.
 */
const KEYS_PER_ROUND = { min: 2, max: 5 };
/** Between key presses: sometimes faster than a transaction commits, sometimes slower. */
const KEY_GAP_MS = { min: 5, max: 150 };
const KILL_AFTER_LAST_KEY_MS = 50;
/** In a round killed on the first label shown, the longest wait for one after the last key. */
const FIRST_SHOWN_WAIT_MS = 2_000;
/** Name of the binding through which the page reports each label a card shows. */
const REPORT_SHOWN = 'reportShownLabel';

/**
 * When a round's kill comes; the rounds alternate.
 * - 'after-last-key': 0 to 50 ms after the last key press, drawn more often near 0 ms, while the
 *   last keys' transaction is still being written. A card that showed its label on the key press,
 *   before the write, fails here.
 * - 'on-first-shown': from inside the page's report of the round's first label shown, before
 *   anything more happens. A card that showed its label before the transaction completed (rather
 *   than before it was even started) fails here: the gap is a few milliseconds at most.
 */
type KillTiming = 'after-last-key' | 'on-first-shown';

// eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
test('every label a card showed is in IndexedDB after the browser is SIGKILLed mid-labeling', async ({}, testInfo) => {
  test.skip(process.platform === 'win32', 'kills a POSIX process group');
  test.setTimeout(5 * 60_000);
  const { baseURL, launchOptions } = testInfo.project.use;
  if (!baseURL || !launchOptions?.executablePath) throw new Error('playwright.config.ts names no baseURL or browser executable');
  // Labeling writes to IndexedDB only: WebAssembly spares the software-WebGPU start-up on each launch.
  const demoUrl = new URL('/?backend=wasm', baseURL).href;

  const seed = Number(process.env.LOSSLOOP_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
  testInfo.annotations.push({ type: 'seed', description: `LOSSLOOP_KILL_SEED=${seed}` });
  const random = seededRandom(seed);
  const between = ({ min, max }: { min: number; max: number }) => min + Math.floor(random() * (max - min + 1));

  /** sample id → the class its card showed, over the whole run */
  const shown = new Map<number, number>();
  /** the labels first shown in the current round */
  let shownThisRound = new Map<number, number>();
  /** in an 'on-first-shown' round: the kill is still to come */
  let killOnNextShown = false;
  /** cards that showed two classes: each key press goes to an open card, so this must not happen */
  const shownTwice: string[] = [];
  const lost: string[] = [];
  /** errors the pages reported: a kill must not leave the app anything to complain about on its next start */
  const pageErrors: string[] = [];
  let labelsChecked = 0;
  let kills = 0;

  const profileDir = await mkdtemp(join(tmpdir(), 'lossloop-kill-profile-'));
  let browser: KillableBrowser | null = null;
  /** Chromium on the profile, the demo open, every label a card shows from then on reported here. */
  const launch = async (): Promise<KillableBrowser> => {
    const launched = await launchOnProfile(profileDir, launchOptions);
    const launchNumber = kills + 1;
    launched.page.on('pageerror', (error) => pageErrors.push(`launch ${launchNumber}: ${error.stack ?? error.message}`));
    launched.page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`launch ${launchNumber}: console error: ${message.text()}`);
    });
    await launched.context.exposeBinding(REPORT_SHOWN, (_source, sampleId: number, classIndex: number) => {
      const before = shown.get(sampleId);
      if (before !== undefined && before !== classIndex) shownTwice.push(`sample ${sampleId} showed class ${before}, then ${classIndex}`);
      shown.set(sampleId, classIndex);
      if (before !== undefined) return;
      shownThisRound.set(sampleId, classIndex);
      if (killOnNextShown) {
        killOnNextShown = false;
        sendKill(launched);
      }
    });
    await launched.page.goto(demoUrl);
    return launched;
  };

  try {
    // First launch: the demo is stored (the slow part of the run) and its initial set drawn.
    browser = await launch();
    await expect(browser.page.getByTestId('draw-initial')).toBeVisible({ timeout: 180_000 });
    await expect(browser.page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
    await browser.page.getByTestId('draw-initial').click();
    await settledGrid(browser.page);
    const { createdAt: demoCreatedAt } = await readStore(browser.page, []);

    while (kills < MIN_KILLS || (labelsChecked < MIN_LABELS_CHECKED && kills < MAX_KILLS)) {
      const timing: KillTiming = kills % 2 === 0 ? 'after-last-key' : 'on-first-shown';
      const { labeled: labeledBefore, open } = await settledGrid(browser.page);
      const keys = Math.min(between(KEYS_PER_ROUND), open);
      expect(keys, 'open cards left in the initial set').toBeGreaterThan(0);
      shownThisRound = new Map();
      await reportShownLabels(browser.page);
      killOnNextShown = timing === 'on-first-shown';
      const killedOnShown = () => timing === 'on-first-shown' && !killOnNextShown;

      let pressed = 0;
      try {
        while (pressed < keys && !killedOnShown()) {
          if (pressed > 0) await sleep(between(KEY_GAP_MS));
          if (killedOnShown()) break;
          pressed++;
          await browser.page.keyboard.press(CLASS_KEYS[between({ min: 0, max: CLASS_KEYS.length - 1 })]);
        }
      } catch (error) {
        // A press the kill cut short; any other failure is the test's.
        if (!killedOnShown()) throw error;
      }
      let when: string;
      if (timing === 'after-last-key') {
        // Squared: half the kills come within the first 12 ms, while the last transaction is on its way.
        const delay = Math.floor(KILL_AFTER_LAST_KEY_MS * random() ** 2);
        await sleep(delay);
        when = `${delay} ms after the last key`;
      } else {
        const waitUntil = Date.now() + FIRST_SHOWN_WAIT_MS;
        while (!killedOnShown() && Date.now() < waitUntil) await sleep(5);
        when = killedOnShown() ? 'on the first label shown' : `with no label shown ${FIRST_SHOWN_WAIT_MS} ms after the last key`;
        killOnNextShown = false;
      }
      await killBrowser(browser);
      browser = null;
      kills++;

      browser = await launch();
      // The store first, as the kill left it, before the page shows (or fails to show) anything.
      const store = await readStore(browser.page, [...shown.keys()]);
      const missing = [...shown].flatMap(([id, classIndex]) =>
        store.labels.get(id) === classIndex ? [] : [`sample ${id} showed class ${classIndex}, IndexedDB holds ${store.labels.get(id) ?? 'no label'}`]);
      lost.push(...missing);
      labelsChecked += shownThisRound.size;
      const storeState = `after kill ${kills} ${when} (the demo project ${store.createdAt === demoCreatedAt ? 'as first stored' : 'stored anew'}, ` +
        `its open query ${store.openQuerySize === null ? 'gone' : `of ${store.openQuerySize} images`})`;
      // One loss fails the test: the rounds after it would only relabel the cards it reopened.
      expect(missing, `labels a card showed, not in IndexedDB ${storeState}`).toEqual([]);
      expect(store.createdAt, `the demo project, ${storeState}`).toBe(demoCreatedAt);
      const { labeled: labeledAfter } = await settledGrid(browser.page).catch((error: Error) => {
        throw new Error(`The grid did not come back ${storeState}: ${error.message}`);
      });
      console.log(
        `kill ${kills} ${when}: ${pressed} key(s), ${shownThisRound.size} shown; ` +
          `${labeledAfter - labeledBefore} kept; all ${shown.size} shown so far in IndexedDB`,
      );
    }
  } finally {
    const summary = `${kills} kills, ${labelsChecked} shown labels checked, ${lost.length} lost`;
    console.log(summary);
    if (pageErrors.length > 0) console.log(`errors the pages reported:\n${pageErrors.join('\n')}`);
    testInfo.annotations.push({ type: 'figures', description: summary });
    try {
      if (browser) await killBrowser(browser);
    } finally {
      await rm(profileDir, { recursive: true, force: true });
    }
  }

  expect(pageErrors, 'errors the pages reported').toEqual([]);
  expect(shownTwice, 'cards labeled twice (the check assumes one label per card)').toEqual([]);
  expect(labelsChecked).toBeGreaterThanOrEqual(MIN_LABELS_CHECKED);
});

/**
 * Waits for the open query with no label still being written, and a card in focus to take the keys.
 * Returns how many cards are labeled and how many are open.
 */
async function settledGrid(page: Page): Promise<{ labeled: number; open: number }> {
  const progress = page.getByTestId('query-progress');
  await expect(progress).toHaveText(/^\d+ of \d+ labeled$/, { timeout: 60_000 });
  await expect(page.locator('[data-testid=query-card]:focus')).toHaveCount(1);
  const [labeled, total] = (await progress.textContent())!.match(/\d+/g)!.map(Number);
  return { labeled, open: total - labeled };
}

/**
 * Reports each label a card starts to show (its data-label set) to the test as it happens, so
 * the record is in the test, not in the page the kill takes away. A report that had not left the
 * page when the kill came is simply not counted: the test checks fewer labels, never a wrong one.
 */
async function reportShownLabels(page: Page): Promise<void> {
  await page.evaluate((binding) => {
    const report = (window as unknown as Record<string, (sampleId: number, classIndex: number) => Promise<void>>)[binding];
    new MutationObserver((mutations) => {
      for (const { target } of mutations) {
        const card = target as HTMLElement;
        const label = card.dataset.label;
        if (card.dataset.testid === 'query-card' && label) void report(Number(card.dataset.sampleId), Number(label));
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-label'] });
  }, REPORT_SHOWN);
}

/**
 * Reads the store straight from IndexedDB, not through the app: the labels of `ids` in the demo's
 * samples, and the demo project's creation time and open query (to tell a lost label from a
 * project stored anew).
 */
async function readStore(page: Page, ids: number[]): Promise<{ labels: Map<number, number | null>; createdAt: number | null; openQuerySize: number | null }> {
  const read = await page.evaluate(
    ({ dbName, projectId, ids }) =>
      new Promise<{ labels: (number | null)[]; createdAt: number | null; openQuerySize: number | null }>((resolve, reject) => {
        const result = { labels: ids.map(() => null as number | null), createdAt: null as number | null, openQuerySize: null as number | null };
        const open = indexedDB.open(dbName);
        // No database at all: report it empty rather than create one the app would then not upgrade.
        open.onupgradeneeded = () => open.transaction!.abort();
        open.onerror = () => (open.error?.name === 'AbortError' ? resolve(result) : reject(open.error));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['projects', 'samples']);
          const project = tx.objectStore('projects').get(projectId);
          project.onsuccess = () => {
            result.createdAt = project.result?.createdAt ?? null;
            result.openQuerySize = project.result?.openQuery?.ids.length ?? null;
          };
          ids.forEach((id, i) => {
            const sample = tx.objectStore('samples').get([projectId, id]);
            sample.onsuccess = () => (result.labels[i] = sample.result?.label ?? null);
          });
          tx.onerror = () => reject(tx.error);
          tx.oncomplete = () => {
            db.close();
            resolve(result);
          };
        };
      }),
    { dbName: DB_NAME, projectId: DEMO_PROJECT_ID, ids },
  );
  return { ...read, labels: new Map(ids.map((id, i) => [id, read.labels[i]])) };
}
