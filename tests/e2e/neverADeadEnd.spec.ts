import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { useTestSizes, TEST_SIZES } from './testSizes';
import { encodePng } from '../../src/lib/data/formats/png';
import { writeZip, type ZipEntry } from '../../src/lib/data/formats/zip';

/**
 * Whenever the page will not do what is asked (train, import), it says why and what to do, next to
 * the button, before anything is clicked; and a problem with the data never suggests a backend.
 */

/** A small grey PNG whose shade tells the images apart. */
function greyPng(shade: number): Uint8Array {
  return encodePng(new Uint8Array(28 * 28).fill(shade), 28, 28, 1);
}

async function openApp(page: Page): Promise<void> {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
}

async function chooseZip(page: Page, name: string, files: ZipEntry[]): Promise<void> {
  await page.getByTestId('images-zip').setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(writeZip(files)) });
}

/** The label of every test image of the imported (not demo) project, in id order. */
function importedTestLabels(page: Page): Promise<(number | null)[]> {
  return page.evaluate(() => new Promise<(number | null)[]>((resolve, reject) => {
    const open = indexedDB.open('lossloop');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('samples').objectStore('samples').getAll();
      all.onsuccess = () => {
        const samples = all.result as { projectId: string; id: number; split: string; label: number | null }[];
        resolve(samples.filter((s) => s.projectId !== 'demo' && s.split === 'test').sort((a, b) => a.id - b.id).map((s) => s.label));
        open.result.close();
      };
    };
  }));
}

test('an invalid setting keeps Train off with the reason beside it; a reload shows the stored, valid settings', async ({ page }) => {
  await openApp(page);
  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText('20 of 20 labeled');
  await expect(page.getByTestId('train')).toBeEnabled();
  await expect(page.getByTestId('train-blocker')).toHaveCount(0);

  await page.getByTestId('tab-settings').click();
  await page.getByTestId('setting-batchSize').fill('7');
  await page.getByTestId('setting-batchSize').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Batch size must be even' })).toBeVisible();

  await page.getByTestId('tab-label').click();
  await expect(page.getByTestId('train')).toBeDisabled();
  await expect(page.getByTestId('train-blocker')).toContainText('Batch size must be even');
  await expect(page.getByTestId('train-blocker')).toContainText('Fix it in the Settings tab');
  // A race would train on the last valid values while the form shows another: it waits too.
  await page.getByTestId('tab-race').click();
  await expect(page.getByTestId('race-start')).toBeDisabled();
  await expect(page.getByTestId('race-start-why')).toContainText('Batch size must be even');

  // The typed value and its message are still there when the tab is opened again.
  await page.getByTestId('tab-settings').click();
  await expect(page.getByTestId('setting-batchSize')).toHaveValue('7');
  await expect(page.getByRole('alert').filter({ hasText: 'Batch size must be even' })).toBeVisible();

  // Nothing invalid was stored: a reload shows the last valid value, and Train is back.
  await page.reload();
  await expect(page.getByTestId('train')).toBeEnabled({ timeout: 120_000 });
  await page.getByTestId('tab-settings').click();
  await expect(page.getByTestId('setting-batchSize')).toHaveValue(String(TEST_SIZES.batchSize));
  await expect(page.getByTestId('setting-batchSize')).toHaveAttribute('aria-invalid', 'false');

  // A value refused because of another setting is saved once that one makes room for it.
  await page.getByTestId('setting-queryK').fill('30');
  await page.getByTestId('setting-queryK').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Scored subset M must be at least query size K' })).toBeVisible();
  await page.getByTestId('setting-subsetM').fill('40');
  await page.getByTestId('setting-subsetM').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'Scored subset M must be at least query size K' })).toHaveCount(0);
  await page.getByTestId('tab-label').click();
  await expect(page.getByTestId('train')).toBeEnabled();
  await page.getByTestId('tab-settings').click();
  await expect(page.getByTestId('setting-queryK')).toHaveValue('30');
});

