import { describe, expect, it } from 'vitest';
import { imageSize } from '../../src/lib/data/formats/imageSize';
import { MAX_IMAGE_PIXELS, MAX_TOTAL_PIXELS, PixelBudgetError, pixelProblem } from '../../src/lib/data/formats/pixelLimits';
import { encodePng } from '../../src/lib/data/formats/png';

/** An image's size from the first bytes of its file, and the limits that size is held to before decoding. */

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const le16 = (v: number) => [v & 0xff, v >> 8];
const le32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
const be16 = (v: number) => [v >> 8, v & 0xff];
const be32 = (v: number) => [(v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
const pad = (n: number) => new Array<number>(n).fill(0);

describe('the size an image file declares', () => {
  it('reads PNG from its IHDR chunk', () => {
    expect(imageSize(encodePng(new Uint8Array(28 * 20), 28, 20, 1))).toEqual({ width: 28, height: 20 });
    // A pixel bomb needs no pixels to declare 50,000 x 50,000.
    expect(imageSize(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(50_000), be32(50_000), [8, 0, 0, 0, 0]))).toEqual({ width: 50_000, height: 50_000 });
  });

  it('reads GIF, and BMP with either header and rows going down', () => {
    expect(imageSize(bytes('GIF89a', le16(640), le16(480), pad(8)))).toEqual({ width: 640, height: 480 });
    expect(imageSize(bytes('BM', pad(12), le32(40), le32(300), le32(-200 >>> 0), pad(4)))).toEqual({ width: 300, height: 200 });
    expect(imageSize(bytes('BM', pad(12), le32(12), le16(64), le16(32), pad(6)))).toEqual({ width: 64, height: 32 });
  });

  it('reads JPEG from its start-of-frame marker, past metadata and fill bytes', () => {
    const app1 = [0xff, 0xe1, ...be16(2 + 300), ...pad(300)];
    const sof2 = [0xff, 0xff, 0xc2, ...be16(17), 8, ...be16(3000), ...be16(4000), 3, ...pad(9)];
    expect(imageSize(bytes([0xff, 0xd8], app1, sof2))).toEqual({ width: 4000, height: 3000 });
    // DHT (C4) is not a frame: its bytes are skipped.
    expect(imageSize(bytes([0xff, 0xd8, 0xff, 0xc4], be16(4), [0, 0], [0xff, 0xc0], be16(17), [8], be16(10), be16(20), pad(10)))).toEqual({ width: 20, height: 10 });
  });

  it('reads WebP in its three kinds', () => {
    const riff = (chunk: string, body: number[]) => bytes('RIFF', le32(4 + 8 + body.length), 'WEBP', chunk, le32(body.length), body);
    // Lossy: frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
    expect(imageSize(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(800), ...le16(600), ...pad(4)]))).toEqual({ width: 800, height: 600 });
    // Lossless: signature 0x2f, then width - 1 and height - 1 in 14 bits each: 99 | (49 << 14).
    expect(imageSize(riff('VP8L', [0x2f, ...le32(99 | (49 << 14)), ...pad(4)]))).toEqual({ width: 100, height: 50 });
    // Extended: flags (4 bytes), then canvas width - 1 and height - 1 in 24 bits each.
    expect(imageSize(riff('VP8X', [0, 0, 0, 0, 0xff, 0xff, 0x00, 0x0f, 0x00, 0x00, ...pad(4)]))).toEqual({ width: 65_536, height: 16 });
  });

  it('reads AVIF from its largest image spatial extent, and ICO from its largest icon', () => {
    const ispe = (w: number, h: number) => [...be32(20), ...'ispe'.split('').map((c) => c.charCodeAt(0)), 0, 0, 0, 0, ...be32(w), ...be32(h)];
    expect(imageSize(bytes(be32(24), 'ftypavif', pad(12), ispe(512, 512), ispe(4096, 2048)))).toEqual({ width: 4096, height: 2048 });
    const entry = (w: number, h: number) => [w, h, ...pad(14)];
    expect(imageSize(bytes(le16(0), le16(1), le16(2), entry(16, 16), entry(0, 0)))).toEqual({ width: 256, height: 256 });
  });

  it('says nothing for other bytes or a header cut short', () => {
    expect(imageSize(bytes('hello, this is text'))).toBeUndefined();
    expect(imageSize(new Uint8Array(4))).toBeUndefined();
    expect(imageSize(bytes([0xff, 0xd8, 0xff, 0xe0], be16(16), pad(4)))).toBeUndefined();
  });
});

describe('the pixels an image and an import may decode', () => {
  it('refuses one image over 50 megapixels, by its declared size, with its size in the reason', () => {
    expect(MAX_IMAGE_PIXELS).toBe(50_000_000);
    expect(pixelProblem('a.png', 7071, 7071, { image: MAX_IMAGE_PIXELS, left: Infinity })).toBeUndefined(); // 49,999,041 pixels
    expect(pixelProblem('bomb.png', 50_000, 50_000, { image: MAX_IMAGE_PIXELS, left: Infinity })).toBe(
      'the image is 50,000 x 50,000 pixels, more than the 50 megapixels one image may have here; make it smaller first.');
  });

  it('stops the import when its images pass what it may decode in all', () => {
    const limits = { image: MAX_IMAGE_PIXELS, left: 1000 };
    expect(pixelProblem('a.png', 25, 40, limits)).toBeUndefined(); // exactly 1,000
    expect(() => pixelProblem('b.png', 25, 41, limits)).toThrow(PixelBudgetError);
    expect(() => pixelProblem('b.png', 25, 41, limits)).toThrow(
      `The images add up to more than the ${(MAX_TOTAL_PIXELS / 1e6).toLocaleString('en-US')} megapixels one import may decode (reached at b.png).`);
  });
});
