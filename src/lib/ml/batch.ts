import type { Rng } from '../core/random';

/**
 * Turning stored uint8 pixels into normalized float batches, with the paper's augmentation
 * (random crop from a zero-padded image, random horizontal flip). Done on the CPU in the worker:
 * for small images it is cheap, and it keeps the GPU graph the same for every step.
 */

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

export interface Normalization {
  /** mean and standard deviation of pixels scaled to [0, 1] (Fashion-MNIST: 0.286, 0.353) */
  mean: number;
  std: number;
}

export interface Augmentation {
  /** pixels of zero padding before the random crop (0: no crop) */
  cropPadding: number;
  horizontalFlip: boolean;
}

export function pixelsPerImage(shape: ImageShape): number {
  return shape.height * shape.width * shape.channels;
}

/**
 * A [indices.length, h, w, c] batch (flattened) of the images at `indices` in `pixels`.
 * With `augment`, each image is shifted by a random crop and maybe mirrored; pixels shifted in
 * from outside the image are black (0 before normalization), as in torchvision's RandomCrop.
 */
export function makeBatch(
  pixels: Uint8Array,
  indices: ArrayLike<number>,
  shape: ImageShape,
  normalization: Normalization,
  augment?: { settings: Augmentation; rng: Rng },
): Float32Array {
  const { height, width, channels } = shape;
  const size = pixelsPerImage(shape);
  const out = new Float32Array(indices.length * size);
  const scale = 1 / (255 * normalization.std);
  const offset = normalization.mean / normalization.std;
  const black = -offset;
  for (let b = 0; b < indices.length; b++) {
    const source = indices[b] * size;
    const target = b * size;
    let dy = 0;
    let dx = 0;
    let flip = false;
    if (augment) {
      const pad = augment.settings.cropPadding;
      dy = Math.floor(augment.rng() * (2 * pad + 1)) - pad;
      dx = Math.floor(augment.rng() * (2 * pad + 1)) - pad;
      flip = augment.settings.horizontalFlip && augment.rng() < 0.5;
    }
    for (let y = 0; y < height; y++) {
      const sy = y + dy;
      for (let x = 0; x < width; x++) {
        const sx0 = x + dx;
        const sx = flip ? width - 1 - sx0 : sx0;
        for (let c = 0; c < channels; c++) {
          const t = target + (y * width + x) * channels + c;
          out[t] = sy < 0 || sy >= height || sx < 0 || sx >= width
            ? black
            : pixels[source + (sy * width + sx) * channels + c] * scale - offset;
        }
      }
    }
  }
  return out;
}
