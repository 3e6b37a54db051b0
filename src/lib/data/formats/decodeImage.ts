/**
 * Any image the browser can decode, turned into the project's input: resized (whole image,
 * squeezed to the target size, as most small-image datasets are made) to height x width, in
 * greyscale (luma) or RGB, as uint8 pixels. Uses createImageBitmap and OffscreenCanvas, which work
 * on the main thread and in workers alike (imports decode in a worker, worker/images.worker.ts).
 * An image with more pixels than the limits allow (pixelLimits.ts) is refused by the size its
 * header declares, before it is decoded, and again by the size it decodes to.
 */

import { imageSize, IMAGE_HEAD_BYTES, type ImageSize } from './imageSize';
import { imageToPixels } from './imageToInput.js';
import { NO_TOTAL_LIMIT, pixelProblem, type PixelLimits } from './pixelLimits';

export class ImageDecodeError extends Error {
  constructor(readonly fileName: string, readonly reason: string) {
    super(`${fileName}: ${reason}`);
    this.name = 'ImageDecodeError';
  }
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|bmp|avif|ico)$/i;

/** Whether a file name looks like an image (other files in a folder are skipped, not errors). */
export function looksLikeImage(name: string): boolean {
  return IMAGE_NAME.test(name);
}

export interface DecodedImage {
  pixels: Uint8Array;
  /** a small picture for the UI, when the image is much larger than the network input */
  thumbnail: Blob | null;
  /** the image's own size, before resizing */
  source: ImageSize;
}

export async function decodeImage(
  data: Blob, fileName: string, height: number, width: number, channels: 1 | 3, thumbnailSize = 0, limits: PixelLimits = NO_TOTAL_LIMIT,
): Promise<DecodedImage> {
  const declared = imageSize(new Uint8Array(await data.slice(0, IMAGE_HEAD_BYTES).arrayBuffer()));
  if (declared) refuseTooLarge(fileName, declared, limits);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(data);
  } catch {
    throw new ImageDecodeError(fileName, 'this file is not an image the browser can read, or it is damaged.');
  }
  try {
    if (bitmap.width === 0 || bitmap.height === 0) throw new ImageDecodeError(fileName, 'the image is empty (0 pixels).');
    // A header can be missing or unread (a format imageSize.ts does not know), or lie: the decoded size counts.
    if (!declared || declared.width !== bitmap.width || declared.height !== bitmap.height) refuseTooLarge(fileName, bitmap, limits);
    // Drawn at its own size (exact), then resized by imageToInput.js: a canvas's smoothing differs by browser.
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ImageDecodeError(fileName, 'this browser cannot draw images off screen.');
    context.drawImage(bitmap, 0, 0);
    const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const out = imageToPixels(rgba, bitmap.width, bitmap.height, [height, width, channels]);
    // A photo squeezed to 32x32 is hard for a person to label: keep a readable picture too.
    const larger = Math.max(bitmap.width, bitmap.height);
    const thumbnail = thumbnailSize > 0 && larger > 2 * Math.max(height, width) ? await makeThumbnail(bitmap, thumbnailSize) : null;
    return { pixels: out, thumbnail, source: { width: bitmap.width, height: bitmap.height } };
  } finally {
    bitmap.close();
  }
}

/** Throws ImageDecodeError for an image too large on its own, PixelBudgetError when the import has decoded its share. */
function refuseTooLarge(fileName: string, size: ImageSize, limits: PixelLimits): void {
  const reason = pixelProblem(fileName, size.width, size.height, limits);
  if (reason) throw new ImageDecodeError(fileName, reason);
}

async function makeThumbnail(bitmap: ImageBitmap, size: number): Promise<Blob> {
  const scale = size / Math.max(bitmap.width, bitmap.height);
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.convertToBlob({ type: 'image/webp', quality: 0.85 });
}
