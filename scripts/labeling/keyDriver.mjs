// Labels the open query by keyboard as a fast labeler would, and records in the page where each
// key went and when its label showed. Shared by `npm run bench:labeling` and the end-to-end test
// tests/e2e/labelingAtSpeed.spec.ts, so that both measure and check the same thing.
//
// In the page: a keydown listener on the window (capture phase, like the grid's own) notes each
// class key with the card it was sent to (event.target), and a MutationObserver notes when each
// card's data-label first becomes non-empty: the page sets it only once the label's transaction
// is durable, so that moment is the acknowledgement a labeler sees.

/** The User Timing entry of each label transaction: LABEL_WRITE_MEASURE in src/lib/state/labeling.svelte.ts. */
export const LABEL_WRITE_MEASURE = 'lossloop:label-write';

/** How long the grid may take to show a query ready for keys (a new query follows a cycle). */
const READY_TIMEOUT_MS = 120_000;
/** How long every pressed card may take to show its stored label. */
const ACK_TIMEOUT_MS = 60_000;

/** The classes that have a key, in palette order: [{ classIndex, key }]. Read from the palette, as a person would. */
export function classKeys(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-testid^="class-"]')]
    .filter((button) => /^class-\d+$/.test(button.dataset.testid))
    .map((button) => ({ classIndex: Number(button.dataset.testid.slice('class-'.length)), key: button.querySelector('kbd')?.textContent?.trim() ?? '' }))
    .filter(({ key }) => key !== ''));
}

/**
 * The class meant for the k-th card: the keys in turn, so that neighbouring cards always get
 * different classes and a key that lands one card off leaves a label that differs from the one meant.
 */
export function intendedKey(keys, k) {
  return keys[k % keys.length];
}

/**
 * Starts recording in the page (installed once per document, cleared on each call) once the grid is
 * ready for `count` keys: that many cards without a label, the first of them focused (the grid
 * focuses it by itself: nothing is clicked). Returns the ids of the cards without a label, in grid
 * order: the k-th key is meant for the k-th of them.
 */
