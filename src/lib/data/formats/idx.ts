// Reader and writer for the IDX format used by MNIST and Fashion-MNIST: the one codec of
// lossloop, used whole here, in batches by idxStream.ts, and by scripts/build-demo-data.mjs.
// Node scripts load it through Vite's module runner, which resolves its one import.
//
// An IDX file is: two zero bytes, a type code, the number of dimensions,
// then one big-endian uint32 per dimension, then the values in row-major order.
// Only unsigned bytes (type 0x08) are supported, which is all that image and
// label files of these datasets use.
import { plural } from '../../core/plural';

const UBYTE = 0x08;
const MAX_DIMS = 4;
/** The magic, type code and rank before the dimensions. */
export const IDX_START_LENGTH = 4;

// Names for the other IDX type codes, so a user who picks the wrong file
// learns what it actually holds.
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned bytes',
  0x09: 'signed bytes',
  0x0b: '16-bit integers',
  0x0c: '32-bit integers',
  0x0d: '32-bit floats',
  0x0e: '64-bit floats',
};

/** Thrown when bytes are not a usable IDX file; the message is meant for users. */
export class IdxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdxFormatError';
  }
}

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/**
 * Checks the first four bytes of an IDX file (fewer when the file is shorter) and returns the
 * length of its whole header. Throws IdxFormatError, in words for users, when they are not the
 * start of an unsigned-byte IDX file with 1 to 4 dimensions.
 */
export function idxHeaderLength(start: Uint8Array): number {
  if (start.length < IDX_START_LENGTH) {
    throw new IdxFormatError(
      `This file is too short to be an IDX file: it has ${plural(start.length, 'byte')}, ` +
        'but even the header needs at least 4.',
    );
  }

  if (start[0] !== 0 || start[1] !== 0) {
    const first = Array.from(start.subarray(0, 4), hex).join(' ');
    const hint = isGzip(start)
      ? 'a gzip file must be decompressed first'
      : 'an IDX file starts with two zero bytes';
    throw new IdxFormatError(`This is not an IDX file: its first bytes are ${first} (${hint}).`);
  }

  const type = start[2];
  if (type !== UBYTE) {
    const what = TYPE_NAMES[type] ?? 'an unknown type';
    throw new IdxFormatError(
      `This IDX file holds ${what} (type code 0x${hex(type)}), ` +
        'but only unsigned bytes (type code 0x08) are supported.',
    );
  }

  const rank = start[3];
  if (rank < 1 || rank > MAX_DIMS) {
    throw new IdxFormatError(
      `This IDX file says it has ${plural(rank, 'dimension')}, but only 1 to ${MAX_DIMS} are supported.`,
    );
  }
  return IDX_START_LENGTH + 4 * rank;
}

/** The dimensions from an IDX header (the file's first bytes, at least the whole header). */
export function readIdxDims(bytes: Uint8Array): number[] {
  const headerLength = idxHeaderLength(bytes);
  const rank = bytes[3];
  if (bytes.length < headerLength) {
    throw new IdxFormatError(
      `This IDX file is cut short: its header needs ${headerLength} bytes for ` +
        `${plural(rank, 'dimension')}, but the file has only ${plural(bytes.length, 'byte')}.`,
    );
  }
  // The bytes may be a view into a larger buffer, so honour its offset.
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  return dims;
}

/**
 * Parses an unsigned-byte IDX file with 1 to 4 dimensions.
 * `data` is a view into `bytes`, not a copy, so large image files are not duplicated.
 */
export function parseIdx(bytes: Uint8Array): { dims: number[]; data: Uint8Array } {
  const dims = readIdxDims(bytes);
  const headerLength = idxHeaderLength(bytes);

  // A product beyond 2^53 loses precision, but then it cannot equal any real length either.
  const expected = dims.reduce((a, b) => a * b, 1);
  const found = bytes.length - headerLength;
  if (found !== expected) {
    const problem = found < expected ? 'the file looks truncated' : 'the file has extra bytes at the end';
    throw new IdxFormatError(
      `This IDX file's data does not match its size ${dims.join(' × ')}: ` +
        `expected ${plural(expected, 'byte')} of data, found ${found} (${problem}).`,
    );
  }

  return { dims, data: bytes.subarray(headerLength) };
}

/** Writes an unsigned-byte IDX file. Throws RangeError if the dimensions do not fit the data. */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  if (dims.length < 1 || dims.length > MAX_DIMS) {
    throw new RangeError(`IDX files need 1 to ${MAX_DIMS} dimensions, got ${dims.length}.`);
  }
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new RangeError(`IDX dimensions must be integers from 0 to 2^32-1, got ${d}.`);
    }
  }
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(
      `IDX dimensions ${dims.join(' × ')} need ${count} bytes of data, got ${data.length}.`,
    );
  }

  const headerLength = 4 + 4 * dims.length;
  const out = new Uint8Array(headerLength + data.length);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, headerLength);
  return out;
}

/** Checks that an image file and a label file belong together, from their header dims. */
export function checkImagesAndLabels(imageDims: number[], labelDims: number[]): void {
  if (labelDims.length !== 1) {
    throw new IdxFormatError(
      `The label file should have one dimension (one label per image), but it has size ${labelDims.join(' × ')}. ` +
        'Were the image and label files swapped?',
    );
  }
  if (imageDims.length < 3) {
    throw new IdxFormatError(
      `The image file should have at least 3 dimensions (count × height × width), but it has size ` +
        `${imageDims.join(' × ')}. Were the image and label files swapped?`,
    );
  }
  if (imageDims[0] !== labelDims[0]) {
    throw new IdxFormatError(
      `The image file holds ${imageDims[0]} images but the label file ${labelDims[0]} labels. ` +
        'Pick the two files of the same set (both training or both test).',
    );
  }
}
