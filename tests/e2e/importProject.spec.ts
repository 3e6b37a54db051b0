import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test, expect } from './fixtures';
import { useTestSizes } from './testSizes';
import { demoImagesInFolders, demoSubset, importZipProject } from './zipProject';
import { encodePng } from '../../src/lib/data/formats/png';
import { writeZip } from '../../src/lib/data/formats/zip';

/**
 * A user brings their own IDX files: they become a new project next to the demo; a wrong file is
 * refused in plain words and leaves nothing behind.
 */

test('IDX files become a new project; a wrong file is refused', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });

  // A ZIP with no image in it: refused in plain words, before Import is pressed.
  await page.getByTestId('new-project').click();
  await page.getByTestId('images-zip').setInputFiles({ name: 'empty.zip', mimeType: 'application/zip', buffer: Buffer.from(writeZip([{ path: 'notes/readme.txt', bytes: new TextEncoder().encode('hi') }])) });
  await expect(page.getByTestId('images-chosen')).toHaveText('1 file chosen');
  await expect(page.getByTestId('images-plan')).toContainText('none of them an image');
  await expect(page.getByTestId('images-start')).toBeDisabled();
  await page.getByRole('button', { name: 'Close' }).click();

  // A text file in place of the images: refused, no project added.
  await page.getByTestId('new-project').click();
  await page.getByTestId('import-kind-idx').click();
  await page.getByTestId('import-pool-images').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not images at all') });
  await page.getByTestId('import-classes').fill('a\nb');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('problem')).toContainText('The import failed: This is not an IDX file');
  await expect(page.getByTestId('project').locator('option')).toHaveCount(1);

  await page.getByTestId('import-name').fill('My clothes');
  await page.getByTestId('import-pool-images').setInputFiles({ name: 'pool-images.idx.gz', mimeType: 'application/gzip', buffer: gzipSync(await demoSubset('pool-images.idx.gz', 1500)) });
  await page.getByTestId('import-pool-labels').setInputFiles({ name: 'pool-labels.idx', mimeType: 'application/octet-stream', buffer: await demoSubset('pool-labels.idx.gz', 1500) });
  await page.getByTestId('import-test-images').setInputFiles({ name: 'test-images.idx', mimeType: 'application/octet-stream', buffer: await demoSubset('test-images.idx.gz', 100) });
  await page.getByTestId('import-test-labels').setInputFiles({ name: 'test-labels.idx', mimeType: 'application/octet-stream', buffer: await demoSubset('test-labels.idx.gz', 100) });
  await page.getByTestId('import-classes').fill('');
  await page.getByTestId('import-start').click();

  await expect(page.getByTestId('notice')).toContainText('Imported "My clothes": 1,500 pool images, 100 test images');
  await expect(page.getByTestId('dataset')).toContainText('My clothes: 1,500 pool images, 100 test images');
  await expect(page.getByTestId('project').locator('option')).toHaveText(['Fashion-MNIST demo', 'My clothes']);
  await page.getByTestId('draw-initial').click();
  await expect(page.getByTestId('query-card')).toHaveCount(100);
  await expect(page.getByTestId('class-0')).toContainText('class 0');

  // The choice survives a reload; the demo is one click away and untouched.
  await page.reload();
  await expect(page.getByTestId('dataset')).toContainText('My clothes', { timeout: 60_000 });
  await page.getByTestId('project').selectOption({ label: 'Fashion-MNIST demo' });
  await expect(page.getByTestId('dataset')).toContainText('10,000 pool images');
  await expect(page.getByTestId('draw-initial')).toBeVisible();
});

