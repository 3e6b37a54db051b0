import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { download } from './appSteps';

/**
 * The demo has the same project id in every browser, so a teammate's demo backup lands on this
 * browser's demo. The page asks first: replace it, keep both, or cancel.
 */

const tab = (page: Page, id: 'data' | 'label') => page.getByTestId(`tab-${id}`).click();

test('a backup of a project that is already here asks: replace it, or keep both', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('draw-initial').click();
  const cards = page.getByTestId('query-card');
  const firstCard = () => cards.nth(0);
  await firstCard().click();
  await page.keyboard.press('2');
  await expect(firstCard()).toHaveAttribute('data-label', '1');
  await tab(page, 'data');
  const backup = await download(page, 'export-backup');

  // Work done here after the backup: "keep both" keeps it, "replace" gives it up.
  await tab(page, 'label');
  await firstCard().click();
  await page.keyboard.press('9');
  await expect(firstCard()).toHaveAttribute('data-label', '8');

  await tab(page, 'data');
  const restore = () => page.getByTestId('restore').setInputFiles({ name: 'teammate.zip', mimeType: 'application/zip', buffer: backup.bytes });
  const question = page.getByTestId('restore-question');
  const projects = page.getByTestId('project').locator('option');

  // Escape (like Cancel, the choice in focus) restores nothing.
  await restore();
  await expect(question).toContainText('“Fashion-MNIST demo” is already here');
  await expect(question).toContainText('restores the backup as “Fashion-MNIST demo (2)”');
  await page.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  await expect(projects).toHaveText(['Fashion-MNIST demo']);

  await restore();
  await page.getByTestId('restore-keep-both').click();
  await expect(page.getByTestId('notice')).toHaveText('Restored "Fashion-MNIST demo (2)" from teammate.zip, beside "Fashion-MNIST demo", which stays as it was.');
  await expect(projects).toHaveText(['Fashion-MNIST demo', 'Fashion-MNIST demo (2)']);
  await expect(page.getByTestId('project')).not.toHaveValue('demo');
  await tab(page, 'label');
  await expect(firstCard()).toHaveAttribute('data-label', '1');
  await page.getByTestId('project').selectOption('demo');
  await expect(firstCard()).toHaveAttribute('data-label', '8');

  await tab(page, 'data');
  await restore();
  await page.getByTestId('restore-replace').click();
  await expect(page.getByTestId('notice')).toHaveText('Restored "Fashion-MNIST demo" from teammate.zip, in place of the "Fashion-MNIST demo" that was here.');
  await expect(projects).toHaveText(['Fashion-MNIST demo', 'Fashion-MNIST demo (2)']);
  await tab(page, 'label');
  await expect(firstCard()).toHaveAttribute('data-label', '1');
});
