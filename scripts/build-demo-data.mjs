#!/usr/bin/env node
// Rebuilds lossloop's demo dataset (public/demo/) from Debian's dataset-fashion-mnist package.
//
// Usage: npm run demo-data -- [--source DIR] [--out DIR] [--pool N] [--test N]
//
// The output is deterministic: rerunning it on the same input writes byte-identical files,
// so the committed demo data only changes when the options do.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { runnerImport } from 'vite';

const DEFAULT_SOURCE = '/usr/share/datasets/fashion-mnist';
const CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
  'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];
const SIDE = 28;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// The default output is the repository's public/demo, wherever the script is run from.
const DEFAULT_OUT = join(ROOT, 'public', 'demo');

const LICENSE = `MIT License

Copyright (c) 2017 Zalando SE, https://tech.zalando.com

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

function fail(message) {
  console.error(message);
  process.exit(1);
}

function count(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} must be a positive whole number, got "${value}".`);
  return n;
}

// --- IDX: lossloop's own codec (src/lib/data/formats/idx.ts), loaded through Vite's module runner ---

const { module: idx } = await runnerImport(join(ROOT, 'src', 'lib', 'data', 'formats', 'idx.ts'), { configFile: false, logLevel: 'warn' });

function readIdx(bytes, file) {
  try {
    return idx.parseIdx(bytes);
  } catch (error) {
    if (error instanceof idx.IdxFormatError) fail(`${file}: ${error.message}`);
    throw error;
  }
}

// gzipSync already writes mtime 0; the OS byte depends on the platform zlib was built for,
// so pin it too (3 = Unix) and the files come out the same wherever they are built.
function gzip(bytes) {
  const out = gzipSync(bytes, { level: 9 });
  out.fill(0, 4, 8);
  out[9] = 3;
  return out;
}

// --- main ---

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: DEFAULT_SOURCE },
    out: { type: 'string', default: DEFAULT_OUT },
    pool: { type: 'string', default: '10000' },
    test: { type: 'string', default: '2000' },
  },
});
const poolCount = count(values.pool, '--pool');
const testCount = count(values.test, '--test');

const sources = {
  trainImages: join(values.source, 'train-images-idx3-ubyte.gz'),
  trainLabels: join(values.source, 'train-labels-idx1-ubyte.gz'),
  testImages: join(values.source, 't10k-images-idx3-ubyte.gz'),
  testLabels: join(values.source, 't10k-labels-idx1-ubyte.gz'),
};
const missing = Object.values(sources).filter((file) => !existsSync(file));
if (missing.length > 0) {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  fail(
    `Fashion-MNIST was not found (missing: ${missing.join(', ')}).\n` +
      `Install it with:\n\n  ${sudo}apt-get install dataset-fashion-mnist\n`,
  );
}

function readGzIdx(file) {
  return readIdx(gunzipSync(readFileSync(file)), file);
}

// Takes the first n images and labels of a split, checking that they belong together.
function subset(imagesFile, labelsFile, n, flag) {
  const images = readGzIdx(imagesFile);
  const labels = readGzIdx(labelsFile);
  const [total, rows, cols] = images.dims;
  if (images.dims.length !== 3 || rows !== SIDE || cols !== SIDE) {
    fail(`${imagesFile} should hold ${SIDE}x${SIDE} images, but its size is ${images.dims.join('x')}.`);
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== total) {
    fail(`${labelsFile} should hold ${total} labels, but its size is ${labels.dims.join('x')}.`);
  }
  if (n > total) fail(`${flag} ${n} is more than the ${total} images available in ${imagesFile}.`);
  const labelData = labels.data.subarray(0, n);
  const bad = labelData.findIndex((label) => label >= CLASSES.length);
  if (bad >= 0) fail(`${labelsFile} has label ${labelData[bad]} at index ${bad}; expected 0 to 9.`);
  return {
    images: idx.encodeIdx([n, SIDE, SIDE], images.data.subarray(0, n * SIDE * SIDE)),
    labels: idx.encodeIdx([n], labelData),
    perClass: CLASSES.map((_, c) => labelData.reduce((sum, label) => sum + (label === c ? 1 : 0), 0)),
  };
}

const pool = subset(sources.trainImages, sources.trainLabels, poolCount, '--pool');
const test = subset(sources.testImages, sources.testLabels, testCount, '--test');

const files = {
  'pool-images.idx.gz': gzip(pool.images),
  'pool-labels.idx.gz': gzip(pool.labels),
  'test-images.idx.gz': gzip(test.images),
  'test-labels.idx.gz': gzip(test.labels),
};
const dataBytes = Object.values(files).reduce((sum, bytes) => sum + bytes.length, 0);

const manifest = {
  name: 'Fashion-MNIST demo',
  source: 'Fashion-MNIST (Zalando SE), MIT licence, via Debian package dataset-fashion-mnist',
  imageShape: [SIDE, SIDE, 1],
  classes: CLASSES,
  pool: { count: poolCount, images: 'pool-images.idx.gz', labels: 'pool-labels.idx.gz' },
  test: { count: testCount, images: 'test-images.idx.gz', labels: 'test-labels.idx.gz' },
  bytes: dataBytes,
};

const notice =
  `${LICENSE}\n` +
  `The files in this directory are a subset of Fashion-MNIST: the first ${poolCount} images and labels ` +
  `of the training split and the first ${testCount} of the t10k test split, re-encoded as gzip-compressed ` +
  'IDX files by `npm run demo-data` (scripts/build-demo-data.mjs).\n';

const outputs = {
  ...files,
  'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'),
  'LICENSE-fashion-mnist.txt': new TextEncoder().encode(notice),
};

mkdirSync(values.out, { recursive: true });
const width = Math.max(...Object.keys(outputs).map((name) => name.length));
console.log(`Wrote to ${values.out}:`);
for (const [name, bytes] of Object.entries(outputs)) {
  writeFileSync(join(values.out, name), bytes);
  const kib = (bytes.length / 1024).toFixed(1);
  console.log(`  ${name.padEnd(width)}  ${String(bytes.length).padStart(9)} bytes  (${kib} KiB)`);
}
console.log(`  data files total: ${dataBytes} bytes (${(dataBytes / 1024 / 1024).toFixed(2)} MiB)`);

for (const [split, part] of [['pool', pool], ['test', test]]) {
  console.log(`Images per class in the ${split}:`);
  CLASSES.forEach((name, c) => console.log(`  ${String(c)} ${name.padEnd(12)} ${part.perClass[c]}`));
}
