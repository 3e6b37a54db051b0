import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { deflateSync, Zip, type ZipInputFile } from 'fflate';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { demoImagesInFolders, demoSubset, importZip } from './zipProject';
import { encodePng } from '../../src/lib/data/formats/png';

/**
 * Imports are held to a budget before anything is unpacked or decoded: a ZIP bomb is refused in
 * seconds from its table of contents, off the page, and a folder by its files' sizes. The form's
 * defaults fit the images, and a test/ folder decides the test set.
 */

const MIB = 1024 * 1024;

/**
 * 40 entries of 60 MiB of zeros each, deflated by fflate at level 9: 2.4 MB that unpack to 2.4 GB,
 * every entry under the 64 MiB allowed for one file. The 60 MiB are deflated once and the same
 * bytes stored 40 times (with their CRC), which makes the same archive as deflating each entry.
 */
function zipBomb(): Buffer {
  const zeros = new Uint8Array(60 * MIB);
  const packed = deflateSync(zeros, { level: 9 });
  const crc = crc32(zeros);
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    chunks.push(data);
  });
  for (let i = 0; i < 40; i++) {
    const file: ZipInputFile = { filename: `bomb/${String(i).padStart(2, '0')}.png`, size: zeros.length, crc, compression: 8, mtime: new Date(1980, 0, 1) };
    zip.add(file);
    file.ondata!(null, packed, true);
  }
  zip.end();
  return Buffer.concat(chunks);
}

/** The JS heap of the page, from the DevTools protocol. */
async function pageHeapBytes(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const { metrics } = await session.send('Performance.getMetrics');
  await session.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value;
}

/** The largest peak resident memory of the renderer processes on this machine (Linux), or null elsewhere. */
async function rendererPeakBytes(): Promise<number | null> {
  let peak: number | null = null;
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes('--type=renderer')) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    if (kib > 0) peak = Math.max(peak ?? 0, kib * 1024);
  }
  return peak;
}

async function openImport(page: Page): Promise<void> {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('new-project').click();
}

