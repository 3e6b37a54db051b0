// The steps the experiment runner takes in the real app, through its UI, as a person would:
// import the data, type the settings, start a race of strategies with the simulated oracle, and
// download its results.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Imports a dataset from IDX files named like Fashion-MNIST's (train-images-idx3-ubyte,
 * train-labels-idx1-ubyte, t10k-..., gzipped or not) through the import panel, as a new project.
 */
export async function importIdxDataset(page, source, name = 'Fashion-MNIST full') {
  const file = (stem) => {
    const path = [join(source, `${stem}.gz`), join(source, stem)].find((p) => existsSync(p));
    if (!path) throw new Error(`${join(source, stem)}(.gz) is missing: apt-get install dataset-fashion-mnist, or pass --data DIR`);
    return path;
  };
  await page.getByTestId('new-project').click();
  await page.getByTestId('import-kind-idx').click();
  await page.getByTestId('import-name').fill(name);
  await page.getByTestId('import-pool-images').setInputFiles(file('train-images-idx3-ubyte'));
  await page.getByTestId('import-pool-labels').setInputFiles(file('train-labels-idx1-ubyte'));
  await page.getByTestId('import-test-images').setInputFiles(file('t10k-images-idx3-ubyte'));
  await page.getByTestId('import-test-labels').setInputFiles(file('t10k-labels-idx1-ubyte'));
  await page.getByTestId('import-start').click();
  await page.getByTestId('notice').filter({ hasText: 'Imported' }).waitFor({ timeout: 30 * 60_000 });
}

/** How long a typed setting may take to show as stored. */
const SAVE_WAIT_MS = 60_000;

/** Types every setting into the Settings tab, each committed with Enter, and checks it stuck. */
export async function applySettings(page, settings) {
  await page.getByTestId('tab-settings').click();
  // The panel refuses a K larger than the M it holds at that moment: a larger M goes in before
  // K, a smaller M (below today's K) after it.
  const currentK = Number(await page.getByTestId('setting-queryK').inputValue());
  const first = settings.subsetM === undefined || settings.subsetM >= currentK ? 'subsetM' : 'queryK';
  const ordered = Object.entries(settings).sort(([a], [b]) => Number(b === first) - Number(a === first));
  for (const [name, value] of ordered) {
    const input = page.getByTestId(`setting-${name}`);
    if (typeof value === 'boolean') {
      if ((await input.isChecked()) !== value) await input.click();
      continue;
    }
    // A choice (a list in the panel) is chosen, not typed.
    if (await input.evaluate((element) => element.tagName === 'SELECT')) {
      await input.selectOption(String(value));
      continue;
    }
    const text = Array.isArray(value) ? value.join('/') : String(value);
    await input.fill(text);
    await input.press('Enter');
    await page.waitForFunction(([id, expected]) => document.querySelector(`[data-testid="${id}"]`)?.value === expected, [`setting-${name}`, text]);
  }
  // Saved in the store, not only typed: after a tab switch the panel shows the stored values, or a
  // refused value still typed, marked invalid. A save is asynchronous: the last one may land a
  // moment after the switch (on a busy machine, seconds), so each value is waited for.
  await page.getByTestId('tab-race').click();
  await page.getByTestId('tab-settings').click();
  for (const [name, value] of Object.entries(settings)) {
    const input = page.getByTestId(`setting-${name}`);
    const expected = typeof value === 'boolean' ? value : Array.isArray(value) ? value.join('/') : String(value);
    const shows = () => (typeof value === 'boolean' ? input.isChecked() : input.inputValue());
    for (const waitUntil = Date.now() + SAVE_WAIT_MS; (await shows()) !== expected && Date.now() < waitUntil;) await page.waitForTimeout(250);
    const shown = await shows();
    if (shown !== expected) throw new Error(`The setting ${name} shows ${shown}, not ${expected}, ${SAVE_WAIT_MS / 1000} s after it was typed.`);
    // A refused value stays typed in the form (with its reason) while the stored one is unchanged.
    if ((await input.getAttribute('aria-invalid')) === 'true') {
      const reason = await page.getByRole('alert').allTextContents();
      throw new Error(`The app refused ${name} = ${expected}: ${reason.join(' ')}`);
    }
  }
}

/** Picks a preset of the menu, in the Settings tab. */
export async function choosePreset(page, name) {
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('preset').selectOption(name);
  await page.waitForFunction((id) => document.querySelector('[data-testid=preset]')?.value === id, name);
}

/** Every setting as the Settings tab shows it (lists as typed, e.g. "8/16/32"). */
export async function readSettings(page) {
  await page.getByTestId('tab-settings').click();
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^=setting-]')].map((input) => [
    input.dataset.testid.slice('setting-'.length),
    input.type === 'checkbox' ? input.checked : /^-?[\d.e+-]+$/.test(input.value) ? Number(input.value) : input.value,
  ])));
}

/** How long a race may show the same progress line before the runner calls it stalled: an epoch of the slowest protocol takes a few minutes. */
const STALL_MS = 15 * 60_000;

/**
 * Starts a race of `strategies` with `rounds` points each and waits for it to end, printing the
 * progress line every `every` ms. Returns the race's CSV as the app exports it.
 */
export async function runRace(page, strategies, rounds, { every = 30_000, log = console.log } = {}) {
  await page.getByTestId('tab-race').click();
  const boxes = page.locator('[data-testid^=race-strategy-]');
  for (const box of await boxes.all()) {
    const name = (await box.getAttribute('data-testid')).slice('race-strategy-'.length);
    if ((await box.isChecked()) !== strategies.includes(name)) await box.click();
  }
  await page.getByTestId('race-rounds').fill(String(rounds));
  await page.getByTestId('race-start').click();
  const done = JSON.stringify(Object.fromEntries(strategies.map((s) => [s, rounds])));
  // A race that stops moving without a problem shown would otherwise hold a run of hours forever.
  let stalled;
  const stall = new Promise((_, reject) => { stalled = reject; });
  let last = { line: null, at: Date.now() };
  const progress = setInterval(async () => {
    const line = (await page.getByTestId('train-progress').textContent().catch(() => null))?.trim() ?? null;
    if (line) log(`  ${line}`);
    if (line !== last.line) last = { line, at: Date.now() };
    else if (Date.now() - last.at > STALL_MS) stalled(new Error(`The race showed no progress for ${STALL_MS / 60_000} minutes (last: ${line ?? 'no progress line'}).`));
  }, every);
  try {
    await Promise.race([
      page.waitForSelector(`[data-testid=race-chart][data-points='${done}']`, { timeout: 0 }),
      page.getByTestId('problem').waitFor({ timeout: 0 }).then(async () => {
        throw new Error(`The app reported: ${await page.getByTestId('problem').textContent()}`);
      }),
      stall,
    ]);
  } finally {
    clearInterval(progress);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('race-csv').click()]);
  return readFileSync(await download.path(), 'utf8');
}
