import { concatBytes } from '../../src/lib/data/formats/bytes';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IdxFormatError, checkImagesAndLabels, encodeIdx } from '../../src/lib/data/formats/idx';
import {
  IdxImportAborted,
  readIdxBatches,
  readIdxLabelsAll,
  type IdxBatch,
} from '../../src/lib/data/formats/idxStream';

// Seven 4x5 images: 20 bytes each, so batch and chunk edges fall in odd places.
const IMAGE_DIMS = [7, 4, 5];
const PIXELS = Uint8Array.from({ length: 7 * 20 }, (_, i) => (i * 37 + 11) % 256);
const IMAGES = encodeIdx(IMAGE_DIMS, PIXELS);
const LABELS = encodeIdx([7], new Uint8Array([3, 1, 4, 1, 5, 9, 2]));

const CHUNK_SIZES = [1, 3, 7, 1000];

// 300 MNIST-sized images of noise, which gzip cannot shrink, so the compressed file
// too spans hundreds of 1000-byte chunks and the decompressor gives many outputs.
const BIG_DIMS = [300, 28, 28];
const BIG_PIXELS = noise(300 * 784);
const BIG = encodeIdx(BIG_DIMS, BIG_PIXELS);
const BIG_GZIP = gzipSync(BIG);

function noise(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

type Source = { stream: ReadableStream<Uint8Array>; pulls: () => number; cancelled: () => boolean };

/**
 * A stream that hands out bytes in chunks of chunkSize, one per read, as a file or
 * network stream would. Chunks are copies, so the reader cannot lean on one shared buffer.
 */
function source(bytes: Uint8Array, chunkSize: number): Source {
  let offset = 0;
  let pulls = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulls++;
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(offset, offset + chunkSize));
        offset += chunkSize;
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls, cancelled: () => cancelled };
}

function streamOf(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  return source(bytes, chunkSize).stream;
}