export async function startRecording(page, keys, count) {
  await page.waitForFunction((needed) => {
    const open = [...document.querySelectorAll('[data-testid=query-card]')].filter((card) => card.dataset.label === '' && !('saving' in card.dataset));
    return open.length >= needed && document.activeElement === open[0];
  }, count, { timeout: READY_TIMEOUT_MS }).catch(async (error) => {
    const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing');
    throw new Error(`The grid did not get ready for ${count} keys with its first open card focused (focus is on ${focused}): ${error.message}`);
  });
  return page.evaluate((classKeyList) => {
    if (!window.__labelingRecorder) {
      const recorder = { keys: new Set(), presses: [], acks: {}, openAtStart: [], startedAt: 0 };
      window.addEventListener('keydown', (event) => {
        if (!recorder.keys.has(event.key) || event.repeat) return;
        recorder.presses.push({ cardId: event.target?.dataset?.sampleId ?? null, pressedAt: performance.now(), eventAt: event.timeStamp });
      }, { capture: true });
      new MutationObserver((mutations) => {
        const now = performance.now();
        for (const { target, oldValue } of mutations) {
          const id = target.dataset.sampleId;
          if (target.dataset.testid === 'query-card' && !oldValue && target.dataset.label !== '' && recorder.acks[id] === undefined) recorder.acks[id] = now;
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-label'], attributeOldValue: true });
      window.__labelingRecorder = recorder;
    }
    const recorder = window.__labelingRecorder;
    recorder.keys = new Set(classKeyList);
    recorder.presses = [];
    recorder.acks = {};
    recorder.startedAt = performance.now();
    recorder.openAtStart = [...document.querySelectorAll('[data-testid=query-card]')]
      .filter((card) => card.dataset.label === '' && !('saving' in card.dataset)).map((card) => card.dataset.sampleId);
    return recorder.openAtStart;
  }, keys.map(({ key }) => key));
}

/**
 * Waits until `count` class keys were heard and every card they were meant for shows its label
 * (or `timeoutMs` passed: a key lost on the way leaves its card without one, which the check then
 * reports). Returns what the page recorded, each press with its acknowledgement (null if none).
 * @returns {Promise<Recorded>}
 */
export async function collectPresses(page, count, timeoutMs = ACK_TIMEOUT_MS) {
  await page.waitForFunction((needed) => {
    const { presses, acks, openAtStart } = window.__labelingRecorder;
    return presses.length >= needed && openAtStart.slice(0, needed).every((id) => acks[id] !== undefined);
  }, count, { timeout: timeoutMs }).catch(() => {});
  return page.evaluate(() => {
    const { presses, acks, openAtStart, startedAt } = window.__labelingRecorder;
    return { startedAt, openAtStart, presses: presses.map((press) => ({ ...press, ackAt: acks[press.cardId] ?? null })) };
  });
}

/**
 * @typedef {{ cardId: string | null, pressedAt: number, eventAt: number, ackAt: number | null }} Press
 *   one class key: the card it was sent to, when the page handled it and when the input event was
 *   made (page ms), and when that card first showed a stored label (null: never)
 * @typedef {{ startedAt: number, openAtStart: string[], presses: Press[] }} Recorded
 * @typedef {Recorded & { intended: { cardId: string, classIndex: number, key: string }[], behindMs: number }} KeyboardRun
 */

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Presses a class key for each of the first `count` open cards at `rate` keys a second, then
 * Enter at once when `enter`, and waits for the acknowledgements. Presses are due on a fixed clock
 * (press k at k / rate seconds), so a slow press is caught up on rather than pushing every later
 * one back. Returns the cards and classes meant, the presses, and how far behind the clock the
 * presses fell at worst (a press waits for the page to take the key).
 * @param {import('@playwright/test').Page} page
 * @param {{ count: number, rate: number, enter?: boolean }} options
 * @returns {Promise<KeyboardRun>}
 */
export async function labelAtRate(page, { count, rate, enter = false }) {
  const keys = await classKeys(page);
  const openAtStart = await startRecording(page, keys, count);
  const intended = openAtStart.slice(0, count).map((cardId, k) => ({ cardId, ...intendedKey(keys, k) }));
  const interval = 1000 / rate;
  const clockStart = performance.now();
  let behindMs = 0;
  for (const [k, { key }] of intended.entries()) {
    const wait = clockStart + k * interval - performance.now();
    if (wait > 0) await sleep(wait);
    else behindMs = Math.max(behindMs, -wait);
    await page.keyboard.press(key);
  }
  if (enter) await page.keyboard.press('Enter');
  return { intended, behindMs, ...(await collectPresses(page, count)) };
}

/**
 * Labels `count` open cards one key at a time, each press only once the last label showed: every
 * label then goes in a transaction of its own, whose User Timing entry is the write time of one label.
 * @param {import('@playwright/test').Page} page
 * @param {number} count
 * @returns {Promise<KeyboardRun>}
 */
export async function labelOneAtATime(page, count) {
  const keys = await classKeys(page);
  const openAtStart = await startRecording(page, keys, count);
  const intended = openAtStart.slice(0, count).map((cardId, k) => ({ cardId, ...intendedKey(keys, k) }));
  for (const [k, { key }] of intended.entries()) {
    await page.keyboard.press(key);
    await page.waitForFunction((id) => window.__labelingRecorder.acks[id] !== undefined, intended[k].cardId, { timeout: ACK_TIMEOUT_MS });
  }
  return { intended, behindMs: 0, ...(await collectPresses(page, count)) };
}

/** The label transactions committed since `since` (page time): how long each took and how many labels it wrote. */
export function labelWrites(page, since) {
  return page.evaluate(([name, from]) => performance.getEntriesByName(name)
    .filter((entry) => entry.startTime >= from)
    .map((entry) => ({ ms: entry.duration, labels: entry.detail?.labels ?? null, steps: entry.detail?.steps ?? null })), [LABEL_WRITE_MEASURE, since]);
}
