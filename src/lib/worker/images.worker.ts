/// <reference lib="webworker" />
import { decodeImage, ImageDecodeError, looksLikeImage } from '../data/formats/decodeImage';
import { MAX_IMAGE_PIXELS } from '../data/formats/pixelLimits';
import { unpackZip } from '../data/formats/zipBlob';
import type { FromImages, ToImages } from './imagesProtocol';

/**
 * Unpacks ZIP archives and decodes images off the page, so that neither a large import nor a
 * hostile archive can stall or exhaust the page: the archive streams through in small steps within
 * its limits (data/formats/zipBlob.ts), each unpacked image goes back as a Blob (kept by the
 * browser, not in this worker), and decoding hands back only the small input-sized pixels.
 */

declare const self: DedicatedWorkerGlobalScope;

// Progress every so many images: one message per image would flood the page on a large archive.
const PROGRESS_EVERY = 64;
// Greyness survives resizing (every channel is averaged alike), so a small copy is enough to check it.
const INSPECT_SIZE = 16;

function post(message: FromImages, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

self.onmessage = (event: MessageEvent<ToImages>) => void answer(event.data);

async function answer(request: ToImages): Promise<void> {
  const { id } = request;
  try {
    if (request.type === 'unzip') {
      const images: { path: string; data: Blob }[] = [];
      const paths = await unpackZip(request.archive, {
        limits: request.limits,
        wanted: looksLikeImage,
        what: 'The images in this ZIP archive',
        onEntry: (path, parts) => images.push({ path, data: new Blob(parts as BlobPart[]) }),
        onProgress: (done, total) => {
          if (done % PROGRESS_EVERY === 0 || done === total) post({ type: 'unzip-progress', id, done, total });
        },
      });
      post({ type: 'unzipped', id, paths, images });
    } else if (request.type === 'decode') {
      const { data, path, height, width, channels, thumbnailSize, pixelsLeft } = request;
      const decoded = await decodeImage(data, path, height, width, channels, thumbnailSize, { image: MAX_IMAGE_PIXELS, left: pixelsLeft });
      post({ type: 'decoded', id, pixels: decoded.pixels, thumbnail: decoded.thumbnail, ...decoded.source }, [decoded.pixels.buffer]);
    } else {
      const decoded = await decodeImage(request.data, request.path, INSPECT_SIZE, INSPECT_SIZE, 3);
      post({ type: 'inspected', id, ...decoded.source, grey: everyPixelGrey(decoded.pixels) });
    }
  } catch (error) {
    if (error instanceof ImageDecodeError) post({ type: 'failed', id, kind: 'unreadable', fileName: error.fileName, reason: error.reason });
    else post({ type: 'failed', id, kind: 'refused', message: error instanceof Error ? error.message : String(error) });
  }
}

/** Whether red, green and blue are equal in every pixel of RGB bytes. */
function everyPixelGrey(rgb: Uint8Array): boolean {
  for (let i = 0; i < rgb.length; i += 3) {
    if (rgb[i] !== rgb[i + 1] || rgb[i] !== rgb[i + 2]) return false;
  }
  return true;
}