async function collect(batches: AsyncGenerator<IdxBatch>): Promise<IdxBatch[]> {
  const out: IdxBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

const concat = concatBytes;

/** Byte-for-byte equality; much faster than toEqual on arrays of this size. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Awaits the promise and returns what it rejected with, failing the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** The batches yielded before the reader failed, and what it failed with. */
async function readUntilError(batches: AsyncGenerator<IdxBatch>): Promise<{ batches: IdxBatch[]; error: Error }> {
  const received: IdxBatch[] = [];
  const error = await rejection(
    (async () => {
      for await (const batch of batches) received.push(batch);
    })(),
  );
  return { batches: received, error };
}

async function expectIdxError(bytes: Uint8Array, fragment: string, chunkSize = 3, batchSize = 2): Promise<void> {
  const error = await rejection(collect(readIdxBatches(streamOf(bytes, chunkSize), batchSize)));
  expect(error).toBeInstanceOf(IdxFormatError);
  expect(error.name).toBe('IdxFormatError');
  expect(error.message).toContain(fragment);
}

function damagedGzip(bytes: Uint8Array): Uint8Array {
  const damaged = bytes.slice();
  const middle = damaged.length >> 1;
  for (let i = middle - 3; i < middle + 3; i++) damaged[i] ^= 0xff;
  return damaged;
}

/** A single stream tick is not enough for cancel to travel back through a pipe; a macrotask is. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('readIdxBatches', () => {
  it('covers every image exactly once with the right bytes, for any chunk and batch size', async () => {
    // 2 and 3 do not divide 7; 100 is larger than the whole file.
    for (const chunkSize of CHUNK_SIZES) {
      for (const batchSize of [1, 2, 3, 7, 100]) {
        const batches = await collect(readIdxBatches(streamOf(IMAGES, chunkSize), batchSize));
        expect(batches.length).toBe(Math.ceil(7 / batchSize));
        let next = 0;
        for (const batch of batches) {
          expect(batch.dims).toEqual(IMAGE_DIMS);
          expect(batch.first).toBe(next);
          expect(batch.count).toBe(Math.min(batchSize, 7 - next));
          expect(batch.data).toEqual(PIXELS.subarray(next * 20, (next + batch.count) * 20));
          next += batch.count;
        }
        expect(next).toBe(7);
      }
    }
  });

  it('gives each batch its own buffer', async () => {
    const batches = await collect(readIdxBatches(streamOf(IMAGES, 1000), 3));
    const buffers = new Set(batches.map((b) => b.data.buffer));
    expect(buffers.size).toBe(batches.length);
    for (const batch of batches) {
      expect(batch.data.byteOffset).toBe(0);
      expect(batch.data.buffer.byteLength).toBe(batch.data.length);
    }
    // Changing the dims of one batch must not change the next.
    batches[0].dims[0] = 99;
    expect(batches[1].dims).toEqual(IMAGE_DIMS);
  });

  it('gives identical batches for gzip and plain input', async () => {
    const gzipped = gzipSync(IMAGES);
    for (const chunkSize of CHUNK_SIZES) {
      for (const batchSize of [1, 3, 100]) {
        const plain = await collect(readIdxBatches(streamOf(IMAGES, chunkSize), batchSize));
        const unpacked = await collect(readIdxBatches(streamOf(gzipped, chunkSize), batchSize));
        expect(unpacked).toEqual(plain);
      }
    }
  });

  it('reads a larger gzip file that arrives in many chunks', async () => {
    const batches = await collect(readIdxBatches(streamOf(BIG_GZIP, 1000), 64));
    expect(batches.map((b) => b.count)).toEqual([64, 64, 64, 64, 44]);
    expect(batches.every((b) => b.dims.join() === BIG_DIMS.join())).toBe(true);
    expect(sameBytes(concat(batches.map((b) => b.data)), BIG_PIXELS)).toBe(true);
  });

  it('reads a 1-D label file one byte per item', async () => {
    const batches = await collect(readIdxBatches(streamOf(LABELS, 1), 3));
    expect(batches.map((b) => [b.first, b.count])).toEqual([
      [0, 3],
      [3, 3],
      [6, 1],
    ]);
    expect(Array.from(concat(batches.map((b) => b.data)))).toEqual([3, 1, 4, 1, 5, 9, 2]);
  });

  it('yields one empty batch for a file with no images, so the dims are known', async () => {
    const batches = await collect(readIdxBatches(streamOf(encodeIdx([0, 28, 28], new Uint8Array(0)), 7), 10));
    expect(batches).toEqual([{ dims: [0, 28, 28], first: 0, count: 0, data: new Uint8Array(0) }]);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    for (const batchSize of [0, -1, 1.5, Number.NaN]) {
      await expect(collect(readIdxBatches(streamOf(IMAGES, 7), batchSize))).rejects.toThrow(RangeError);
    }
  });

  it('cancels the source when the caller stops early', async () => {
    const src = source(IMAGES, 7);
    for await (const batch of readIdxBatches(src.stream, 2)) {
      expect(batch.first).toBe(0);
      break;
    }
    expect(src.cancelled()).toBe(true);
  });
});

describe('readIdxBatches errors', () => {
  it('rejects a file that is not IDX, with parseIdx wording', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    await expectIdxError(zip, 'This is not an IDX file: its first bytes are 50 4b 03 04', 1);
    // Inside gzip the same check applies to the unpacked bytes.
    await expectIdxError(gzipSync(zip), 'its first bytes are 50 4b 03 04', 1);
  });

  it('rejects data types other than unsigned bytes', async () => {
    const floats = encodeIdx([2], new Uint8Array(2));
    floats[2] = 0x0d;
    await expectIdxError(floats, 'holds 32-bit floats (type code 0x0d)');
    await expectIdxError(floats, 'only unsigned bytes (type code 0x08) are supported');
  });

  it('rejects 0 or more than 4 dimensions', async () => {
    await expectIdxError(new Uint8Array([0, 0, 8, 0, 0, 0]), 'says it has 0 dimensions');
    await expectIdxError(new Uint8Array([0, 0, 8, 5, 0, 0, 0, 1]), 'says it has 5 dimensions, but only 1 to 4');
  });

  it('rejects a file too short for its header', async () => {
    await expectIdxError(new Uint8Array(0), 'it has 0 bytes');
    await expectIdxError(IMAGES.subarray(0, 3), 'too short to be an IDX file: it has 3 bytes', 1);
    await expectIdxError(
      IMAGES.subarray(0, 10),
      'header needs 16 bytes for 3 dimensions, but the file has only 10 bytes',
      1,
    );
  });

  it('rejects truncated data, saying how many images arrived', async () => {
    for (const chunkSize of CHUNK_SIZES) {
      const cut = IMAGES.subarray(0, IMAGES.length - 1);
      await expectIdxError(cut, 'ends after 6 of 7 images (it looks truncated)', chunkSize);
    }
    // Cut exactly after image 3, inside a batch larger than the file, and right after the header.
    await expectIdxError(IMAGES.subarray(0, 16 + 3 * 20), 'ends after 3 of 7 images', 7, 100);
    await expectIdxError(IMAGES.subarray(0, 16), 'ends after 0 of 7 images', 7, 100);
    await expectIdxError(LABELS.subarray(0, LABELS.length - 2), 'ends after 5 of 7 labels', 1);
  });

  it('rejects a header asking for more memory than exists', async () => {
    // One item of 65535 × 65535 × 65535 bytes.
    const huge = new Uint8Array([0, 0, 8, 4, 0, 0, 0, 1, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 1, 2, 3]);
    await expectIdxError(huge, 'says each item has size 65535 × 65535 × 65535, so 1 item would need 281462092005375');
  });

  it('rejects truncated data inside a complete gzip file', async () => {
    await expectIdxError(gzipSync(IMAGES.subarray(0, IMAGES.length - 5)), 'ends after 6 of 7 images', 3);
  });

  it('yields the batches before a cut, but never a partial one', async () => {
    const truncated = IMAGES.subarray(0, 16 + 5 * 20 + 4);
    const { batches, error } = await readUntilError(readIdxBatches(streamOf(truncated, 7), 2));
    expect(error).toBeInstanceOf(IdxFormatError);
    expect(batches.map((b) => b.first)).toEqual([0, 2]);
  });

  it('rejects extra bytes after the data, before yielding the last batch', async () => {
    const extra = new Uint8Array(IMAGES.length + 1);
    extra.set(IMAGES);
    for (const chunkSize of CHUNK_SIZES) {
      await expectIdxError(extra, 'extra bytes after the 7 images its header announces', chunkSize);
    }
    const { batches, error } = await readUntilError(readIdxBatches(streamOf(extra, 1000), 100));
    expect(error).toBeInstanceOf(IdxFormatError);
    expect(batches).toEqual([]);
    await expectIdxError(gzipSync(extra), 'extra bytes', 7);
  });

  it('rejects gzip data cut in half', async () => {
    const gzipped = gzipSync(IMAGES);
    for (const chunkSize of CHUNK_SIZES) {
      const half = gzipped.subarray(0, gzipped.length >> 1);
      await expectIdxError(half, 'the gzip data is damaged or incomplete', chunkSize);
    }
  });

  it('rejects gzip data with damaged bytes in the middle', async () => {
    const damaged = damagedGzip(gzipSync(IMAGES));
    for (const chunkSize of CHUNK_SIZES) {
      await expectIdxError(damaged, 'the gzip data is damaged or incomplete', chunkSize);
    }
  });

  it('passes on an error of the source itself unchanged, plain or gzip', async () => {
    for (const bytes of [IMAGES, gzipSync(IMAGES)]) {
      const failure = new Error('the disk went away');
      let sent = false;
      const failing = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (sent) throw failure;
            controller.enqueue(bytes.slice(0, 20));
            sent = true;
          },
        },
        { highWaterMark: 0 },
      );
      expect(await rejection(collect(readIdxBatches(failing, 2)))).toBe(failure);
    }
  });
});

describe('readIdxBatches abort', () => {
  it('stops mid-stream with IdxImportAborted and cancels the source', async () => {
    const src = source(BIG, 1000);
    const controller = new AbortController();
    const batches = readIdxBatches(src.stream, 16, { signal: controller.signal });
    expect((await batches.next()).done).toBe(false);
    controller.abort();
    const error = await rejection(batches.next());
    expect(error).toBeInstanceOf(IdxImportAborted);
    expect(error.name).toBe('AbortError');
    expect(error.message).toBe('The import was cancelled.');
    expect(src.cancelled()).toBe(true);
    // 237 reads would reach the end of the file.
    expect(src.pulls()).toBeLessThan(20);
  });

  it('stops mid-stream in a gzip file', async () => {
    // Node's DecompressionStream has read the whole source by the first batch, so only the
    // generator's side shows here; the next test covers cancelling a gzip source.
    const controller = new AbortController();
    const batches = readIdxBatches(streamOf(BIG_GZIP, 1000), 16, { signal: controller.signal });
    expect((await batches.next()).done).toBe(false);
    controller.abort();
    expect(await rejection(batches.next())).toBeInstanceOf(IdxImportAborted);
    expect((await batches.next()).done).toBe(true);
  });

  it('stops at once while waiting for a chunk that never comes', async () => {
    for (const bytes of [IMAGES, gzipSync(IMAGES)]) {
      let cancelled = false;
      let sent = false;
      const stalled = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (sent) return new Promise<void>(() => {});
            controller.enqueue(bytes.slice(0, 40));
            sent = true;
          },
          cancel() {
            cancelled = true;
          },
        },
        { highWaterMark: 0 },
      );
      const controller = new AbortController();
      const pending = collect(readIdxBatches(stalled, 7, { signal: controller.signal }));
      await settle();
      controller.abort(new Error('user pressed stop'));
      const error = await rejection(pending);
      expect(error).toBeInstanceOf(IdxImportAborted);
      expect(error.cause).toEqual(new Error('user pressed stop'));
      await settle();
      expect(cancelled).toBe(true);
    }
  });

  it('reads nothing when the signal is already aborted', async () => {
    const src = source(IMAGES, 7);
    const error = await rejection(collect(readIdxBatches(src.stream, 2, { signal: AbortSignal.abort() })));
    expect(error).toBeInstanceOf(IdxImportAborted);
    expect(src.pulls()).toBe(0);
    expect(src.cancelled()).toBe(true);
  });
});

describe('readIdxLabelsAll', () => {
  it('reads all labels from plain and gzip files in any chunk size', async () => {
    for (const chunkSize of CHUNK_SIZES) {
      for (const bytes of [LABELS, gzipSync(LABELS)]) {
        expect(Array.from(await readIdxLabelsAll(streamOf(bytes, chunkSize)))).toEqual([3, 1, 4, 1, 5, 9, 2]);
      }
    }
  });

  it('reads more labels than fit in one batch', async () => {
    const labels = Uint8Array.from({ length: 70_000 }, (_, i) => i % 10);
    const read = await readIdxLabelsAll(streamOf(gzipSync(encodeIdx([70_000], labels)), 4096));
    expect(sameBytes(read, labels)).toBe(true);
  });

  it('reads an empty label file', async () => {
    expect((await readIdxLabelsAll(streamOf(encodeIdx([0], new Uint8Array(0)), 7))).length).toBe(0);
  });

  it('refuses an image file after its first batch, without reading it to the end', async () => {
    // 640,016 bytes in 1000-byte chunks: 641 reads for the whole file.
    const src = source(encodeIdx([40_000, 4, 4], new Uint8Array(40_000 * 16)), 1000);
    const error = await rejection(readIdxLabelsAll(src.stream));
    expect(error).toBeInstanceOf(IdxFormatError);
    expect(error.message).toContain('This is not a label file: it holds data of size 40000 × 4 × 4');
    expect(src.pulls()).toBeLessThan(100);
    expect(src.cancelled()).toBe(true);
  });

  it('passes on format errors', async () => {
    const error = await rejection(readIdxLabelsAll(streamOf(LABELS.subarray(0, 9), 3)));
    expect(error).toBeInstanceOf(IdxFormatError);
    expect(error.message).toContain('ends after 1 of 7 labels');
  });
});

describe('checkImagesAndLabels', () => {
  it('accepts matching files', () => {
    expect(() => checkImagesAndLabels([60000, 28, 28], [60000])).not.toThrow();
    expect(() => checkImagesAndLabels([10, 32, 32, 3], [10])).not.toThrow();
  });

  it('rejects different counts, naming both', () => {
    expect(() => checkImagesAndLabels([60000, 28, 28], [59999])).toThrow(IdxFormatError);
    expect(() => checkImagesAndLabels([60000, 28, 28], [59999])).toThrow(
      'The image file holds 60000 images but the label file 59999 labels',
    );
  });

  it('rejects a label file that is not 1-D', () => {
    expect(() => checkImagesAndLabels([60000, 28, 28], [60000, 28, 28])).toThrow(IdxFormatError);
    expect(() => checkImagesAndLabels([60000, 28, 28], [60000, 1])).toThrow('label file should have one dimension');
  });

  it('rejects an image file with fewer than 3 dimensions', () => {
    expect(() => checkImagesAndLabels([60000], [60000])).toThrow(IdxFormatError);
    expect(() => checkImagesAndLabels([60000, 784], [60000])).toThrow('at least 3 dimensions');
    expect(() => checkImagesAndLabels([60000], [60000])).toThrow('Were the image and label files swapped?');
  });
});
