import { test, expect } from './fixtures';
import { TEST_SIZES } from './testSizes';
import { labelInitialSetByOracle } from './appSteps';
import { demoImagesInFolders, importZipProject } from './zipProject';
import type { Locator } from '@playwright/test';

/**
 * The review of the labels, as a user meets it on the demo: the simulated oracle answers the
 * initial set, the Review tab lists those labels, a class filter narrows them, one key relabels
 * and another clears (no click first), and both edits are there after a reload, as human edits.
 * Images imported from files show their file name, and a search by file name narrows the list.
 */

async function labelsOf(cards: Locator): Promise<number[]> {
  return (await cards.evaluateAll((all) => all.map((card) => (card as HTMLElement).dataset.label))).map(Number);
}

/** The class with the most labeled images (with 20 images over 10 classes, one has at least two). */
function commonest(labels: number[]): number {
  const counts = new Map<number, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

test('review: filter by class, relabel with a key and clear another, both kept after a reload as human edits', async ({ page }) => {
  await labelInitialSetByOracle(page);
  // The oracle would answer a cleared image of the open query again on reload.
  await page.getByTestId('oracle').uncheck();

  await page.getByTestId('tab-review').click();
  const cards = page.getByTestId('review-card');
  await expect(cards).toHaveCount(TEST_SIZES.initialSize);
  await expect(cards.first().getByTestId('review-labeled-by')).toHaveText('oracle');
  await expect(cards.first().getByTestId('review-guess')).toHaveText('no guess yet');
  await expect(page.getByTestId('review-disagreement')).toBeDisabled();
  // The demo's images came without file names: nothing to show or search.
  await expect(cards.first().getByTestId('card-file-name')).toHaveCount(0);
  await expect(page.getByTestId('review-file-name')).toBeDisabled();

  const kept = commonest(await labelsOf(cards));
  const keptCount = (await labelsOf(cards)).filter((label) => label === kept).length;
  expect(keptCount).toBeGreaterThanOrEqual(2);
  await page.getByTestId('review-class').selectOption(String(kept));
  await expect(cards).toHaveCount(keptCount);
  expect(await labelsOf(cards)).toEqual(Array.from({ length: keptCount }, () => kept));
  const relabeledId = await cards.nth(0).getAttribute('data-sample-id');
  const clearedId = await cards.nth(1).getAttribute('data-sample-id');

  // Keys work at once: the first card has the focus. A class key relabels it and moves on;
  // Delete clears the next one.
  const other = (kept + 1) % 10;
  const otherKey = (await page.getByTestId(`class-${other}`).locator('kbd').textContent())!.trim();
  await page.keyboard.press(otherKey);
  await page.keyboard.press('Delete');
  const relabeled = page.locator(`[data-testid="review-card"][data-sample-id="${relabeledId}"]`);
  const cleared = page.locator(`[data-testid="review-card"][data-sample-id="${clearedId}"]`);
  await expect(relabeled).toHaveAttribute('data-label', String(other));
  await expect(relabeled).toHaveAttribute('data-labeled-by', 'human');
  await expect(cleared).toHaveAttribute('data-label', '');
  await expect(cleared.getByTestId('review-label')).toHaveText('label cleared');

  await page.reload();
  await expect(page.getByTestId('tab-review')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('tab-review').click();
  await expect(cards).toHaveCount(TEST_SIZES.initialSize - 1);
  await expect(cleared).toHaveCount(0);
  await expect(relabeled).toHaveAttribute('data-label', String(other));

  await page.getByTestId('review-labeler').selectOption('human');
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute('data-sample-id', relabeledId!);

  await page.getByTestId('review-labeler').selectOption('');
  await page.getByTestId('review-class').selectOption(String(kept));
  await expect(cards).toHaveCount(keptCount - 2);

  // The Label tab agrees: the cleared image is waiting for a label again.
  await page.getByTestId('tab-label').click();
  await expect(page.getByTestId('counts')).toContainText(`${TEST_SIZES.initialSize - 1} labeled`);
  await expect(page.getByTestId('query-progress')).toHaveText(`${TEST_SIZES.initialSize - 1} of ${TEST_SIZES.initialSize} labeled`);
  await expect(page.locator(`[data-testid="query-card"][data-sample-id="${relabeledId}"]`)).toHaveAttribute('data-label', String(other));
});

test('review: after a cycle every trained image shows the model guess, and Ctrl+Z takes an edit back', async ({ page }) => {
  await labelInitialSetByOracle(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 5 * 60_000 });

  await page.getByTestId('tab-review').click();
  const cards = page.getByTestId('review-card');
  // The query of the cycle is answered by the oracle too: its guesses were kept with the cycle.
  await expect(cards).toHaveCount(TEST_SIZES.initialSize + TEST_SIZES.queryK);
  for (const guess of await cards.getByTestId('review-guess').allTextContents()) expect(guess).toMatch(/^guess: .+ \d+%$/);

  const disagreeing = page.locator('[data-testid="review-card"].disagrees');
  const disagreements = await disagreeing.count();
  await page.getByTestId('review-disagreement').check();
  await expect(cards).toHaveCount(disagreements);
  await expect(disagreeing).toHaveCount(disagreements);
  await page.getByTestId('review-disagreement').uncheck();

  const first = cards.first();
  const before = await first.getAttribute('data-label');
  await first.click();
  await page.keyboard.press('Backspace');
  await expect(first).toHaveAttribute('data-label', '');
  await page.keyboard.press('Control+z');
  await expect(first).toHaveAttribute('data-label', before!);
});

test('review: cards of imported images show their file name, and typing a name narrows the list without labeling', async ({ page }) => {
  // Stored in path order: ids 0-3 are bag/0, 3, 6, 9; then coat/1, 10, 4, 7; then shoe/11, 2, 5, 8.
  await importZipProject(page, await demoImagesInFolders(12, ['bag', 'coat', 'shoe']), '12 pool images');
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText('12 of 12 labeled');

  await page.getByTestId('tab-review').click();
  const cards = page.getByTestId('review-card');
  await expect(cards).toHaveCount(12);
  const names = cards.getByTestId('card-file-name');
  await expect(names.first()).toHaveText('0.png');
  await expect(names.first()).toHaveAttribute('title', 'bag/0.png');

  // Letter by letter, as a person types: "s" and "c" are class keys, and must stay letters.
  const search = page.getByTestId('review-file-name');
  await search.pressSequentially('SHOE/1');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('SHOE/1');
  await expect(cards).toHaveCount(1);
  await expect(names).toHaveText(['11.png']);
  expect(await labelsOf(cards)).toEqual([2]);

  await search.fill('zebra');
  await expect(cards).toHaveCount(0);
  await expect(page.getByTestId('review-summary')).toContainText('No labeled image in the training pool has “zebra” in its file name');

  // The cards come back while the search keeps the keyboard; Enter hands it to them.
  await search.fill('');
  await search.pressSequentially('bag');
  await expect(search).toBeFocused();
  await expect(names).toHaveText(['0.png', '3.png', '6.png', '9.png']);
  expect(await labelsOf(cards)).toEqual([0, 0, 0, 0]);
  await search.press('Enter');
  await expect(cards.first()).toBeFocused();
  const coatKey = (await page.getByTestId('class-1').locator('kbd').textContent())!.trim();
  await page.keyboard.press(coatKey);
  await expect(cards.first()).toHaveAttribute('data-label', '1');
  await expect(cards.first()).toHaveAttribute('data-labeled-by', 'human');
});
