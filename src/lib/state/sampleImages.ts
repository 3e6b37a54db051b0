import type { LossloopDatabase } from '../data/store/db';
import { readPixels, readThumbnails } from '../data/store/samples';
import type { ProjectRecord } from '../data/store/schema';

/** A stored image ready to show: its pixels, its current label, its file name and a readable thumbnail if it has one. */
export interface SampleImage {
  id: number;
  label: number | null;
  /** the file it was imported from (its path in the folder or ZIP); null for images that came without one (the demo, IDX files) */
  sourceName: string | null;
  pixels: Uint8Array;
  /** object URL; whoever holds the image revokes it when it is no longer shown */
  thumbnail: string | null;
}

export async function readSampleImages(db: LossloopDatabase, project: ProjectRecord, ids: number[]): Promise<SampleImage[]> {
  const [h, w, c] = project.imageShape;
  const [pixels, samples, thumbnails] = await Promise.all([
    readPixels(db, project.id, ids, h * w * c),
    Promise.all(ids.map((id) => db.get('samples', [project.id, id]))),
    readThumbnails(db, project.id, ids),
  ]);
  return ids.map((id, i) => ({
    id,
    label: samples[i]?.label ?? null,
    sourceName: samples[i]?.sourceName ?? null,
    pixels: pixels.subarray(i * h * w * c, (i + 1) * h * w * c),
    thumbnail: thumbnails.has(id) ? URL.createObjectURL(thumbnails.get(id)!) : null,
  }));
}

export function releaseImages(images: readonly SampleImage[]): void {
  for (const image of images) if (image.thumbnail) URL.revokeObjectURL(image.thumbnail);
}

/**
 * Lets go of the images no longer shown. A label copies a query card into the recent decisions
 * with the same thumbnail, so a thumbnail is revoked only when no image still shown holds it.
 */
export function releaseUnshown(dropped: readonly SampleImage[], shown: readonly SampleImage[]): void {
  const held = new Set(shown.map((image) => image.thumbnail));
  releaseImages(dropped.filter((image) => !held.has(image.thumbnail)));
}
