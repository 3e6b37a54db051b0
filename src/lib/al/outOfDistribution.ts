/**
 * Whether an image is unlike the test images a cycle was measured on, judged by what a softmax
 * cannot say: a network gives confident answers to noise and gradients too. The test images stand
 * for the data the model was trained on (drawn from the same source), and the image is compared
 * with the whole range they show, on three measures:
 *
 *   grain       the mean difference between neighbouring pixels over the image's own contrast
 *               (its standard deviation): about 1.15 for uniform noise whatever its brightness,
 *               near 0 for a flat colour or a smooth gradient, in between for real pictures.
 *   layout      how far its pixels are from the test images' at the same place, in units of their
 *               spread there (root mean square z-score): a bright area where every test image is
 *               dark, or the reverse, is far.
 *   predicted loss   where the loss head puts it against the test images' predicted losses.
 *
 * Outside the range the test images themselves span, on any measure, is "unlike". A test image is
 * never unlike its own test set, and on the Fashion-MNIST demo (tests/unit/outOfDistribution.test.ts)
 * noise and gradients fall far outside while real images of the pool stay inside.
 */

export interface PixelLayout {
  height: number;
  width: number;
  channels: number;
}

/**
 * The least spread (in levels of 255) a pixel's place counts with. A place that is the same in
 * every test image (a black border) has no spread, and any change there would count as infinitely
 * far; measured on the demo, 10 keeps real images inside and noise and gradients outside.
 */
export const SPREAD_FLOOR = 10;

/** What the test images show, to compare one image with. */
export interface TestImageProfile {
  count: number;
  /** per value (pixel and channel): the mean over the test images */
  mean: Float64Array;
  /** per value: the standard deviation over the test images, at least SPREAD_FLOOR */
  spread: Float64Array;
  grain: { min: number; max: number };
  /** the largest layout distance of any test image from the test images */
  largestDistance: number;
}

export type UnlikeReason = 'grainier' | 'smoother' | 'layout' | 'loss-lower' | 'loss-higher';

export interface Unlikeness {
  /** the measures on which the image falls outside the test images' range; empty: it is like them */
  reasons: UnlikeReason[];
  /** the test images it was compared with */
  measured: number;
  grain: number;
  grainRange: { min: number; max: number };
  distance: number;
  largestDistance: number;
}

/** The test images' profile, from their pixels back to back (uint8, count x h x w x c). */
export function profileTestImages(pixels: Uint8Array, layout: PixelLayout): TestImageProfile {
  const size = layout.height * layout.width * layout.channels;
  const count = pixels.length / size;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${pixels.length} values are not whole images of ${size}.`);
  const mean = new Float64Array(size);
  const spread = new Float64Array(size);
  for (let i = 0; i < count; i++) for (let v = 0; v < size; v++) mean[v] += pixels[i * size + v];
  for (let v = 0; v < size; v++) mean[v] /= count;
  for (let i = 0; i < count; i++) for (let v = 0; v < size; v++) spread[v] += (pixels[i * size + v] - mean[v]) ** 2;
  for (let v = 0; v < size; v++) spread[v] = Math.max(SPREAD_FLOOR, Math.sqrt(spread[v] / count));

  const profile: TestImageProfile = { count, mean, spread, grain: { min: Infinity, max: -Infinity }, largestDistance: 0 };
  for (let i = 0; i < count; i++) {
    const image = pixels.subarray(i * size, (i + 1) * size);
    const g = grain(image, layout);
    profile.grain.min = Math.min(profile.grain.min, g);
    profile.grain.max = Math.max(profile.grain.max, g);
    profile.largestDistance = Math.max(profile.largestDistance, layoutDistance(image, profile));
  }
  return profile;
}

/**
 * The mean absolute difference between horizontally and vertically neighbouring values (each
 * channel with itself), over the image's standard deviation; a near-flat image (below one level
 * of contrast) is divided by 1, so it counts as smooth.
 */
export function grain(image: Uint8Array, { height, width, channels }: PixelLayout): number {
  let sum = 0;
  let pairs = 0;
  const at = (y: number, x: number, c: number) => image[(y * width + x) * channels + c];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        if (x + 1 < width) { sum += Math.abs(at(y, x, c) - at(y, x + 1, c)); pairs++; }
        if (y + 1 < height) { sum += Math.abs(at(y, x, c) - at(y + 1, x, c)); pairs++; }
      }
    }
  }
  if (pairs === 0) return 0;
  let mean = 0;
  for (const value of image) mean += value;
  mean /= image.length;
  let variance = 0;
  for (const value of image) variance += (value - mean) ** 2;
  return sum / pairs / Math.max(1, Math.sqrt(variance / image.length));
}

/** The root mean square, over the image's values, of (value - test mean) / test spread at that place. */
export function layoutDistance(image: Uint8Array, profile: Pick<TestImageProfile, 'mean' | 'spread'>): number {
  let sum = 0;
  for (let v = 0; v < image.length; v++) sum += ((image[v] - profile.mean[v]) / profile.spread[v]) ** 2;
  return Math.sqrt(sum / image.length);
}

/** One image (uint8, h x w x c) and its predicted loss against the test images' profile and predicted losses. */
export function unlikeTestImages(
  image: Uint8Array, layout: PixelLayout, profile: TestImageProfile, predictedLoss: number, testLosses: readonly number[],
): Unlikeness {
  const imageGrain = grain(image, layout);
  const distance = layoutDistance(image, profile);
  const reasons: UnlikeReason[] = [];
  if (imageGrain > profile.grain.max) reasons.push('grainier');
  if (imageGrain < profile.grain.min) reasons.push('smoother');
  if (distance > profile.largestDistance) reasons.push('layout');
  if (testLosses.length > 0) {
    if (testLosses.every((loss) => predictedLoss < loss)) reasons.push('loss-lower');
    if (testLosses.every((loss) => predictedLoss > loss)) reasons.push('loss-higher');
  }
  return { reasons, measured: profile.count, grain: imageGrain, grainRange: { ...profile.grain }, distance, largestDistance: profile.largestDistance };
}
