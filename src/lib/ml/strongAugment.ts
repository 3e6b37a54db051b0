import type { Rng } from '../core/random';
import { normal } from '../core/random';
import { makeBatch, pixelsPerImage, type ImageShape, type Normalization } from './batch';

/**
 * The strong view of an unlabeled image in consistency training (FixMatch, Sohn et al. 2020): a
 * larger random shift, then brightness, contrast and noise each with probability 1/2, then a
 * cutout square, always. FixMatch draws from RandAugment's list; these are the ones that keep
 * their meaning on greyscale and colour images alike, and on small ones (28x28). A flip only where
 * the project allows it: a mirrored digit or letter is another class.
 */

export interface StrongAugmentation {
  horizontalFlip: boolean;
}

/** Shift of the strong view: an eighth of the image's smaller side, and at least 2 px. */
export function strongShift(shape: ImageShape): number {
  return Math.max(2, Math.round(Math.min(shape.height, shape.width) / 8));
}

/** Brightness is shifted by up to this much, in [0, 1] pixel units. */
export const BRIGHTNESS = 0.25;
/** Contrast is scaled around the image's mean by a factor in [1 - this, 1 + this]. */
export const CONTRAST = 0.5;
/** Gaussian noise of a standard deviation up to this, in [0, 1] pixel units. */
export const NOISE = 0.1;
/** The cutout square's side is between these fractions of the image's smaller side. */
export const CUTOUT = [0.25, 0.5] as const;
/** What cutout paints with: mid grey, as FixMatch's (127, 127, 127). */
export const CUTOUT_VALUE = 0.5;

const UNIT: Normalization = { mean: 0, std: 1 };

/** A normalized [indices.length, h, w, c] batch (flattened) of strong views of the images at `indices`. */
export function makeStrongBatch(
  pixels: Uint8Array,
  indices: ArrayLike<number>,
  shape: ImageShape,
  normalization: Normalization,
  strong: StrongAugmentation,
  rng: Rng,
): Float32Array {
  // In [0, 1] pixel units first, so that brightness, contrast and clipping mean the same on every dataset.
  const out = makeBatch(pixels, indices, shape, UNIT, { settings: { cropPadding: strongShift(shape), horizontalFlip: strong.horizontalFlip }, rng });
  const size = pixelsPerImage(shape);
  for (let b = 0; b < indices.length; b++) {
    const image = out.subarray(b * size, (b + 1) * size);
    photometric(image, rng);
    cutout(image, shape, rng);
    for (let i = 0; i < size; i++) image[i] = (image[i] - normalization.mean) / normalization.std;
  }
  return out;
}

/** Brightness, contrast and noise, each with probability 1/2, clipped to [0, 1]. */
export function photometric(image: Float32Array, rng: Rng): void {
  const brightness = rng() < 0.5 ? (2 * rng() - 1) * BRIGHTNESS : 0;
  const contrast = rng() < 0.5 ? 1 + (2 * rng() - 1) * CONTRAST : 1;
  const noise = rng() < 0.5 ? rng() * NOISE : 0;
  let mean = 0;
  for (let i = 0; i < image.length; i++) mean += image[i];
  mean /= image.length;
  for (let i = 0; i < image.length; i++) {
    const value = (image[i] - mean) * contrast + mean + brightness + (noise > 0 ? noise * normal(rng) : 0);
    image[i] = Math.min(1, Math.max(0, value));
  }
}

/** Paints a random square (which may hang over the border) mid grey. */
export function cutout(image: Float32Array, shape: ImageShape, rng: Rng): void {
  const { height, width, channels } = shape;
  const smaller = Math.min(height, width);
  const side = Math.max(1, Math.round(smaller * (CUTOUT[0] + rng() * (CUTOUT[1] - CUTOUT[0]))));
  const top = Math.floor(rng() * height) - Math.floor(side / 2);
  const left = Math.floor(rng() * width) - Math.floor(side / 2);
  for (let y = Math.max(0, top); y < Math.min(height, top + side); y++) {
    for (let x = Math.max(0, left); x < Math.min(width, left + side); x++) {
      for (let c = 0; c < channels; c++) image[(y * width + x) * channels + c] = CUTOUT_VALUE;
    }
  }
}
