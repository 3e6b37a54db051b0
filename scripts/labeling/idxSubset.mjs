// IDX files holding the first N images (and labels) of another IDX set, for a project of a chosen
// pool size imported through the app's own IDX import.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

export const FASHION_MNIST_INSTALL = 'Fashion-MNIST is not installed: `sudo apt-get install dataset-fashion-mnist` (Debian) puts it in /usr/share/datasets/fashion-mnist, or pass --source DIR with its four IDX files.';

const STEMS = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/** Whether `dir` holds the four Fashion-MNIST IDX files, gzipped or not. */
export function hasIdxSet(dir) {
  return STEMS.every((stem) => existsSync(join(dir, `${stem}.gz`)) || existsSync(join(dir, stem)));
}

function readIdx(dir, stem) {
  const gz = join(dir, `${stem}.gz`);
  return existsSync(gz) ? gunzipSync(readFileSync(gz)) : readFileSync(join(dir, stem));
}

/** The first `count` items of an IDX file: its header with the new count, and their bytes. */
function firstItems(bytes, count) {
  const dims = bytes[3];
  const header = 4 + 4 * dims;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const available = view.getUint32(4);
  if (count > available) throw new Error(`The IDX file holds ${available} items, not ${count}.`);
  let itemBytes = 1;
  for (let d = 1; d < dims; d++) itemBytes *= view.getUint32(4 + 4 * d);
  const out = Buffer.from(bytes.subarray(0, header + count * itemBytes));
  out.writeUInt32BE(count, 4);
  return out;
}

/**
 * Writes into `dir` an IDX set of the first `poolSize` training and `testSize` test images of the
 * set in `source`, gzipped as Fashion-MNIST ships. Returns `dir`.
 */
export function writeIdxSubset(source, dir, poolSize, testSize) {
  mkdirSync(dir, { recursive: true });
  for (const stem of STEMS) {
    const count = stem.startsWith('train') ? poolSize : testSize;
    // Level 1: the import reads these once; compressing harder only costs time here.
    writeFileSync(join(dir, `${stem}.gz`), gzipSync(firstItems(readIdx(source, stem), count), { level: 1 }));
  }
  return dir;
}