test('a ZIP with top-level train/ and test/ folders keeps its test folder as the test set', async ({ page }) => {
  const files: ZipEntry[] = [];
  for (const [split, count] of [['train', 4], ['test', 2]] as const) {
    for (const [c, name] of ['boot', 'sandal'].entries()) {
      for (let i = 0; i < count; i++) files.push({ path: `shoes/${split}/${name}/${i}.png`, bytes: greyPng(40 * c + 10 * i + (split === 'test' ? 100 : 0)) });
    }
  }
  await openApp(page);
  await page.getByTestId('new-project').click();
  await page.getByTestId('images-name').fill('Shoes');
  await page.getByTestId('images-test-percent').fill('25'); // a test/ folder wins over the share
  await chooseZip(page, 'shoes.zip', files);
  await expect(page.getByTestId('images-plan')).toHaveText('train/ and test/ folders: 8 training images, 4 test images, 2 classes (boot, sandal).');
  await page.getByTestId('images-start').click();
  await expect(page.getByTestId('notice')).toContainText('Imported "Shoes": 8 pool images, 4 test images.');
  expect(await importedTestLabels(page)).toEqual([0, 0, 1, 1]);
});

test('a small folder with given labels gets one test image per class, and the form says so before the import', async ({ page }, testInfo) => {
  const folder = testInfo.outputPath('pets');
  for (const [c, name] of ['cat', 'dog'].entries()) {
    await mkdir(join(folder, name), { recursive: true });
    for (let i = 0; i < 3; i++) await writeFile(join(folder, name, `${i}.png`), greyPng(60 * c + 20 * i));
  }
  await openApp(page);
  await page.getByTestId('new-project').click();
  await page.getByLabel('the classes, as given labels').check();
  await page.getByTestId('images-test-percent').fill('20');
  await page.getByTestId('images-folder').setInputFiles(folder);
  await expect(page.getByTestId('images-chosen')).toHaveText('6 files chosen');
  await expect(page.getByTestId('images-plan')).toHaveText('2 classes from folders (cat, dog); 20% of each class held out: 4 training images, 2 test images.');
  await page.getByTestId('images-start').click();
  await expect(page.getByTestId('notice')).toContainText('4 pool images, 2 test images');
  expect(await importedTestLabels(page)).toEqual([0, 1]);
  await expect(page.getByTestId('no-test-set')).toHaveCount(0);
});

test('an empty ZIP is said at once; a bad file never offers another backend, and its banner goes with the form', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('new-project').click();
  await expect(page.getByTestId('images-start')).toBeDisabled();
  await expect(page.getByTestId('images-start-why')).toHaveText('Choose a folder or a ZIP of images first.');

  await chooseZip(page, 'empty.zip', [{ path: 'notes/readme.txt', bytes: new TextEncoder().encode('hi') }]);
  await expect(page.getByTestId('images-plan')).toContainText('1 file was found, none of them an image.');
  await expect(page.getByTestId('images-start')).toBeDisabled();
  await expect(page.getByTestId('images-start-why')).toBeVisible();

  // One class folder: refused before the click too.
  await chooseZip(page, 'one.zip', [{ path: 'cat/1.png', bytes: greyPng(1) }, { path: 'cat/2.png', bytes: greyPng(2) }]);
  await expect(page.getByTestId('images-plan')).toContainText('Only one class folder was found ("cat")');
  await expect(page.getByTestId('images-start')).toBeDisabled();

  // Images that cannot be decoded: a data problem, with no backend to switch to.
  const broken = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  await chooseZip(page, 'broken.zip', [{ path: 'cat/1.png', bytes: broken }, { path: 'dog/1.png', bytes: broken }]);
  await page.getByTestId('images-start').click();
  await expect(page.getByTestId('problem')).toContainText('The import failed');
  await expect(page.getByTestId('problem').getByTestId('backend-switch')).toHaveCount(0);

  // Closing the form takes its problem with it.
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('problem')).toHaveCount(0);
  await expect(page.getByTestId('draw-initial')).toBeVisible();
});
