import { test, expect } from './fixtures';
import { useTestSizes } from './testSizes';
import type { Page } from '@playwright/test';

/**
 * Labeling as a person does it for an hour: by keyboard, with skip, undo and multi-select, the
 * last decisions open to change, classes renamed, added and merged, and the settings, all kept in
 * the store.
 */

const cards = (page: Page) => page.getByTestId('query-card');
const labels = (page: Page) => cards(page).evaluateAll((els) => els.slice(0, 6).map((el) => el.getAttribute('data-label')));

test('labeling by keyboard: label, skip, undo, multi-select, change a past decision', async ({ page }) => {
  await page.goto('/?backend=webgpu');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu', { timeout: 60_000 });
  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await expect(cards(page)).toHaveCount(20);

  await cards(page).nth(0).focus();
  await page.keyboard.press('3'); // card 0 -> class index 2, focus moves to card 1
  await page.keyboard.press(' '); // skip card 1
  await page.keyboard.press('1'); // card 2 -> class index 0
  await expect.poll(() => labels(page)).toEqual(['2', '', '0', '', '', '']);
  await expect(cards(page).nth(3)).toBeFocused();

  await page.keyboard.press('Backspace'); // undo card 2
  await expect.poll(() => labels(page)).toEqual(['2', '', '', '', '', '']);
  await expect(cards(page).nth(2)).toBeFocused();
  await page.keyboard.press('Control+z'); // undo card 0
  await expect.poll(() => labels(page)).toEqual(['', '', '', '', '', '']);
  await expect(page.getByTestId('query-progress')).toHaveText('0 of 20 labeled');

  // Shift+arrows select a range; one key labels them all; one undo takes the whole action back.
  await cards(page).nth(3).focus();
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('selection')).toContainText('3 selected');
  await page.keyboard.press('5');
  await expect.poll(() => labels(page)).toEqual(['', '', '', '4', '4', '4']);
  await page.keyboard.press('Backspace');
  await expect.poll(() => labels(page)).toEqual(['', '', '', '', '', '']);
  await cards(page).nth(1).click();
  await cards(page).nth(4).click({ modifiers: ['Control'] });
  await page.keyboard.press('7');
  await expect.poll(() => labels(page)).toEqual(['', '6', '', '', '6', '']);
  await expect(page.getByTestId('counts')).toContainText('2 labeled');

  // The last decisions are listed newest first, and one can be changed there.
  const decisions = page.getByTestId('recent-decisions').locator('li');
  await expect(decisions).toHaveCount(2);
  const firstDecision = decisions.first();
  const changedId = await firstDecision.getAttribute('data-decision-id');
  await firstDecision.getByTestId('decision-label').selectOption({ label: 'Bag' });
  await expect(page.locator(`[data-testid=query-card][data-sample-id="${changedId}"]`)).toHaveAttribute('data-label', '8');

  // Everything above is in the store, not only on screen.
  const before = await labels(page);
  await page.reload();
  await expect(cards(page)).toHaveCount(20, { timeout: 60_000 });
  expect(await labels(page)).toEqual(before);
  await expect(page.getByTestId('recent-decisions').locator('li')).toHaveCount(2);
});

test('classes are renamed, added, merged and deleted, and the labels follow', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await cards(page).nth(0).focus();
  await page.keyboard.press('1'); // T-shirt/top
  await page.keyboard.press('7'); // Shirt
  await expect.poll(() => labels(page)).toEqual(['0', '6', '', '', '', '']);

  await page.getByTestId('class-editor').locator('summary').click();
  const name = page.getByTestId('class-name-0');
  await name.fill('Top');
  await name.press('Enter');
  await expect(page.getByTestId('class-0')).toContainText('Top');
  await expect(cards(page).nth(0)).toContainText('Top');

  // A name that is already taken is refused in plain words.
  await page.getByTestId('class-name-1').fill('top');
  await page.getByTestId('class-name-1').press('Enter');
  await expect(page.getByTestId('problem')).toContainText('already');
  await expect(page.getByTestId('class-1')).toContainText('Trouser');

  await page.getByTestId('class-new-name').fill('Scarf');
  await page.getByTestId('class-add').click();
  await expect(page.getByTestId('class-10')).toContainText('Scarf');

  // Merge "Shirt" into "Top": the shirt label becomes Top, the classes after it move up one.
  await page.getByTestId('class-merge-6').click();
  await page.getByTestId('class-merge-into').selectOption({ label: 'Top' });
  await page.getByTestId('class-confirm').click();
  // one pool label, plus the test images of that class
  await expect(page.getByTestId('notice')).toContainText(/Merged "Shirt" into "Top": \d{3} labels moved, test-set labels included/);
  await expect.poll(() => labels(page)).toEqual(['0', '0', '', '', '', '']);
  await expect(page.getByTestId('class-6')).toContainText('Sneaker');
  await expect(page.getByTestId('class-9')).toContainText('Scarf');

  // Deleting a class unlabels its test images too: the header says how many still measure the model.
  await expect(page.getByTestId('dataset')).toContainText('2,000 test images.');
  await page.getByTestId('class-delete-6').click();
  await page.getByTestId('class-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('Deleted the class "Sneaker"');
  await expect(page.getByTestId('dataset')).toContainText(/2,000 test images \(1,\d{3} labeled\)/);
  await expect(page.getByTestId('class-8')).toContainText('Scarf');

  await page.reload();
  await expect(cards(page)).toHaveCount(20, { timeout: 60_000 });
  await expect(page.getByTestId('class-0')).toContainText('Top');
  expect(await labels(page)).toEqual(['0', '0', '', '', '', '']);
});

test('every setting shows the paper\'s value; a wrong value is explained and not saved', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await page.getByTestId('tab-settings').click();
  await expect(page.getByTestId('preset')).toHaveValue('standard');

  const batch = page.getByTestId('setting-batchSize');
  await expect(batch).toHaveAttribute('title', /Paper: 128/);
  for (const name of ['queryK', 'subsetM', 'epochs', 'learningRate', 'lambda', 'margin', 'detachFraction', 'stageWidths', 'cropPadding', 'horizontalFlip', 'reinitialize']) {
    await expect(page.getByTestId(`setting-${name}`)).toHaveAttribute('title', /Paper/);
  }
  await batch.fill('7');
  await batch.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'even' })).toBeVisible();
  const epochs = page.getByTestId('setting-epochs');
  await epochs.fill('3');
  await epochs.press('Enter');

  await page.reload();
  await page.getByTestId('tab-settings').click();
  await expect(page.getByTestId('setting-epochs')).toHaveValue('3', { timeout: 60_000 });
  await expect(page.getByTestId('setting-batchSize')).toHaveValue('32');
  await page.getByTestId('preset').selectOption('paper');
  await expect(page.getByTestId('setting-epochs')).toHaveValue('200');
});
