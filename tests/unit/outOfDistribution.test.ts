import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { grain, layoutDistance, profileTestImages, SPREAD_FLOOR, unlikeTestImages } from '../../src/lib/al/outOfDistribution';
import { createRng } from '../../src/lib/core/random';

/**
 * The out-of-distribution mark of a tried image: its measures worked out by hand on tiny images,
 * then the criterion on the Fashion-MNIST demo's own files: uniform noise and smooth gradients are
 * unlike its 2,000 test images, real pictures from its pool are not.
 */

const grey = (height: number, width: number) => ({ height, width, channels: 1 });

describe('the measures', () => {
  it('grain: the mean neighbour difference over the contrast', () => {
    // A 2x2 checkerboard: all four neighbour pairs differ by 255; mean 127.5, every pixel 127.5 from it.
    expect(grain(Uint8Array.from([0, 255, 255, 0]), grey(2, 2))).toBeCloseTo(255 / 127.5, 12);
    // A ramp 0, 10, 20: pairs differ by 10; std sqrt((100 + 0 + 100) / 3).
    expect(grain(Uint8Array.from([0, 10, 20]), grey(1, 3))).toBeCloseTo(10 / Math.sqrt(200 / 3), 12);
    // Flat: no difference at all.
    expect(grain(new Uint8Array(9).fill(77), grey(3, 3))).toBe(0);
    // Colour: each channel against itself. Black beside red (200, 0, 0): pair differences 200, 0
    // and 0, mean 200 / 3; the six values are one 200 and five 0s, mean 200 / 6.
    const std = Math.sqrt(((200 - 200 / 6) ** 2 + 5 * (200 / 6) ** 2) / 6);
    expect(grain(Uint8Array.from([0, 0, 0, 200, 0, 0]), { height: 1, width: 2, channels: 3 })).toBeCloseTo(200 / 3 / std, 12);
  });

  it('grain of uniform noise is about sqrt(12) / 3, whatever its range', () => {
    // E|U - V| is a third of the range, the standard deviation the range over sqrt(12).
    const rng = createRng(4);
    for (const range of [256, 60]) {
      const noise = Uint8Array.from({ length: 64 * 64 }, () => Math.floor(rng() * range));
      expect(grain(noise, grey(64, 64))).toBeCloseTo(Math.sqrt(12) / 3, 1);
    }
  });

  it('layout distance: the root mean square z-score against the test images, with a floor under the spread', () => {
    // Two 1x2 test images, (0, 0) and (20, 40): means (10, 20), spreads (10, 20).
    const profile = profileTestImages(Uint8Array.from([0, 0, 20, 40]), grey(1, 2));
    expect(Array.from(profile.mean)).toEqual([10, 20]);
    expect(Array.from(profile.spread)).toEqual([10, 20]);
    // (30, 20): z-scores 2 and 0.
    expect(layoutDistance(Uint8Array.from([30, 20]), profile)).toBeCloseTo(Math.sqrt(2), 12);
    // Each test image is one spread from the mean at both places.
    expect(profile.largestDistance).toBeCloseTo(1, 12);
    // Places that hardly vary count with the floor's spread, not their own.
    const still = profileTestImages(Uint8Array.from([100, 101]), grey(1, 1));
    expect(Array.from(still.spread)).toEqual([SPREAD_FLOOR]);
    expect(layoutDistance(Uint8Array.from([120]), still)).toBeCloseTo(19.5 / SPREAD_FLOOR, 12);
  });

  it('names every measure outside the range the test images span, and nothing for a test image itself', () => {
    const test = Uint8Array.from([0, 90, 30, 60, 10, 80, 40, 50, 5, 95, 35, 55]); // three 2x2 images
    const profile = profileTestImages(test, grey(2, 2));
    const losses = [0.2, 0.5, 0.9];
    for (let i = 0; i < 3; i++) {
      expect(unlikeTestImages(test.subarray(i * 4, i * 4 + 4), grey(2, 2), profile, losses[i], losses).reasons).toEqual([]);
    }
    // Flat 45: no grain; and at the first place, where the test images hold 0, 10 and 5 (spread
    // floored to 10), it is 4 spreads off, while no test image is a whole spread off anywhere.
    const flat = unlikeTestImages(new Uint8Array(4).fill(45), grey(2, 2), profile, 0.1, losses);
    expect(flat.reasons).toEqual(['smoother', 'layout', 'loss-lower']);
    expect(profile.largestDistance).toBeLessThan(1);
    expect(flat.distance).toBeGreaterThanOrEqual(4 / 2);
    expect(flat).toMatchObject({ measured: 3, grain: 0, grainRange: profile.grain, largestDistance: profile.largestDistance });
    expect(unlikeTestImages(Uint8Array.from([255, 0, 0, 255]), grey(2, 2), profile, 1.5, losses).reasons).toEqual(['grainier', 'layout', 'loss-higher']);
    // Without predicted losses to compare with, only the pixels count.
    expect(unlikeTestImages(test.subarray(0, 4), grey(2, 2), profile, 99, []).reasons).toEqual([]);
  });
});

