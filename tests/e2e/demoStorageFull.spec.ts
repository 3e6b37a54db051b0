import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * A first visit where the demo cannot be stored (the browser's storage for the site is full) is
 * no dead end: the page shows the storage figure and what to free, keeps the project menu and
 * New project, stores nothing half-way, and Retry loads the demo once there is room.
 */

/**
 * Until `window.storageFull` is cleared, every write of image data is refused with a
 * QuotaExceededError, thrown as the write is issued (the store's writer then aborts its
 * transaction, so nothing of it is kept), and the storage estimate says 9.8 MB of 10 MB are used.
 */
async function fillStorage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const page = window as unknown as { storageFull: boolean };
    page.storageFull = true;
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (page.storageFull && this.name !== 'projects') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      };
    }
    const estimate = StorageManager.prototype.estimate;
    StorageManager.prototype.estimate = function (this: StorageManager) {
      return page.storageFull ? Promise.resolve({ usage: 9_800_000, quota: 10_000_000 }) : estimate.call(this);
    };
  });
}

/** How many records the store holds, all projects together, by store. */
function storedCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => new Promise<Record<string, number>>((resolve, reject) => {
    const open = indexedDB.open('lossloop');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const names = ['projects', 'samples', 'pixelChunks'];
      const tx = open.result.transaction(names);
      const counts: Record<string, number> = {};
      for (const name of names) {
        const request = tx.objectStore(name).count();
        request.onsuccess = () => (counts[name] = request.result);
      }
      tx.oncomplete = () => {
        resolve(counts);
        open.result.close();
      };
    };
  }));
}

test('a demo that cannot be stored leaves the project menu, the storage figure and a Retry that works once there is room', async ({ page }) => {
  await fillStorage(page);
  await page.goto('/?backend=wasm');

  const panel = page.getByTestId('demo-not-stored');
  await expect(panel).toBeVisible({ timeout: 120_000 });
  await expect(panel).toContainText('The demo could not be stored in this browser');
  await expect(page.getByTestId('storage-figure')).toHaveText('9.8 MB used of 10 MB available to this site (200 KB free)');
  await expect(panel).toContainText('delete projects of lossloop you no longer need');
  await expect(panel).toContainText("clear other websites' data");
  await expect(page.getByTestId('storage')).toContainText('9.8 MB stored in this browser of 10 MB');
  // The project menu stays, with New project.
  await expect(page.getByTestId('project')).toBeVisible();
  await expect(page.getByTestId('new-project')).toBeEnabled();
  await expect(page.getByTestId('problem')).toHaveCount(0);
  // Nothing of the demo was kept half-way.
  expect(await storedCounts(page)).toEqual({ projects: 0, samples: 0, pixelChunks: 0 });

  // New project opens the import, and closing it comes back here.
  await page.getByTestId('new-project').click();
  await expect(page.getByTestId('import-kind-images')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeVisible();

  // Still full: Retry says so again.
  await page.getByTestId('demo-retry').click();
  await expect(panel).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('storage-figure')).toHaveText('9.8 MB used of 10 MB available to this site (200 KB free)');

  // Room is made: Retry loads the demo and opens it.
  await page.evaluate(() => ((window as unknown as { storageFull: boolean }).storageFull = false));
  await page.getByTestId('demo-retry').click();
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('dataset')).toContainText('10,000 pool images');
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('project').locator('option:checked')).toHaveText('Fashion-MNIST demo');
});
