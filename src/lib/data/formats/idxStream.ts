import { plural } from '../../core/plural';
// Streaming reader for IDX files, plain or gzip-compressed.
//
// The full Fashion-MNIST training set is 47 MB of pixels; holding it whole (and
// again as a decompressed copy) is too much for a phone or a worker. This reader
// hands the images out in batches and keeps only the batch being filled plus the
// unread rest of one stream chunk.

import { IDX_START_LENGTH, IdxFormatError, idxHeaderLength, isGzip, readIdxDims } from './idx';
import { concatBytes } from './bytes';

// The label reader learns the dims only with its first batch; keeping that batch small
// means an image file picked by mistake is refused after a few megabytes, not read whole.
const LABEL_BATCH = 4096;

/** A run of consecutive items from an IDX file. */
export type IdxBatch = {
  /** All dimensions from the header, e.g. [60000, 28, 28]. */
  dims: number[];
  /** Index of the first item of this batch in the file. */
  first: number;
  /** Number of items in this batch. */
  count: number;
  /** Exactly count × (item size) bytes, in a fresh buffer the caller may keep. */
  data: Uint8Array;
};

/** Thrown when an import is cancelled through its AbortSignal. Named like a DOM AbortError. */
export class IdxImportAborted extends Error {
  constructor(reason?: unknown) {
    super('The import was cancelled.');
    this.name = 'AbortError';
    this.cause = reason;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new IdxImportAborted(signal.reason);
}

function ignore(): void {}

/** Reads the next chunk, or undefined at the end; an abort wins over whatever the read returned. */
async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<Uint8Array | undefined> {
  let result: ReadableStreamReadResult<Uint8Array>;
  try {
    result = await reader.read();
  } catch (error) {
    throwIfAborted(signal);
    throw error;
  }
  // Cancelling on abort ends a pending read as if the stream were done; that is not the end of the file.
  throwIfAborted(signal);
  return result.done ? undefined : result.value;
}

type Pull = () => Promise<Uint8Array | undefined>;

/** Hands out exact byte counts from a chunked stream, keeping only the unread rest of one chunk. */
class ByteReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private offset = 0;

  constructor(private readonly pull: Pull) {}

  /** Copies bytes into target until it is full or the stream ends; returns how many were copied. */
  async fill(target: Uint8Array): Promise<number> {
    let filled = 0;
    while (filled < target.length) {
      if (!(await this.ensureBytes())) break;
      const n = Math.min(target.length - filled, this.chunk.length - this.offset);
      target.set(this.chunk.subarray(this.offset, this.offset + n), filled);
      filled += n;
      this.offset += n;
    }
    return filled;
  }

  /** True when the stream has no bytes left. */
  async atEnd(): Promise<boolean> {
    return !(await this.ensureBytes());
  }

  private async ensureBytes(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      // Drop a used-up chunk before waiting, so it is not kept alive while the caller works.
      this.chunk = new Uint8Array(0);
      this.offset = 0;
      const next = await this.pull();
      if (next === undefined) return false;
      this.chunk = next;
    }
    return true;
  }
}

/** Reads chunks until the first two bytes are known, to tell gzip from plain IDX. */
async function readHead(pull: Pull): Promise<{ chunks: Uint8Array[]; gzip: boolean }> {
  const chunks: Uint8Array[] = [];
  const firstTwo: number[] = [];
  while (firstTwo.length < 2) {
    const chunk = await pull();
    if (chunk === undefined) break;
    chunks.push(chunk);
    for (let i = 0; i < chunk.length && firstTwo.length < 2; i++) firstTwo.push(chunk[i]);
  }
  return { chunks, gzip: isGzip(Uint8Array.from(firstTwo)) };
}

/** "image" for image files, "label" for 1-D label files, with an s unless there is exactly one. */
function itemWord(dims: number[], n: number): string {
  const word = dims.length === 1 ? 'label' : 'image';
  return n === 1 ? word : `${word}s`;
}

/** The batch buffer; a damaged header can ask for more than any engine can allocate. */
function allocateBatch(count: number, dims: number[]): Uint8Array {
  const itemSize = dims.slice(1).reduce((a, b) => a * b, 1);
  try {
    return new Uint8Array(count * itemSize);
  } catch {
    throw new IdxFormatError(
      `This IDX file says each item has size ${dims.slice(1).join(' × ')}, so ${plural(count, 'item')} ` +
        `would need ${count * itemSize} bytes, more than can be held in memory. Its header may be damaged.`,
    );
  }
}

/**
 * Reads an unsigned-byte IDX file (plain or gzip) in batches of up to batchSize items
 * (images, or labels for a 1-D file). Each batch allocates batchSize × item size bytes
 * at most, so batchSize is the memory budget.
 *
 * The file is checked as it goes, and the last batch is only yielded once the file is
 * known to end exactly there; a file with no items still yields one empty batch so the
 * caller learns its dims. Errors about the file are IdxFormatError; an abort through
 * the signal is IdxImportAborted. Either way, and when the caller stops early, the
 * source stream is cancelled.
 */