/** The images of a gzipped IDX file of the demo (unsigned bytes, count x 28 x 28). */
function demoImages(name: string): Uint8Array {
  const bytes = gunzipSync(readFileSync(new URL(`../../public/demo/${name}`, import.meta.url)));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.getUint32(0)).toBe(0x803); // unsigned bytes, three dimensions
  expect([view.getUint32(8), view.getUint32(12)]).toEqual([28, 28]);
  return bytes.subarray(16, 16 + view.getUint32(4) * 784);
}

describe('on the Fashion-MNIST demo', () => {
  const layout = grey(28, 28);
  const test = demoImages('test-images.idx.gz');
  const profile = profileTestImages(test, layout);
  const pixelsOnly = (image: Uint8Array) => unlikeTestImages(image, layout, profile, 0, []);
  const image = (f: (x: number, y: number) => number) => Uint8Array.from({ length: 784 }, (_, p) => Math.round(f(p % 28, Math.floor(p / 28))));

  it('compares with all 2,000 test images', () => {
    expect(profile.count).toBe(2000);
  });

  it('marks uniform noise, bright or dim, as grainier than any test image', () => {
    for (const [seed, range] of [[1, 256], [2, 256], [3, 100]]) {
      const rng = createRng(seed);
      const noise = Uint8Array.from({ length: 784 }, () => Math.floor(rng() * range));
      const unlike = pixelsOnly(noise);
      expect(unlike.reasons, `noise 0-${range - 1}, seed ${seed}`).toContain('grainier');
      expect(unlike.grain).toBeGreaterThan(1.5 * profile.grain.max);
    }
  });

  it('marks smooth gradients, across, down and diagonal, as smoother than any test image', () => {
    const gradients = {
      'left to right': image((x) => (x * 255) / 27),
      'bottom to top': image((_, y) => 255 - (y * 255) / 27),
      diagonal: image((x, y) => ((x + y) * 255) / 54),
      'dark half-range': image((x) => (x * 128) / 27),
    };
    for (const [name, gradient] of Object.entries(gradients)) {
      const unlike = pixelsOnly(gradient);
      expect(unlike.reasons, name).toContain('smoother');
      expect(unlike.grain, name).toBeLessThan(0.8 * profile.grain.min);
    }
    // The full-range ones are also bright where every test image is dark.
    expect(pixelsOnly(gradients['left to right']).reasons).toContain('layout');
  });

  it('marks a flat grey and a negative (dark garment on white) as unlike', () => {
    expect(pixelsOnly(image(() => 128)).reasons).toEqual(['smoother', 'layout']);
    const negative = Uint8Array.from(test.subarray(0, 784), (v) => 255 - v);
    expect(pixelsOnly(negative).reasons).toEqual(['layout']);
  });

  it('leaves real pictures alone: a hundred pool images, none of them a test image', () => {
    const pool = demoImages('pool-images.idx.gz');
    const marked = Array.from({ length: 100 }, (_, i) => pixelsOnly(pool.subarray(i * 784, (i + 1) * 784)))
      .filter((unlike) => unlike.reasons.length > 0);
    expect(marked).toEqual([]);
  });
});
