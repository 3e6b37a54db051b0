import { test, expect } from './fixtures';
import { demoSubset, importZipProject } from './zipProject';
import { useTestSizes } from './testSizes';
import { encodePng } from '../../src/lib/data/formats/png';
import type { Page } from '@playwright/test';

/**
 * The label stored is the label meant: a class named "2" is key 2, keys work the moment the grid
 * shows, a changed key labels at once (a taken one is refused), each key press shows the class it
 * gave on the card, and a cancelled cycle stays cancelled through a reload.
 */

/** Opens the demo on wasm and draws its initial set; nothing is clicked in the grid. */
async function demoGrid(page: Page) {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('draw-initial').click();
  await expect(page.getByTestId('query-card').first()).toBeVisible();
}

test('on classes named 0 to 9, key 2 labels an image "2", and the card shows the class it got', async ({ page }) => {
  const pixels = await demoSubset('pool-images.idx.gz', 20);
  const image = (i: number) => encodePng(new Uint8Array(pixels.subarray(16 + i * 784, 16 + (i + 1) * 784)), 28, 28, 1);
  // Two images per class folder "0" … "9"; the folder names stay hidden, for the oracle.
  const files = Array.from({ length: 20 }, (_, i) => ({ path: `digits/${i % 10}/${i}.png`, bytes: image(i) }));
  await importZipProject(page, files, '20 pool images');
  await page.getByTestId('draw-initial').click();

  // Each class shows its own name as its key: "0" is key 0 (by position it would have been 1).
  await expect(page.getByTestId('class-0')).toHaveText('0 0');
  await expect(page.getByTestId('class-2')).toHaveText('2 2');
  const first = page.getByTestId('query-card').first();
  await first.click();
  await page.keyboard.press('2');
  await expect(first).toHaveAttribute('data-label', '2');
  await expect(first.getByTestId('card-flash')).toHaveText('2');
  await expect(first.locator('.answer')).toHaveText('2');

  const second = page.getByTestId('query-card').nth(1);
  await expect(second).toBeFocused();
  await page.keyboard.press('0');
  await expect(second).toHaveAttribute('data-label', '0');
  await expect(second.getByTestId('card-flash')).toHaveText('0');
  // The flash is a moment, not a second label.
  await expect(first.getByTestId('card-flash')).toHaveCount(0);
});

test('keys work before any click: on arrival, after drawing the set, after a reload and back from another tab', async ({ page }) => {
  await demoGrid(page);
  const cards = page.getByTestId('query-card');
  // Drawing removed the button that had focus: card #1 takes it, so its ring is where keys go.
  await expect(cards.first()).toBeFocused();
  await page.keyboard.press('1');
  await expect(cards.first()).toHaveAttribute('data-label', '0');
  await expect(cards.nth(1)).toBeFocused();

  await page.reload();
  // After the reload the focus is on the first card still without a label: #1 keeps its answer.
  await expect(cards.first()).toHaveAttribute('data-label', '0', { timeout: 120_000 });
  await expect(cards.nth(1)).toBeFocused();
  await page.keyboard.press('2');
  await expect(cards.nth(1)).toHaveAttribute('data-label', '1');
  await expect(cards.first()).toHaveAttribute('data-label', '0');

  // Back from another tab the focus is on the tab itself: a class key still labels the first open card.
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('tab-label').click();
  await page.keyboard.press('3');
  await expect(cards.nth(2)).toHaveAttribute('data-label', '2');
  await expect(page.getByTestId('query-progress')).toHaveText(/^3 of \d+ labeled$/);
  // With the tab still focused, arrows move among the cards, not among the tabs.
  await expect(page.getByTestId('tab-label')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('tab-label').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-label')).toHaveAttribute('aria-selected', 'true');
  await expect(cards.nth(4)).toBeFocused();
});

test('a changed key labels with the new key; a key another class holds is refused next to the field', async ({ page }) => {
  await demoGrid(page);
  await page.getByTestId('class-editor').locator('summary').click();
  await page.getByTestId('class-hotkey-0').fill('q');
  await expect(page.getByTestId('class-0').locator('kbd')).toHaveText('q');

  const cards = page.getByTestId('query-card');
  await cards.first().click();
  await page.keyboard.press('q');
  await expect(cards.first()).toHaveAttribute('data-label', '0');
  // Key 1 now labels nothing.
  await page.keyboard.press('1');
  await expect(cards.nth(1)).toHaveAttribute('data-label', '');

  // Key 3 belongs to the third class: refused with its name, and the field goes back to its key.
  await page.getByTestId('class-hotkey-1').fill('3');
  await expect(page.getByTestId('hotkey-refusal')).toHaveText('Key 3 already labels "Pullover". Give that class another key first.');
  await expect(page.getByTestId('class-hotkey-1')).toHaveValue('2');
  await expect(page.getByTestId('class-1').locator('kbd')).toHaveText('2');
  await expect(page.getByTestId('problem')).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('class-0').locator('kbd')).toHaveText('q', { timeout: 120_000 });
  // The focus is back on the first card without a label, #2: the changed key labels it.
  await page.keyboard.press('q');
  await expect(cards.nth(1)).toHaveAttribute('data-label', '0');
  await expect(cards.nth(1).getByTestId('card-flash')).toContainText('T-shirt');
});

test('a cancelled cycle stays cancelled after a reload, with the oracle on, and Train starts a new one', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText('20 of 20 labeled');

  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toBeVisible();
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('notice')).toHaveText('The cycle was cancelled and will not restart by itself. Your labels are kept; Train starts a new cycle.');

  await page.reload();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  await expect(page.getByTestId('query-progress')).toHaveText('20 of 20 labeled');
  // The trainer checks for an interrupted cycle as soon as it is ready; give it time to (wrongly) start one.
  await page.waitForTimeout(3000);
  await expect(page.getByTestId('train-progress')).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '0');
  // Still the initial set: no new query came for the oracle to answer.
  await expect(page.getByTestId('query-card')).toHaveCount(20);

  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 5 * 60_000 });
  await expect(page.getByTestId('cycle-table').locator('tbody tr')).toHaveCount(1);
});
