import { describe, expect, it } from 'vitest';
import { IdxFormatError, encodeIdx, isGzip, parseIdx } from '../../src/lib/data/formats/idx';

// Two 2x3 images: header (magic, 3 dims, sizes 2, 2, 3) then 12 pixel bytes.
const IMAGES = new Uint8Array([
  0x00, 0x00, 0x08, 0x03,
  0x00, 0x00, 0x00, 0x02,
  0x00, 0x00, 0x00, 0x02,
  0x00, 0x00, 0x00, 0x03,
  0, 1, 2, 3, 4, 5,
  250, 251, 252, 253, 254, 255,
]);

// Three labels: header (magic, 1 dim, size 3) then the labels 7, 0, 9.
const LABELS = new Uint8Array([0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00, 0x03, 7, 0, 9]);

function expectIdxError(bytes: Uint8Array, fragment: string): void {
  let caught: unknown;
  try {
    parseIdx(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IdxFormatError);
  expect((caught as Error).name).toBe('IdxFormatError');
  expect((caught as Error).message).toContain(fragment);
}

describe('parseIdx', () => {
  it('reads a hand-written 2x2x3 images file', () => {
    const { dims, data } = parseIdx(IMAGES);
    expect(dims).toEqual([2, 2, 3]);
    expect(Array.from(data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
    // Second image, row 1, column 2 sits at 1*6 + 1*3 + 2 = 11.
    expect(data[11]).toBe(255);
  });

  it('reads a hand-written 3-label file', () => {
    const { dims, data } = parseIdx(LABELS);
    expect(dims).toEqual([3]);
    expect(Array.from(data)).toEqual([7, 0, 9]);
  });

  it('returns a view into the input, not a copy', () => {
    const { data } = parseIdx(LABELS);
    expect(data.buffer).toBe(LABELS.buffer);
    expect(data.byteOffset).toBe(8);
  });

  it('reads a file that is itself a view at an offset into a larger buffer', () => {
    const padded = new Uint8Array(5 + LABELS.length + 3);
    padded.fill(0xff);
    padded.set(LABELS, 5);
    const { dims, data } = parseIdx(padded.subarray(5, 5 + LABELS.length));
    expect(dims).toEqual([3]);
    expect(Array.from(data)).toEqual([7, 0, 9]);
  });

  it('reads large dimensions as unsigned big-endian', () => {
    const { dims } = parseIdx(new Uint8Array([0, 0, 8, 2, 0, 0, 0, 0, 0x80, 0x00, 0x01, 0x02]));
    expect(dims).toEqual([0, 0x80000102]);
  });
});

describe('encodeIdx', () => {
  it('writes exactly the hand-written bytes', () => {
    expect(encodeIdx([2, 2, 3], IMAGES.subarray(16))).toEqual(IMAGES);
    expect(encodeIdx([3], new Uint8Array([7, 0, 9]))).toEqual(LABELS);
  });

  it('round-trips through parseIdx for 1 to 4 dimensions', () => {
    for (const dims of [[5], [4, 3], [2, 28, 28], [2, 3, 4, 5]]) {
      const count = dims.reduce((a, b) => a * b, 1);
      const data = Uint8Array.from({ length: count }, (_, i) => (i * 37 + 11) % 256);
      const parsed = parseIdx(encodeIdx(dims, data));
      expect(parsed.dims).toEqual(dims);
      expect(parsed.data).toEqual(data);
    }
  });

  it('round-trips an empty file', () => {
    const parsed = parseIdx(encodeIdx([0, 28, 28], new Uint8Array(0)));
    expect(parsed.dims).toEqual([0, 28, 28]);
    expect(parsed.data.length).toBe(0);
  });

  it('refuses dimensions that do not fit the data', () => {
    expect(() => encodeIdx([2, 2], new Uint8Array(3))).toThrow(RangeError);
    expect(() => encodeIdx([], new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodeIdx([1, 1, 1, 1, 1], new Uint8Array(1))).toThrow(RangeError);
    expect(() => encodeIdx([1.5], new Uint8Array(1))).toThrow(RangeError);
  });
});

describe('isGzip', () => {
  it('recognises the gzip magic number', () => {
    expect(isGzip(new Uint8Array([0x1f, 0x8b, 0x08, 0x00]))).toBe(true);
    expect(isGzip(IMAGES)).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new Uint8Array(0))).toBe(false);
  });
});

describe('parseIdx errors', () => {
  it('rejects a file shorter than the 4-byte header', () => {
    expectIdxError(new Uint8Array([0, 0, 8]), 'too short to be an IDX file: it has 3 bytes');
    expectIdxError(new Uint8Array(0), 'it has 0 bytes');
  });

  it('rejects a file that does not start with two zero bytes', () => {
    expectIdxError(
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]),
      'This is not an IDX file: its first bytes are 50 4b 03 04 (an IDX file starts with two zero bytes)',
    );
  });

  it('rejects gzip bytes and says to decompress them', () => {
    expectIdxError(
      new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3]),
      'This is not an IDX file: its first bytes are 1f 8b 08 00 (a gzip file must be decompressed first).',
    );
  });

  it('rejects data types other than unsigned bytes, naming the type code', () => {
    const floats = new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
    expectIdxError(floats, 'holds 32-bit floats (type code 0x0d)');
    expectIdxError(floats, 'only unsigned bytes (type code 0x08) are supported');
    expectIdxError(new Uint8Array([0, 0, 0x42, 1, 0, 0, 0, 0]), 'type code 0x42');
  });

  it('rejects 0 or more than 4 dimensions', () => {
    expectIdxError(new Uint8Array([0, 0, 8, 0]), 'says it has 0 dimensions');
    expectIdxError(new Uint8Array([0, 0, 8, 5]), 'says it has 5 dimensions, but only 1 to 4');
  });

  it('rejects a header too short for its dimensions', () => {
    expectIdxError(IMAGES.subarray(0, 10), 'header needs 16 bytes for 3 dimensions, but the file has only 10 bytes');
  });

  it('rejects truncated data, saying how many bytes were expected and found', () => {
    expectIdxError(IMAGES.subarray(0, IMAGES.length - 1), 'expected 12 bytes of data, found 11');
    expectIdxError(IMAGES.subarray(0, IMAGES.length - 1), 'truncated');
    expectIdxError(IMAGES.subarray(0, 16), 'expected 12 bytes of data, found 0');
  });

  it('rejects extra data after the values', () => {
    const extra = new Uint8Array(LABELS.length + 2);
    extra.set(LABELS);
    expectIdxError(extra, 'expected 3 bytes of data, found 5');
    expectIdxError(extra, 'extra bytes');
  });
});
