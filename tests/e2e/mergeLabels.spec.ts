import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { download } from './appSteps';
import { demoImagesInFolders, importZip } from './zipProject';

/**
 * Two people label the same images, each in a project of their own made from the same ZIP, and
 * merge: the labels one gave and the other did not arrive, a disagreement waits in the review as a
 * conflict with both labels, a key resolves it, and all of it is there after a reload.
 */

const card = (page: Page, id: number) => page.locator(`[data-testid="query-card"][data-sample-id="${id}"]`);

/** The key and name of each class, from the palette. */
async function classKeys(page: Page): Promise<{ name: string; key: string }[]> {
  const chips = page.locator('button[data-testid^="class-"]').filter({ has: page.locator('kbd') });
  return chips.evaluateAll((all) => all.map((chip) => {
    const key = chip.querySelector('kbd')!.textContent!.trim();
    return { key, name: chip.textContent!.replace(key, '').trim() };
  }));
}

/** Labels each query card named by its sample id with a class key. */
async function labelByKey(page: Page, labels: [id: number, key: string][]) {
  for (const [id, key] of labels) {
    await card(page, id).click();
    await page.keyboard.press(key);
  }
}

test('merge a teammate\'s labels: unlabeled images take theirs, a conflict waits in Review and a key resolves it', async ({ page }) => {
  const files = await demoImagesInFolders(20, ['bag', 'coat', 'shoe']);
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });

  // Alice's project: the whole pool is the initial set; she labels images 0, 1 and 2.
  await importZip(page, files, '20 pool images', 'Alice');
  await page.getByTestId('draw-initial').click();
  await expect(page.getByTestId('query-card')).toHaveCount(20);
  const classes = await classKeys(page);
  expect(classes.map((c) => c.name)).toEqual(['bag', 'coat', 'shoe']);
  const [bag, coat, shoe] = classes;
  await labelByKey(page, [[0, bag.key], [1, coat.key], [2, shoe.key]]);
  await expect(card(page, 2)).toHaveAttribute('data-label', '2');
  await page.getByTestId('tab-data').click();
  const aliceFile = await download(page, 'export-labels-json');
  expect(aliceFile.name).toMatch(/labels\.json$/);

  // Bob's project from the same ZIP: he labels image 2 otherwise (a conflict), and 3 and 4.
  await importZip(page, files, '20 pool images', 'Bob');
  await page.getByTestId('tab-label').click();
  await page.getByTestId('draw-initial').click();
  await expect(page.getByTestId('query-card')).toHaveCount(20);
  await labelByKey(page, [[2, bag.key], [3, coat.key], [4, shoe.key]]);
  await expect(card(page, 4)).toHaveAttribute('data-label', '2');

  await page.getByTestId('tab-data').click();
  await page.getByTestId('merge-labels').setInputFiles({ name: aliceFile.name, mimeType: 'application/json', buffer: aliceFile.bytes });
  await expect(page.getByTestId('notice')).toHaveText(
    `Took 2 labels from ${aliceFile.name} (project "Alice"). 1 conflict to resolve in Review labels > Conflicts; the labels here are unchanged.`,
  );

  // The conflict: Bob's label stands, Alice's is shown beside it.
  await page.getByTestId('tab-review').click();
  await expect(page.getByTestId('review-card')).toHaveCount(5);
  await expect(page.getByTestId('review-conflict-count')).toHaveText('1');
  await page.getByTestId('review-conflicts').check();
  const conflicts = page.getByTestId('review-card');
  await expect(conflicts).toHaveCount(1);
  await expect(page.getByTestId('conflict-help')).toContainText('keeps yours, takes theirs or gives another class');
  await expect(conflicts.first()).toHaveAttribute('data-sample-id', '2');
  await expect(conflicts.first()).toHaveAttribute('data-label', '0');
  await expect(conflicts.first().getByTestId('review-label')).toHaveText('yours: bag');
  await expect(conflicts.first().getByTestId('review-theirs')).toHaveText('theirs: shoe');
  await expect(conflicts.first().getByTestId('review-conflict-source')).toHaveText(`${aliceFile.name} (project "Alice")`);

  // The key of Alice's class takes her label; undo opens the conflict again; the key settles it for good.
  await expect(conflicts.first()).toBeFocused();
  await page.keyboard.press(shoe.key);
  await expect(conflicts.first()).toHaveAttribute('data-label', '2');
  await expect(conflicts.first().getByTestId('review-theirs')).toHaveCount(0);
  await expect(page.getByTestId('review-conflict-count')).toHaveText('0');
  await page.keyboard.press('Control+z');
  await expect(conflicts.first()).toHaveAttribute('data-label', '0');
  await expect(page.getByTestId('review-conflict-count')).toHaveText('1');
  await conflicts.first().click();
  await page.keyboard.press(shoe.key);
  await expect(page.getByTestId('review-conflict-count')).toHaveText('0');

  // After a reload: the merged labels and the resolution are there, and no conflict is left.
  await page.reload();
  await expect(page.getByTestId('dataset')).toContainText('Bob', { timeout: 60_000 });
  await page.getByTestId('tab-review').click();
  const cards = page.getByTestId('review-card');
  await expect(cards).toHaveCount(5);
  const shown = await cards.evaluateAll((all) => all.map((c) => [(c as HTMLElement).dataset.sampleId, (c as HTMLElement).dataset.label, (c as HTMLElement).dataset.labeledBy]));
  expect(shown).toEqual([['0', '0', 'import'], ['1', '1', 'import'], ['2', '2', 'human'], ['3', '1', 'human'], ['4', '2', 'human']]);
  await expect(page.getByTestId('review-conflict-count')).toHaveText('0');
  await expect(page.getByTestId('review-conflicts')).toBeDisabled();
});
