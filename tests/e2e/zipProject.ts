import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { encodeIdx, parseIdx } from '../../src/lib/data/formats/idx';
import { encodePng } from '../../src/lib/data/formats/png';
import { writeZip, type ZipEntry } from '../../src/lib/data/formats/zip';

/** Helpers for specs that start from a project of their own: demo images as IDX, a ZIP imported. */

/** Opens the app on wasm, then imports `files` as a ZIP with no test share; waits for the result. */
export async function importZipProject(page: Page, files: ZipEntry[], expectedNotice: string) {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await importZip(page, files, expectedNotice);
}

/** Imports `files` as a ZIP with no test share into the open app (named `name`, if given); waits for the result. */
export async function importZip(page: Page, files: ZipEntry[], expectedNotice: string, name?: string) {
  await page.getByTestId('new-project').click();
  if (name) await page.getByTestId('images-name').fill(name);
  await page.getByTestId('images-zip').setInputFiles({ name: 'images.zip', mimeType: 'application/zip', buffer: Buffer.from(writeZip(files)) });
  await page.getByTestId('images-test-percent').fill('0');
  await page.getByTestId('images-start').click();
  await expect(page.getByTestId('notice')).toContainText(expectedNotice);
}

/** The first `count` items of one of the demo's IDX files, as an uncompressed IDX file. */
export async function demoSubset(file: string, count: number): Promise<Buffer> {
  const { dims, data } = parseIdx(new Uint8Array(gunzipSync(await readFile(`public/demo/${file}`))));
  const itemSize = dims.slice(1).reduce((a, b) => a * b, 1);
  return Buffer.from(encodeIdx([count, ...dims.slice(1)], data.subarray(0, count * itemSize)));
}

/** `count` demo images as 28x28 PNGs, dealt in turn into one folder per class: `coat/0.png`, `bag/1.png`... */
export async function demoImagesInFolders(count: number, folders: string[]): Promise<ZipEntry[]> {
  const pixels = await demoSubset('pool-images.idx.gz', count);
  return Array.from({ length: count }, (_, i) => ({
    path: `${folders[i % folders.length]}/${i}.png`,
    bytes: encodePng(new Uint8Array(pixels.subarray(16 + i * 784, 16 + (i + 1) * 784)), 28, 28, 1),
  }));
}
