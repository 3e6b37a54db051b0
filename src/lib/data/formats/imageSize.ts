/**
 * An image's width and height, read from the first bytes of its file without decoding it, so that
 * one too large to decode is refused before its pixels take memory (pixelLimits.ts). PNG, GIF, BMP,
 * JPEG, WebP, AVIF and ICO. Undefined when the bytes are not one of these or end too soon.
 */

import { readU16, readU16BigEndian, readU32, readU32BigEndian } from './bytes';

export interface ImageSize {
  width: number;
  height: number;
}

/** How much of a file to read: a JPEG's size follows its metadata (EXIF with a thumbnail, colour profiles). */
export const IMAGE_HEAD_BYTES = 256 * 1024;

const be16 = readU16BigEndian;
const le16 = readU16;
const be32 = readU32BigEndian;
const le32 = readU32;
const le24 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const ascii = (b: Uint8Array, at: number, length: number) => String.fromCharCode(...b.subarray(at, at + length));

export function imageSize(head: Uint8Array): ImageSize | undefined {
  if (head.length < 12) return undefined;
  if (be32(head, 0) === 0x89504e47 && ascii(head, 12, 4) === 'IHDR' && head.length >= 24) return { width: be32(head, 16), height: be32(head, 20) };
  if (ascii(head, 0, 4) === 'GIF8') return { width: le16(head, 6), height: le16(head, 8) };
  if (head[0] === 0x42 && head[1] === 0x4d && head.length >= 26) return bmpSize(head);
  if (head[0] === 0xff && head[1] === 0xd8) return jpegSize(head);
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return webpSize(head);
  if (ascii(head, 4, 4) === 'ftyp') return largestIspe(head);
  if (le16(head, 0) === 0 && le16(head, 2) === 1) return icoSize(head);
  return undefined;
}

function bmpSize(head: Uint8Array): ImageSize | undefined {
  // The old 12-byte header has 16-bit sizes; the others 32-bit ones, the height negative when rows go down.
  if (le32(head, 14) === 12) return { width: le16(head, 18), height: le16(head, 20) };
  return { width: Math.abs(le32(head, 18) | 0), height: Math.abs(le32(head, 22) | 0) };
}

// JPEG's start-of-frame markers, which hold the size: C0-CF but for C4 (tables), C8 (reserved), CC (arithmetic tables).
const START_OF_FRAME = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(head: Uint8Array): ImageSize | undefined {
  let at = 2;
  while (at + 9 <= head.length) {
    if (head[at] !== 0xff) return undefined;
    const marker = head[at + 1];
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (START_OF_FRAME.has(marker)) return { height: be16(head, at + 5), width: be16(head, at + 7) };
    // Markers without a length: TEM, restart markers, start of image.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) at += 2;
    else at += 2 + be16(head, at + 2);
  }
  return undefined;
}

function webpSize(head: Uint8Array): ImageSize | undefined {
  const chunk = ascii(head, 12, 4);
  if (chunk === 'VP8L' && head.length >= 25) {
    const bits = le32(head, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (head.length < 30) return undefined;
  if (chunk === 'VP8 ') return { width: le16(head, 26) & 0x3fff, height: le16(head, 28) & 0x3fff };
  if (chunk === 'VP8X') return { width: le24(head, 24) + 1, height: le24(head, 27) + 1 };
  return undefined;
}

/** AVIF (and HEIF): the largest of the image spatial extents ("ispe" boxes) it declares. */
function largestIspe(head: Uint8Array): ImageSize | undefined {
  let largest: ImageSize | undefined;
  for (let at = 8; at + 16 <= head.length; at++) {
    if (head[at] !== 0x69 || ascii(head, at, 4) !== 'ispe') continue;
    const size = { width: be32(head, at + 8), height: be32(head, at + 12) };
    if (!largest || size.width * size.height > largest.width * largest.height) largest = size;
  }
  return largest;
}

/** ICO: the largest image it holds (a size of 0 means 256). */
function icoSize(head: Uint8Array): ImageSize | undefined {
  const count = le16(head, 4);
  let largest: ImageSize | undefined;
  for (let i = 0; i < count && 6 + 16 * i + 2 <= head.length; i++) {
    const size = { width: head[6 + 16 * i] || 256, height: head[7 + 16 * i] || 256 };
    if (!largest || size.width * size.height > largest.width * largest.height) largest = size;
  }
  return largest;
}
