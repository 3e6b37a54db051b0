import { describe, expect, it } from 'vitest';
import { imageToPixels, pixelsToInput, preprocess } from '../../src/lib/data/formats/imageToInput.js';
import { makeBatch } from '../../src/lib/ml/batch';
import { createRng } from '../../src/lib/core/random';

/**
 * The resize, greyscale and normalization the app prepares every image with (and the model export
 * ships): checked on images small enough to work out by hand, and against a brute-force area average.
 */

/** An opaque RGBA image from RGB triples, row by row. */
const opaque = (rgb: number[][]) => Uint8Array.from(rgb.flatMap(([r, g, b]) => [r, g, b, 255]));

describe('resizing an image to the input size', () => {
  it('averages the source area each input pixel covers, shrinking by a fraction', () => {
    // 3 pixels to 2: the first input pixel covers the first source pixel and half the second,
    // so it is (2a + b) / 3; the second (b + 2c) / 3.
    const row = opaque([[30, 0, 255], [90, 60, 0], [150, 255, 3]]);
    expect(Array.from(imageToPixels(row, 3, 1, [1, 2, 3]))).toEqual([
      50, 20, 170, // (60 + 90) / 3, (0 + 60) / 3, (510 + 0) / 3
      130, 190, 2, // (90 + 300) / 3, (60 + 510) / 3, (0 + 6) / 3
    ]);
  });

  it('stretches when it grows: a covered source pixel keeps its value, a shared one gets the mean', () => {
    // 2 pixels to 3, along the height this time: 10, (10 + 21) / 2 = 15.5 rounded up to 16, 21.
    const column = opaque([[10, 10, 10], [21, 21, 21]]);
    expect(Array.from(imageToPixels(column, 1, 2, [3, 1, 1]))).toEqual([10, 16, 21]);
  });

  it('composites transparency over black before averaging', () => {
    // (200, 100, 50) at alpha 128: 200 * 128 / 255 = 100.4, 50.2, 25.1; beside it a transparent white pixel.
    const rgba = Uint8Array.from([200, 100, 50, 128, 255, 255, 255, 0]);
    expect(Array.from(imageToPixels(rgba.subarray(0, 4), 1, 1, [1, 1, 3]))).toEqual([100, 50, 25]);
    expect(Array.from(imageToPixels(rgba, 2, 1, [1, 1, 3]))).toEqual([50, 25, 13]); // 100.4 / 2, 50.2 / 2, 25.1 / 2 = 12.55
  });

  it('takes greyscale as 0.299 R + 0.587 G + 0.114 B of the rounded colour, rounded', () => {
    // 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 59.8 + 58.7 + 5.7 = 124.2
    expect(Array.from(imageToPixels(opaque([[200, 100, 50]]), 1, 1, [1, 1, 1]))).toEqual([124]);
    expect(Array.from(imageToPixels(opaque([[255, 255, 255]]), 1, 1, [1, 1, 1]))).toEqual([255]);
  });

  it('agrees with a brute-force area average on odd sizes, both ways', () => {
    const rng = createRng(3);
    for (const [width, height, outHeight, outWidth] of [[7, 5, 3, 4], [4, 3, 6, 9], [13, 2, 2, 5], [28, 28, 28, 28]]) {
      const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 - (i % 3) * 60 : Math.floor(rng() * 256)));
      expect(Array.from(imageToPixels(rgba, width, height, [outHeight, outWidth, 3])), `${width}x${height} to ${outWidth}x${outHeight}`)
        .toEqual(Array.from(bruteForceArea(rgba, width, height, outHeight, outWidth)));
    }
  });

  it('leaves an image of the input size as it is', () => {
    const rgba = opaque(Array.from({ length: 6 }, (_, i) => [i * 40, 255 - i * 40, 7 * i]));
    expect(Array.from(imageToPixels(rgba, 3, 2, [2, 3, 3]))).toEqual(Array.from({ length: 6 }, (_, i) => [i * 40, 255 - i * 40, 7 * i]).flat());
  });

  it('refuses sizes that do not match the pixels', () => {
    expect(() => imageToPixels(new Uint8Array(12), 2, 2, [1, 1, 1])).toThrow('A 2x2 RGBA image has 16 values, got 12.');
    expect(() => imageToPixels(new Uint8Array(4), 1, 1, [0, 1, 1])).toThrow(RangeError);
    expect(() => imageToPixels(new Uint8Array(4), 1, 1, [1, 1, 2])).toThrow('The input has 1 or 3 channels, got 2.');
  });
});

describe("the network's input", () => {
  it('is the training batch the app makes from the same pixels, to the bit', () => {
    const pixels = Uint8Array.from({ length: 2 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const normalization = { mean: 0.286, std: 0.353 };
    const batch = makeBatch(pixels, [0], { height: 2, width: 3, channels: 3 }, normalization);
    expect(Array.from(pixelsToInput(pixels, normalization))).toEqual(Array.from(batch));
    // By hand for one value: (37 / 255 - 0.286) / 0.353 = -0.39917...
    expect(pixelsToInput(pixels, normalization)[1]).toBeCloseTo((37 / 255 - 0.286) / 0.353, 6);
  });

  it('goes from RGBA of any size to the input in one call with the metadata', () => {
    const rgba = opaque([[30, 0, 255], [90, 60, 0], [150, 255, 3]]);
    const metadata = { inputShape: [1, 2, 3] as [number, number, number], normalization: { mean: 0.5, std: 0.25 } };
    expect(Array.from(preprocess(rgba, 3, 1, metadata))).toEqual(Array.from(pixelsToInput(Uint8Array.from([50, 20, 170, 130, 190, 2]), metadata.normalization)));
  });
});

/**
 * The area average the long way: every source pixel blown up to a block of outWidth x outHeight
 * cells and every input pixel to width x height cells on the common grid, each cell's colour
 * (times alpha) summed, the sum divided by the cells and 255, rounded.
 */
function bruteForceArea(rgba: Uint8Array, width: number, height: number, outHeight: number, outWidth: number): Uint8Array {
  const out = new Uint8Array(outHeight * outWidth * 3);
  for (let oy = 0; oy < outHeight; oy++) {
    for (let ox = 0; ox < outWidth; ox++) {
      const sums = [0, 0, 0];
      for (let gy = oy * height; gy < (oy + 1) * height; gy++) {
        for (let gx = ox * width; gx < (ox + 1) * width; gx++) {
          const p = (Math.floor(gy / outHeight) * width + Math.floor(gx / outWidth)) * 4;
          for (let c = 0; c < 3; c++) sums[c] += rgba[p + c] * rgba[p + 3];
        }
      }
      for (let c = 0; c < 3; c++) out[(oy * outWidth + ox) * 3 + c] = Math.round(sums[c] / (width * height * 255));
    }
  }
  return out;
}
