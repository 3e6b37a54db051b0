/**
 * Any image the browser can decode, turned into the project's input: resized (whole image,
 * squeezed to the target size, as most small-image datasets are made) to height x width, in
 * greyscale (luma) or RGB, as uint8 pixels. Uses createImageBitmap and OffscreenCanvas, which work
 * on the main thread and in workers alike.
 */

export class ImageDecodeError extends Error {
  constructor(readonly fileName: string, reason: string) {
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
}

export async function decodeImage(
  data: Blob, fileName: string, height: number, width: number, channels: 1 | 3, thumbnailSize = 0,
): Promise<DecodedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(data);
  } catch {
    throw new ImageDecodeError(fileName, 'this file is not an image the browser can read, or it is damaged.');
  }
  try {
    if (bitmap.width === 0 || bitmap.height === 0) throw new ImageDecodeError(fileName, 'the image is empty (0 pixels).');
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ImageDecodeError(fileName, 'this browser cannot draw images off screen.');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    const rgba = context.getImageData(0, 0, width, height).data;
    const out = new Uint8Array(height * width * channels);
    for (let p = 0; p < height * width; p++) {
      const [r, g, b] = [rgba[p * 4], rgba[p * 4 + 1], rgba[p * 4 + 2]];
      if (channels === 1) out[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      else out.set([r, g, b], p * 3);
    }
    // A photo squeezed to 32x32 is hard for a person to label: keep a readable picture too.
    const larger = Math.max(bitmap.width, bitmap.height);
    const thumbnail = thumbnailSize > 0 && larger > 2 * Math.max(height, width) ? await makeThumbnail(bitmap, thumbnailSize) : null;
    return { pixels: out, thumbnail };
  } finally {
    bitmap.close();
  }
}

async function makeThumbnail(bitmap: ImageBitmap, size: number): Promise<Blob> {
  const scale = size / Math.max(bitmap.width, bitmap.height);
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.convertToBlob({ type: 'image/webp', quality: 0.85 });
}
