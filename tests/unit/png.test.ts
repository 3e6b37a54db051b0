import * as zlib from 'node:zlib';
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from '../../src/lib/data/formats/png';

/** CRC-32 one bit at a time, straight from the definition, to check the table-based one. */
function bitwiseCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const ascii = (text: string) => new TextEncoder().encode(text);

type Chunk = { type: string; data: Uint8Array; crc: number };

/** Splits a PNG after its signature into chunks, checking each chunk's length fits. */
function chunks(png: Uint8Array): Chunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: Chunk[] = [];
  let at = 8;
  while (at < png.length) {
    const length = view.getUint32(at);
    expect(at + 12 + length).toBeLessThanOrEqual(png.length);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.push({ type, data: png.subarray(at + 8, at + 8 + length), crc: view.getUint32(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

/** The zlib stream of all IDAT chunks, inflated. */
function scanlines(png: Uint8Array): Uint8Array {
  const idat = chunks(png).filter((c) => c.type === 'IDAT');
  const joined = new Uint8Array(idat.reduce((n, c) => n + c.data.length, 0));
  let at = 0;
  for (const c of idat) {
    joined.set(c.data, at);
    at += c.data.length;
  }
  return unzlibSync(joined);
}

describe('crc32', () => {
  it('matches the published check value and a PNG constant', () => {
    // The CRC-32 check value from the catalogue of CRC algorithms: "123456789" -> cbf43926.
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(bitwiseCrc32(ascii('123456789'))).toBe(0xcbf43926);
    // Every PNG ends with the IEND chunk, whose CRC (of just "IEND") is ae 42 60 82.
    expect(crc32(ascii('IEND'))).toBe(0xae426082);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with the bitwise definition and continues over split input', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131 + 7) % 256);
    expect(crc32(bytes)).toBe(bitwiseCrc32(bytes));
    expect(crc32(bytes.subarray(400), crc32(bytes.subarray(0, 400)))).toBe(crc32(bytes));
  });

  it('agrees with Node when this Node version has zlib.crc32', () => {
    const nodeCrc = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
    if (!nodeCrc) return;
    const bytes = Uint8Array.from({ length: 777 }, (_, i) => (i * i) % 251);
    expect(crc32(bytes)).toBe(nodeCrc(bytes));
  });
});

describe('encodePng', () => {
  // A 2x1 greyscale image: one black pixel, one white pixel.
  const png = encodePng(new Uint8Array([0x00, 0xff]), 2, 1, 1);

  it('writes the signature and the IHDR chunk byte for byte', () => {
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(Array.from(png.subarray(8, 33))).toEqual([
      0x00, 0x00, 0x00, 0x0d, // length 13
      0x49, 0x48, 0x44, 0x52, // "IHDR"
      0x00, 0x00, 0x00, 0x02, // width 2
      0x00, 0x00, 0x00, 0x01, // height 1
      0x08, // 8 bits per channel
      0x00, // colour type 0: greyscale
      0x00, 0x00, 0x00, // deflate, adaptive filtering, not interlaced
      // CRC-32 of "IHDR" and the 13 data bytes, as bitwiseCrc32 and Node's zlib.crc32 give it.
      0xd1, 0x49, 0x20, 0x56,
    ]);
    expect(bitwiseCrc32(png.subarray(12, 29))).toBe(0xd1492056);
  });

  it('ends with the standard 12-byte IEND chunk', () => {
    expect(Array.from(png.subarray(png.length - 12))).toEqual([
      0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ]);
  });

  it('has IHDR, IDAT, IEND in that order, each with a correct CRC', () => {
    const list = chunks(png);
    expect(list.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const chunk of list) {
      const typed = new Uint8Array(4 + chunk.data.length);
      typed.set(ascii(chunk.type));
      typed.set(chunk.data, 4);
      expect(chunk.crc).toBe(bitwiseCrc32(typed));
    }
  });

  it('stores a zlib stream of filter byte 0 followed by the pixels', () => {
    const idat = chunks(png)[1].data;
    // zlib header: deflate with a 32 KiB window (0x78), and a check making the pair a multiple of 31.
    expect(idat[0]).toBe(0x78);
    expect(((idat[0] << 8) | idat[1]) % 31).toBe(0);
    expect(Array.from(unzlibSync(idat))).toEqual([0x00, 0x00, 0xff]);
    // An independent inflater agrees.
    expect(Array.from(zlib.inflateSync(idat))).toEqual([0x00, 0x00, 0xff]);
  });

  it('writes RGB rows with colour type 2', () => {
    // 2x2 RGB: red, green / blue, white.
    const pixels = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
    const rgb = encodePng(pixels, 2, 2, 3);
    const header = chunks(rgb)[0].data;
    expect(Array.from(header)).toEqual([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
    // Two rows of 1 filter byte + 2 pixels × 3 bytes.
    const raw = scanlines(rgb);
    expect(raw.length).toBe(2 * (1 + 6));
    expect(Array.from(raw)).toEqual([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  });

  it('writes RGBA rows with colour type 6', () => {
    // 3x1 RGBA with three different alphas.
    const pixels = new Uint8Array([10, 20, 30, 0, 40, 50, 60, 128, 70, 80, 90, 255]);
    const rgba = encodePng(pixels, 3, 1, 4);
    expect(Array.from(chunks(rgba)[0].data)).toEqual([0, 0, 0, 3, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    const raw = scanlines(rgba);
    expect(raw.length).toBe(1 + 12);
    expect(Array.from(raw)).toEqual([0, ...pixels]);
  });

  it('puts a filter byte before every row of a larger image', () => {
    const width = 28;
    const height = 28;
    const pixels = Uint8Array.from({ length: width * height }, (_, i) => (i * 7) % 256);
    const raw = scanlines(encodePng(pixels, width, height, 1));
    expect(raw.length).toBe(height * (1 + width));
    for (let y = 0; y < height; y++) {
      expect(raw[y * (width + 1)]).toBe(0);
      expect(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1))).toEqual(pixels.subarray(y * width, (y + 1) * width));
    }
  });

  it('gives the same bytes for the same pixels', () => {
    expect(encodePng(new Uint8Array([0x00, 0xff]), 2, 1, 1)).toEqual(png);
  });

  it('refuses sizes that do not fit the pixels', () => {
    expect(() => encodePng(new Uint8Array(5), 2, 1, 3)).toThrow('needs 6 bytes of pixels, got 5');
    expect(() => encodePng(new Uint8Array(0), 0, 0, 1)).toThrow(RangeError);
    expect(() => encodePng(new Uint8Array(2), 2.5, 1, 1)).toThrow(RangeError);
    expect(() => encodePng(new Uint8Array(2), 1, 1, 2 as 1)).toThrow('1, 3 or 4 channels');
  });
});
