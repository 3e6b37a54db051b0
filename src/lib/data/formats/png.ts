// A small PNG encoder for exports.
//
// Canvas encoders differ between browsers and are missing in workers and Node; this one
// gives the same bytes everywhere for the same pixels. It writes 8-bit greyscale, RGB or
// RGBA, non-interlaced, with filter type 0 (none) on every row: exports are small dataset
// images, where better filters would save little and cost code.

import { zlibSync } from 'fflate';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// PNG colour types by channel count: greyscale, truecolour, truecolour with alpha.
const COLOUR_TYPE: Record<number, number> = { 1: 0, 3: 2, 4: 6 };

// PNG caps widths, heights and chunk lengths at 2^31 - 1.
const PNG_MAX = 0x7fffffff;

// CRC-32 as in ISO 3309 / ITU-T V.42 (the one zip and gzip use): reflected polynomial
// 0xedb88320, one table entry per byte value.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of the bytes; pass a previous result as `crc` to continue it over more bytes. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Writes one chunk: length, type, data, and the CRC of type and data. */
function writeChunk(out: Uint8Array, at: number, type: string, data: Uint8Array): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(at, data.length);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
  out.set(data, at + 8);
  view.setUint32(at + 8 + data.length, crc32(data, crc32(out.subarray(at + 4, at + 8))));
  return at + 12 + data.length;
}

/**
 * Encodes 8-bit pixels, row by row from the top, as a PNG file. `channels` is 1 for
 * greyscale, 3 for RGB or 4 for RGBA (not premultiplied). Throws RangeError when the
 * sizes are not positive integers or do not match the pixel count.
 */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): Uint8Array {
  const colourType = COLOUR_TYPE[channels];
  if (colourType === undefined) throw new RangeError(`PNG images need 1, 3 or 4 channels, got ${channels}.`);
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > PNG_MAX) {
      throw new RangeError(`A PNG ${name} must be an integer from 1 to 2^31-1, got ${value}.`);
    }
  }
  const rowBytes = width * channels;
  if (pixels.length !== rowBytes * height) {
    throw new RangeError(
      `A ${width} × ${height} image with ${channels} channel${channels === 1 ? '' : 's'} needs ` +
        `${rowBytes * height} bytes of pixels, got ${pixels.length}.`,
    );
  }

  // Each row is preceded by its filter type; 0 means the bytes are stored as they are.
  const raw = new Uint8Array(height * (1 + rowBytes));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * rowBytes, (y + 1) * rowBytes), y * (1 + rowBytes) + 1);
  // The level is fixed (fflate's default, 6) so the same pixels always give the same file.
  const compressed = zlibSync(raw, { level: 6 });

  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header[8] = 8; // bits per channel
  header[9] = colourType;
  // Bytes 10 to 12 stay 0: deflate compression, adaptive filtering, no interlacing.

  // Image data may be split over several IDAT chunks; one is enough unless it passes the chunk size cap.
  const idatCount = Math.max(1, Math.ceil(compressed.length / PNG_MAX));
  const out = new Uint8Array(SIGNATURE.length + 12 + header.length + 12 * idatCount + compressed.length + 12);
  out.set(SIGNATURE);
  let at = writeChunk(out, SIGNATURE.length, 'IHDR', header);
  for (let i = 0; i < idatCount; i++) {
    at = writeChunk(out, at, 'IDAT', compressed.subarray(i * PNG_MAX, (i + 1) * PNG_MAX));
  }
  writeChunk(out, at, 'IEND', new Uint8Array(0));
  return out;
}