export async function* readIdxBatches(
  source: ReadableStream<Uint8Array>,
  batchSize: number,
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<IdxBatch> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`The batch size must be a positive integer, got ${batchSize}.`);
  }
  const { signal } = options;
  const sourceReader = source.getReader();
  let decodedReader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  // Cancelling ends any pending read at once, so an abort does not wait for the next chunk.
  const stop = (): void => {
    sourceReader.cancel(signal?.reason).catch(ignore);
    decodedReader?.cancel(signal?.reason).catch(ignore);
  };
  signal?.addEventListener('abort', stop, { once: true });

  try {
    throwIfAborted(signal);
    const pullSource: Pull = () => readChunk(sourceReader, signal);
    const head = await readHead(pullSource);
    // Chunks read to look at the first two bytes are handed out again before the rest.
    const pullAfterHead: Pull = async () => head.chunks.shift() ?? pullSource();

    let pull = pullAfterHead;
    if (head.gzip) {
      // Remembered so a failing source (say, an unreadable file) is reported as itself,
      // not as damaged gzip data.
      let sourceFailure: { error: unknown } | undefined;
      const compressed = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            let chunk: Uint8Array | undefined;
            try {
              chunk = await pullAfterHead();
            } catch (error) {
              sourceFailure = { error };
              throw error;
            }
            if (chunk === undefined) controller.close();
            else controller.enqueue(chunk);
          },
          cancel: (reason) => sourceReader.cancel(reason),
        },
        // Pull only when the decompressor asks, so nothing piles up ahead of it.
        { highWaterMark: 0 },
      );
      // In browsers the pipe's backpressure keeps only a chunk or so in flight. Node's
      // DecompressionStream instead reads its whole input before the first output.
      // The cast is only for types: DOM typings accept only ArrayBuffer-backed chunks, while a
      // ReadableStream<Uint8Array> may in principle carry SharedArrayBuffer views.
      const decoded = compressed.pipeThrough(
        new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
      );
      const reader = decoded.getReader();
      decodedReader = reader;
      pull = async () => {
        try {
          return await readChunk(reader, signal);
        } catch (error) {
          if (error instanceof IdxImportAborted || (sourceFailure && error === sourceFailure.error)) throw error;
          // Browsers throw a TypeError here and Node a zlib error; neither means anything to a user.
          const damaged = new IdxFormatError(
            'This file is gzip-compressed, but the gzip data is damaged or incomplete, so it cannot be unpacked. ' +
              'Try downloading it again.',
          );
          damaged.cause = error;
          throw damaged;
        }
      };
    }

    const bytes = new ByteReader(pull);

    // The codec words every header problem; a file that ends inside the header reaches it short.
    const start = new Uint8Array(IDX_START_LENGTH);
    const gotStart = await bytes.fill(start);
    const header = new Uint8Array(idxHeaderLength(start.subarray(0, gotStart)));
    header.set(start);
    const gotDims = await bytes.fill(header.subarray(IDX_START_LENGTH));
    const dims = readIdxDims(header.subarray(0, IDX_START_LENGTH + gotDims));
    const total = dims[0];
    const itemSize = dims.slice(1).reduce((a, b) => a * b, 1);

    const checkEnd = async (): Promise<void> => {
      if (await bytes.atEnd()) return;
      throw new IdxFormatError(
        `This IDX file has extra bytes after the ${total} ${itemWord(dims, total)} its header announces ` +
          `(size ${dims.join(' × ')}), so it is damaged or not the file it claims to be.`,
      );
    };

    if (total === 0) {
      await checkEnd();
      yield { dims: [...dims], first: 0, count: 0, data: new Uint8Array(0) };
      return;
    }

    for (let first = 0; first < total; first += batchSize) {
      const count = Math.min(batchSize, total - first);
      const data = allocateBatch(count, dims);
      const got = await bytes.fill(data);
      if (got < data.length) {
        const complete = first + Math.floor(got / itemSize);
        throw new IdxFormatError(
          `This IDX file ends after ${complete} of ${total} ${itemWord(dims, total)} (it looks truncated). ` +
            'Try downloading it again.',
        );
      }
      if (first + count === total) await checkEnd();
      yield { dims: [...dims], first, count, data };
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    // A no-op after a clean end; otherwise it releases the file or network stream behind the source.
    decodedReader?.cancel().catch(ignore);
    sourceReader.cancel().catch(ignore);
  }
}

/** Reads a whole 1-D label file (plain or gzip). Label files are small, so they are returned in one array. */
export async function readIdxLabelsAll(source: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const batch of readIdxBatches(source, LABEL_BATCH)) {
    // Checked on the first batch, so a mistakenly chosen image file is not read to the end.
    if (batch.dims.length !== 1) {
      throw new IdxFormatError(
        `This is not a label file: it holds data of size ${batch.dims.join(' × ')}, ` +
          'but a label file has one dimension (one label per image). Is it the image file?',
      );
    }
    parts.push(batch.data);
  }
  return parts.length === 1 ? parts[0] : concatBytes(parts);
}
