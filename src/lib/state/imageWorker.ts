import { ImageDecodeError, type DecodedImage } from '../data/formats/decodeImage';
import { MAX_TOTAL_PIXELS } from '../data/formats/pixelLimits';
import type { ZipLimits } from '../data/formats/zipLimits';
import { ImportError } from '../data/transfer/importCommon';
import type { DecodeImageFile, ImageFile } from '../data/transfer/importImageProject';
import type { FromImages, ToImages } from '../worker/imagesProtocol';

/** An image's own size and whether every pixel of it is grey. */
export interface ImageTraits {
  width: number;
  height: number;
  grey: boolean;
}

/** What a ZIP archive holds: every file's path, and its images unpacked. */
export interface UnpackedImages {
  paths: string[];
  images: ImageFile[];
}

type Answer = Exclude<FromImages, { type: 'unzip-progress' }>;

interface Pending {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A typed handle on the images worker (worker/images.worker.ts), which unpacks archives and
 * decodes images off the page. The worker starts with the first request; stop() ends it and
 * every request in flight (a new archive chosen, the import panel closed).
 */
export class ImageWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly create: () => Worker = () =>
      new Worker(new URL('../worker/images.worker.ts', import.meta.url), { type: 'module', name: 'images' }),
  ) {}

  /** Unpacks the images of a ZIP archive within `limits`; rejects with the reason in plain words. */
  async unzip(archive: Blob, limits: ZipLimits, onProgress?: (done: number, total: number) => void): Promise<UnpackedImages> {
    const answer = await this.request((id) => ({ type: 'unzip', id, archive, limits }), onProgress);
    if (answer.type !== 'unzipped') throw new Error(`The images worker answered ${answer.type} to unzip.`);
    return { paths: answer.paths, images: answer.images };
  }

  /** An image's own size and greyness; rejects with ImageDecodeError when it cannot be read. */
  async inspect(file: ImageFile): Promise<ImageTraits> {
    const answer = await this.request((id) => ({ type: 'inspect', id, data: file.data, path: file.path }));
    if (answer.type !== 'inspected') throw new Error(`The images worker answered ${answer.type} to inspect.`);
    return { width: answer.width, height: answer.height, grey: answer.grey };
  }

  /**
   * A decoder for one import: each image is decoded in the worker, and their pixels are counted
   * against the most one import may decode (pixelLimits.ts).
   */
  decoder(): DecodeImageFile {
    let left = MAX_TOTAL_PIXELS;
    return async (file, height, width, channels, thumbnailSize) => {
      const answer = await this.request((id) => ({ type: 'decode', id, data: file.data, path: file.path, height, width, channels, thumbnailSize, pixelsLeft: left }));
      if (answer.type !== 'decoded') throw new Error(`The images worker answered ${answer.type} to decode.`);
      left -= answer.width * answer.height;
      const decoded: DecodedImage = { pixels: answer.pixels, thumbnail: answer.thumbnail, source: { width: answer.width, height: answer.height } };
      return decoded;
    };
  }

  /** Ends the worker and every request in flight; the next request starts a new one. */
  stop(reason = 'Stopped.'): void {
    this.worker?.terminate();
    this.worker = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const request of pending) request.reject(new ImportError(reason));
  }

  private request(make: (id: number) => ToImages, onProgress?: (done: number, total: number) => void): Promise<Answer> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      worker.postMessage(make(id));
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = this.create();
    worker.onmessage = (event: MessageEvent<FromImages>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.stop(`The image reader stopped unexpectedly${event.message ? `: ${event.message}` : ''}.`);
    };
    this.worker = worker;
    return worker;
  }

  private receive(message: FromImages): void {
    const request = this.pending.get(message.id);
    if (!request) return;
    if (message.type === 'unzip-progress') return request.onProgress?.(message.done, message.total);
    this.pending.delete(message.id);
    if (message.type !== 'failed') request.resolve(message);
    else if (message.kind === 'unreadable') request.reject(new ImageDecodeError(message.fileName, message.reason));
    else request.reject(new ImportError(message.message));
  }
}
