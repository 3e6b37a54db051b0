import { withCommas } from './zipErrors';

/**
 * The pixels an import may decode. Decoding takes four bytes a pixel, whatever the file's size: a
 * PNG of a few kilobytes can declare 50,000 x 50,000 pixels of one colour (a "pixel bomb"). Each
 * image's size is read from its header before it is decoded (imageSize.ts), so one that is too
 * large is refused without the memory its decoding would take.
 */

/** The most pixels one image may have: 50 megapixels (a large phone photo), 200 MB to decode. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** The most pixels one import may decode: about what 1 GiB of well-compressed photos holds. */
export const MAX_TOTAL_PIXELS = 8_000_000_000;

/** Thrown when the images of an import add up to more pixels than it may decode. */
export class PixelBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PixelBudgetError';
  }
}

export interface PixelLimits {
  /** the most pixels this image may have */
  image: number;
  /** the pixels the import may still decode */
  left: number;
}

export const NO_TOTAL_LIMIT: PixelLimits = { image: MAX_IMAGE_PIXELS, left: Infinity };

/**
 * Why an image of `width` x `height` may not be decoded: a reason for that image alone (it is
 * then left out), or a PixelBudgetError thrown when the import as a whole has decoded its share.
 */
export function pixelProblem(fileName: string, width: number, height: number, limits: PixelLimits): string | undefined {
  const pixels = width * height;
  if (pixels > limits.image) {
    return `the image is ${withCommas(width)} x ${withCommas(height)} pixels, more than the ${megapixels(limits.image)} one image may have here; make it smaller first.`;
  }
  if (pixels > limits.left) {
    throw new PixelBudgetError(
      `The images add up to more than the ${megapixels(MAX_TOTAL_PIXELS)} one import may decode (reached at ${fileName}). ` +
        'Nothing of it was kept; import fewer or smaller images at once.',
    );
  }
  return undefined;
}

function megapixels(pixels: number): string {
  return `${withCommas(Math.round(pixels / 1_000_000))} megapixels`;
}