test('a ZIP bomb of 40 entries is refused within seconds, naming its declared total and the budget', async ({ page }) => {
  const bomb = zipBomb();
  expect(bomb.length).toBeGreaterThan(2_000_000);
  expect(bomb.length).toBeLessThan(3_000_000);
  await openImport(page);

  const started = Date.now();
  await page.getByTestId('images-zip').setInputFiles({ name: 'bomb.zip', mimeType: 'application/zip', buffer: bomb });
  // 40 x 62,914,560 = 2,516,582,400 bytes.
  await expect(page.getByTestId('images-chosen')).toContainText('The images in this ZIP archive would unpack to 2,516,582,400 bytes (2.3 GiB), more than the ', { timeout: 10_000 });
  const seconds = (Date.now() - started) / 1000;
  const message = await page.getByTestId('images-chosen').innerText();
  expect(message).toMatch(/more than the [\d,.]+ ?(GiB|MiB|bytes)[^,]* (one import may take|this browser has left for lossloop's data)/);
  expect(message).toContain('so none of them was read');
  await expect(page.getByTestId('images-start')).toBeDisabled();
  await expect(page.getByTestId('images-start-why')).toHaveText('Import is off: choose another folder or ZIP.');

  const heap = await pageHeapBytes(page);
  const peak = await rendererPeakBytes();
  console.log(`bomb refused in ${seconds.toFixed(2)} s; page JS heap ${(heap / MIB).toFixed(1)} MiB; ` +
    `largest renderer peak RSS ${peak === null ? 'unknown' : `${(peak / MIB).toFixed(0)} MiB`}; message: ${message}`);
  expect(seconds).toBeLessThan(5);
  expect(heap).toBeLessThan(200 * MIB);
  await expect(page.getByTestId('images-plan')).toHaveCount(0);
});

test('a folder larger than the space left is refused by its files\' sizes, before any is read', async ({ page }, testInfo) => {
  // The browser says 10,000 bytes are left for the site.
  await page.addInitScript(() => {
    StorageManager.prototype.estimate = () => Promise.resolve({ usage: 9_990_000, quota: 10_000_000 });
  });
  const folder = testInfo.outputPath('photos');
  // Noise does not compress: each PNG is over 12 kB, more than the 10,000 bytes left.
  const noisy = (seed: number) => {
    let x = seed;
    return Uint8Array.from({ length: 64 * 64 * 3 }, () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 24);
  };
  for (const [i, name] of ['day', 'night'].entries()) {
    await mkdir(join(folder, name), { recursive: true });
    await writeFile(join(folder, name, `${i}.png`), encodePng(noisy(i + 1), 64, 64, 3));
  }
  await openImport(page);
  await page.getByTestId('images-folder').setInputFiles(folder);
  await expect(page.getByTestId('images-chosen')).toContainText(/^The images chosen add up to [\d,]+ bytes, more than the 10,000 bytes this browser has left for lossloop's data, so none of them was read\./);
  await expect(page.getByTestId('images-start')).toBeDisabled();
});

test('grey 28x28 digits in train/ and test/ folders propose 28x28 greyscale without flips, and the test folder is the test set', async ({ page }, testInfo) => {
  const pixels = await demoSubset('pool-images.idx.gz', 10);
  const folder = testInfo.outputPath('digits');
  for (let i = 0; i < 10; i++) {
    const dir = join(folder, i < 7 ? 'train' : 'test', String(i % 2));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${i}.png`), encodePng(new Uint8Array(pixels.subarray(16 + i * 784, 16 + (i + 1) * 784)), 28, 28, 1));
  }
  await openImport(page);
  await expect(page.getByTestId('images-size')).toHaveValue('32');
  await expect(page.getByTestId('images-rgb')).toBeChecked();
  await page.getByTestId('images-name').fill('Digits');
  await page.getByTestId('images-folder').setInputFiles(folder);
  await expect(page.getByTestId('images-chosen')).toHaveText('10 files chosen');
  await expect(page.getByTestId('images-size')).toHaveValue('28');
  await expect(page.getByTestId('images-grey')).toBeChecked();
  await expect(page.getByTestId('images-proposal')).toHaveText('Proposed from the images: 10 of 10 sampled images are 28 x 28 pixels, all are greyscale.');
  await expect(page.getByTestId('images-flip')).not.toBeChecked();
  await expect(page.getByTestId('images-flip-warning')).toContainText('leave it off for text, digits');
  await expect(page.getByTestId('images-test-percent')).toHaveCount(0);
  await expect(page.getByTestId('images-test-folder')).toHaveText('Labeled test set: the 3 images in the test/ folder, as the folders split them.');

  await page.getByTestId('images-start').click();
  await expect(page.getByTestId('notice')).toContainText('Imported "Digits": 7 pool images, 3 test images');
  const stored = await page.evaluate(() => new Promise<{ shape: number[]; flips: boolean }>((resolve, reject) => {
    const open = indexedDB.open('lossloop');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const all = open.result.transaction('projects').objectStore('projects').getAll();
      all.onsuccess = () => {
        const project = (all.result as { name: string; imageShape: number[]; settings: { horizontalFlip: boolean } }[]).find((p) => p.name === 'Digits')!;
        resolve({ shape: project.imageShape, flips: project.settings.horizontalFlip });
        open.result.close();
      };
    };
  }));
  expect(stored).toEqual({ shape: [28, 28, 1], flips: false });
});

test('an image that declares more pixels than one image may have is left out by its header, and named', async ({ page }) => {
  // A PNG signature and header chunk declaring 50,000 x 50,000 pixels, and nothing else: decoding it would take 10 GB.
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(50_000, 16);
  header.writeUInt32BE(50_000, 20);
  header.set([8, 0, 0, 0, 0], 24);
  const files = [...await demoImagesInFolders(6, ['coat', 'bag']), { path: 'bag/huge.png', bytes: new Uint8Array(header) }];
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await importZip(page, files, 'Imported "Imported images": 6 pool images, 0 test images');
  await expect(page.getByTestId('problem')).toHaveText(
    '1 file could not be read and was left out: bag/huge.png: the image is 50,000 x 50,000 pixels, more than the 50 megapixels one image may have here; make it smaller first.');
});
