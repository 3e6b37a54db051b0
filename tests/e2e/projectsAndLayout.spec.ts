import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { useTestSizes } from './testSizes';
import { demoImagesInFolders, importZipProject } from './zipProject';

/**
 * Projects can be renamed and deleted, and deleting one leaves nothing of it behind; every tab fits
 * the window at laptop sizes, tables included, once there are cycles to show.
 */

/** How many records of `projectId` each object store of lossloop's database holds. */
function recordsPerStore(page: Page, projectId: string): Promise<Record<string, number>> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('lossloop');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const counts: Record<string, number> = {};
    for (const name of Array.from(db.objectStoreNames)) {
      const records = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      counts[name] = records.filter((r) => {
        const record = r as { projectId?: string; id?: unknown };
        return record.projectId === id || (name === 'projects' && record.id === id);
      }).length;
    }
    db.close();
    return counts;
  }, projectId);
}

/** Draws the first query, lets the simulated oracle label it, and trains one cycle. */
async function trainOneCycle(page: Page) {
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('train')).toBeEnabled();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 5 * 60_000 });
}

test('deleting a project removes every record of it and opens another project', async ({ page }) => {
  const files = await demoImagesInFolders(60, ['coat', 'bag', 'shoe']);
  await importZipProject(page, files, '60 pool images');
  const projectId = await page.getByTestId('project').inputValue();
  await page.getByTestId('project-rename').click();
  await page.getByTestId('project-name').fill('Throwaway');
  await page.getByTestId('project-name').press('Enter');
  await useTestSizes(page, { testSize: 10 });
  await page.getByTestId('no-test-set').waitFor();
  await page.getByTestId('test-set-size').fill('10');
  await page.getByTestId('draw-test-set').click();
  await page.getByTestId('oracle').check();
  await page.getByTestId('hold-out').click();
  await page.getByTestId('oracle').uncheck();
  await trainOneCycle(page);

  const before = await recordsPerStore(page, projectId);
  for (const store of ['projects', 'samples', 'pixelChunks', 'labelEvents', 'cycles', 'checkpoints']) expect(before[store], store).toBeGreaterThan(0);

  await page.getByTestId('project-delete').click();
  const dialog = page.getByTestId('delete-project-dialog');
  await expect(dialog).toContainText('Delete “Throwaway”?');
  await expect(dialog).toContainText('60 images');
  await expect(dialog).toContainText('1 training cycle and the trained model');
  // Escape keeps the project.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('project').locator('option')).toHaveText(['Fashion-MNIST demo', 'Throwaway']);

  await page.getByTestId('project-delete').click();
  await page.getByTestId('delete-project-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('Deleted "Throwaway"');
  await expect(page.getByTestId('dataset')).toContainText('Fashion-MNIST demo');
  await expect(page.getByTestId('project').locator('option')).toHaveText(['Fashion-MNIST demo']);
  const after = await recordsPerStore(page, projectId);
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  expect(Object.values(after).every((count) => count === 0), JSON.stringify(after)).toBe(true);

  await page.reload();
  await expect(page.getByTestId('dataset')).toContainText('Fashion-MNIST demo', { timeout: 60_000 });
  await expect(page.getByTestId('project').locator('option')).toHaveText(['Fashion-MNIST demo']);
});

test('deleting the demo starts it over from the built-in images', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('counts')).toContainText('100 labeled');

  await page.getByTestId('project-delete').click();
  await expect(page.getByTestId('delete-project-dialog')).toContainText('Its 100 labels are deleted from this browser.');
  await expect(page.getByTestId('delete-project-dialog')).toContainText('The demo then starts over from its built-in images.');
  await page.getByTestId('delete-project-confirm').click();
  await expect(page.getByTestId('notice')).toContainText('The demo starts over', { timeout: 120_000 });
  await expect(page.getByTestId('draw-initial')).toBeVisible();
  await expect(page.getByTestId('counts')).toContainText('0 labeled · 10,000 unlabeled · 2,000 test images');
  await expect(page.getByTestId('project').locator('option')).toHaveText(['Fashion-MNIST demo']);
});

test('a renamed project keeps its name after a reload; an empty name is refused', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('project-rename').click();
  await page.getByTestId('project-name').fill('   ');
  await page.getByTestId('project-name-save').click();
  await expect(page.getByTestId('problem')).toContainText('A project needs a name.');
  await page.getByTestId('project-name').fill('My clothes demo');
  await page.getByTestId('project-name').press('Enter');
  await expect(page.getByTestId('project').locator('option')).toHaveText(['My clothes demo']);
  await expect(page.getByTestId('problem')).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('dataset')).toContainText('My clothes demo: 10,000 pool images', { timeout: 60_000 });
  await expect(page.getByTestId('project').locator('option')).toHaveText(['My clothes demo']);
});

/** Where the page or a table is wider than the room it has: empty when everything fits. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
    for (const table of Array.from(document.querySelectorAll('table'))) {
      const room = table.parentElement!.clientWidth;
      if (table.scrollWidth > room) found.push(`${table.dataset.testid ?? table.className} ${table.scrollWidth} > ${room}`);
    }
    return found;
  });
}

test('every tab fits 1280 and 1400 pixel windows, tables included, with a cycle shown', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await useTestSizes(page);
  await trainOneCycle(page);

  for (const size of [{ width: 1280, height: 800 }, { width: 1400, height: 900 }]) {
    await page.setViewportSize(size);
    for (const tab of ['label', 'model', 'race', 'settings', 'data']) {
      await page.getByTestId(`tab-${tab}`).click();
      await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
      await page.screenshot({ path: testInfo.outputPath(`${tab}-${size.width}.png`), fullPage: true });
      expect.soft(await overflowing(page), `${tab} tab at ${size.width} px`).toEqual([]);
    }
  }
});