test('a ZIP of images in class folders becomes a project; unreadable files are named and left out', async ({ page }) => {
  const pixels = await demoSubset('pool-images.idx.gz', 36);
  const files = ['shirt', 'shoe', 'bag'].flatMap((folder, c) =>
    Array.from({ length: 12 }, (_, i) => ({
      path: `photos/${folder}/${String(i).padStart(2, '0')}.png`,
      bytes: encodePng(new Uint8Array(pixels.subarray(16 + (c * 12 + i) * 784, 16 + (c * 12 + i + 1) * 784)), 28, 28, 1),
    })));
  files.push({ path: 'photos/shoe/broken.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) });
  files.push({ path: 'photos/readme.txt', bytes: new TextEncoder().encode('notes') });

  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('new-project').click();
  await page.getByTestId('images-name').fill('Photos');
  await page.getByTestId('images-zip').setInputFiles({ name: 'photos.zip', mimeType: 'application/zip', buffer: Buffer.from(writeZip(files)) });
  await expect(page.getByTestId('images-chosen')).toHaveText('38 files chosen');
  await page.getByTestId('images-test-percent').fill('25');
  await page.getByTestId('images-start').click();

  await expect(page.getByTestId('notice')).toContainText('Imported "Photos": 27 pool images, 9 test images');
  await expect(page.getByTestId('problem')).toContainText('1 file could not be read and was left out: photos/shoe/broken.png');
  // The folder names are the hidden truth: the simulated oracle can answer.
  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await expect(page.getByTestId('class-0')).toContainText('bag');
  await expect(page.getByTestId('class-2')).toContainText('shoe');
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText('20 of 20 labeled');
});

test('class names with HTML in them are shown as text, never run', async ({ page }) => {
  const pixels = await demoSubset('pool-images.idx.gz', 8);
  const image = (i: number) => encodePng(new Uint8Array(pixels.subarray(16 + i * 784, 16 + (i + 1) * 784)), 28, 28, 1);
  const hostile = '<img src=x onerror=alert(1)>';
  const files = Array.from({ length: 8 }, (_, i) => ({ path: `${i < 4 ? hostile : 'plain'}/${i}.png`, bytes: image(i) }));
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  await importZipProject(page, files, '8 pool images');
  await page.getByTestId('draw-initial').click();
  await expect(page.getByTestId('class-0')).toHaveText(`1 ${hostile}`);
  await expect(page.getByTestId('class-0').locator('img')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('a project without a test set makes one by labeling random images once', async ({ page }) => {
  const files = await demoImagesInFolders(60, ['coat', 'bag', 'shoe']);
  await importZipProject(page, files, '60 pool images, 0 test images');

  await expect(page.getByTestId('no-test-set')).toBeVisible();
  await expect(page.getByTestId('train-blocker')).toHaveText(
    'Training needs a labeled test set to measure the model on, and this project has none. Draw images for the test set above and label them once.');
  // A fifth of the 60 pool images is suggested, not a fixed 200 that would take them all.
  await expect(page.getByTestId('test-set-size')).toHaveValue('12');
  await page.getByTestId('draw-test-set').click();
  await expect(page.getByTestId('query-card')).toHaveCount(12);
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText('12 of 12 labeled');
  await page.getByTestId('hold-out').click();
  await expect(page.getByTestId('notice')).toContainText('12 labeled images are now the test set');
  await expect(page.getByTestId('counts')).toContainText('0 labeled · 48 unlabeled · 12 test images');
  await expect(page.getByTestId('no-test-set')).toHaveCount(0);

  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await expect(page.getByTestId('query-progress')).toHaveText('20 of 20 labeled');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 5 * 60_000 });
});

test('photos larger than the input keep a readable thumbnail in the grid', async ({ page }) => {
  const photo = (seed: number) => {
    const pixels = new Uint8Array(200 * 150 * 3);
    for (let i = 0; i < 200 * 150; i++) pixels.set([(i * seed) % 256, (i >> 8) % 256, seed * 40], i * 3);
    return encodePng(pixels, 200, 150, 3);
  };
  const files = Array.from({ length: 6 }, (_, i) => ({ path: `${i % 2 ? 'day' : 'night'}/${i}.png`, bytes: photo(i + 1) }));
  await importZipProject(page, files, '6 pool images');
  await page.getByTestId('draw-initial').click();
  const first = page.getByTestId('query-card').first();
  await expect(first.locator('img')).toHaveCount(1);
  await expect.poll(() => first.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
  await page.reload();
  await expect(page.getByTestId('query-card').first().locator('img')).toHaveCount(1, { timeout: 60_000 });
});

test('a folder chosen with the folder picker becomes a project, subfolders as classes', async ({ page }, testInfo) => {
  const pixels = await demoSubset('pool-images.idx.gz', 10);
  const folder = testInfo.outputPath('clothes');
  for (let i = 0; i < 10; i++) {
    const classFolder = join(folder, i % 2 ? 'shirt' : 'trouser');
    await mkdir(classFolder, { recursive: true });
    await writeFile(join(classFolder, `${i}.png`), encodePng(new Uint8Array(pixels.subarray(16 + i * 784, 16 + (i + 1) * 784)), 28, 28, 1));
  }
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('new-project').click();
  await page.getByTestId('images-folder').setInputFiles(folder);
  await expect(page.getByTestId('images-chosen')).toHaveText('10 files chosen');
  await page.getByTestId('images-test-percent').fill('20');
  await page.getByTestId('images-start').click();
  await expect(page.getByTestId('notice')).toContainText('8 pool images, 2 test images');
  await page.getByTestId('draw-initial').click();
  await expect(page.getByTestId('class-0')).toContainText('shirt');
  await expect(page.getByTestId('class-1')).toContainText('trouser');
});
