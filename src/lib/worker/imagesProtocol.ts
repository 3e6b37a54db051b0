import type { ZipLimits } from '../data/formats/zipLimits';

/**
 * The messages between the page and the images worker (images.worker.ts), which unpacks ZIP
 * archives and decodes images off the page. Every request carries an id its answer repeats.
 */

export type ToImages =
  /** unpack the images of a ZIP archive, within the limits */
  | { type: 'unzip'; id: number; archive: Blob; limits: ZipLimits }
  /** decode one image to the project's input; `pixelsLeft` is what the import may still decode */
  | { type: 'decode'; id: number; data: Blob; path: string; height: number; width: number; channels: 1 | 3; thumbnailSize: number; pixelsLeft: number }
  /** an image's own size and whether it is grey, to propose the import's defaults */
  | { type: 'inspect'; id: number; data: Blob; path: string };

export type FromImages =
  | { type: 'unzip-progress'; id: number; done: number; total: number }
  /** `paths`: every file in the archive; `images`: the images, unpacked */
  | { type: 'unzipped'; id: number; paths: string[]; images: { path: string; data: Blob }[] }
  | { type: 'decoded'; id: number; pixels: Uint8Array; thumbnail: Blob | null; width: number; height: number }
  | { type: 'inspected'; id: number; width: number; height: number; grey: boolean }
  /** `unreadable`: this image cannot be decoded (it is left out); `refused`: the request as a whole cannot go on */
  | { type: 'failed'; id: number; kind: 'unreadable'; fileName: string; reason: string }
  | { type: 'failed'; id: number; kind: 'refused'; message: string };
