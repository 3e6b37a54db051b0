import type { LossloopDatabase } from '../store/db';
import { addSamples, deleteProjectData } from '../store/samples';
import { PIXEL_CHUNK_SIZE, THUMBNAIL_SIZE, type ProjectRecord } from '../store/schema';
import { DEFAULT_PRESET, PRESETS } from '../store/settings';
import { decodeImage, ImageDecodeError, looksLikeImage, type DecodedImage } from '../formats/decodeImage';
import { describeImportFailure, ImportError, newProjectId, newProjectName, PixelStatistics } from './importCommon';
import { makeClasses } from '../store/classStyle';
import { LayoutError, planImageLayout, type ImageLayout } from './imageLayout';

/**
 * A new project from image files: a folder (picker or drag-and-drop) or the entries of a ZIP.
 * Each image is decoded and resized to the chosen input size. Class folders (or train/ and test/
 * folders holding them, see imageLayout.ts) can name the classes, kept as given labels or as
 * hidden true labels for the simulated oracle; the test set is always labeled. Files that
 * are not images are skipped; images that fail to decode are skipped and listed for the user.
 * A failure of the store (a full disk, a cancel) removes the half-made project.
 */

export interface ImageFile {
  /** path inside the folder or ZIP, with forward slashes: "cat/001.png" */
  path: string;
  data: Blob;
}

export interface ImageProjectOptions {
  name: string;
  height: number;
  width: number;
  channels: 1 | 3;
  /** what the first folder level means */
  folders: 'given-labels' | 'hidden-labels' | 'ignore';
  /** what share of each class, spread evenly, becomes the labeled test set (needs folder labels; a test/ folder overrides it) */
  testFraction: number;
  /** random horizontal flips while training (default: the preset's); they mirror text and digits */
  horizontalFlip?: boolean;
}

/** Decodes one file to the project's input (decodeImage.ts); an import may do it elsewhere, in a worker. */
export type DecodeImageFile = (file: ImageFile, height: number, width: number, channels: 1 | 3, thumbnailSize: number) => Promise<DecodedImage>;

const decodeOnThisThread: DecodeImageFile = (file, height, width, channels, thumbnailSize) =>
  decodeImage(file.data, file.path, height, width, channels, thumbnailSize);

export interface ImageImportResult {
  project: ProjectRecord;
  skipped: string[];
}

export async function importImageProject(
  db: LossloopDatabase,
  files: ImageFile[],
  options: ImageProjectOptions,
  onProgress: (done: number, total: number) => void = () => {},
  signal?: AbortSignal,
  decode: DecodeImageFile = decodeOnThisThread,
): Promise<ImageImportResult> {
  const byPath = new Map(files.filter((f) => looksLikeImage(f.path)).map((f) => [f.path, f]));
  if (byPath.size === 0) throw new ImportError('There are no image files here (PNG, JPEG, GIF, WebP, BMP or AVIF).');
  const layout = planImportLayout([...byPath.keys()], options);
  const images = layout.images;
  const name = await newProjectName(db, options.name);

  const id = newProjectId();
  const project: ProjectRecord = {
    id, name, source: 'imported image files',
    classes: makeClasses(layout.classNames.length ? layout.classNames : ['class 0', 'class 1']),
    imageShape: [options.height, options.width, options.channels], normalization: { mean: 0.5, std: 0.25 },
    poolCount: 0, testCount: 0, settings: { ...PRESETS[DEFAULT_PRESET].settings, horizontalFlip: options.horizontalFlip ?? PRESETS[DEFAULT_PRESET].settings.horizontalFlip }, openQuery: null, complete: false, createdAt: Date.now(),
  };
  const size = options.height * options.width * options.channels;
  const skipped: string[] = [];
  const splits = { pool: new SplitWriter(db, id, 'pool', 0, size), test: new SplitWriter(db, id, 'test', 0, size) };
  const statistics = new PixelStatistics();
  try {
    await db.put('projects', project);
    for (let i = 0; i < images.length; i++) {
      if (signal?.aborted) throw new ImportError('The import was stopped; nothing of it was kept.');
      const planned = images[i];
      let decoded: DecodedImage;
      try {
        decoded = await decode(byPath.get(planned.path)!, options.height, options.width, options.channels, THUMBNAIL_SIZE);
      } catch (error) {
        if (!(error instanceof ImageDecodeError)) throw error;
        skipped.push(error.message);
        continue;
      }
      const label = planned.label;
      const split = planned.split === 'test' ? splits.test : splits.pool;
      if (split === splits.pool) statistics.add(decoded.pixels);
      await split.add(decoded, planned.path, split === splits.test || options.folders === 'given-labels' ? label : null, label);
      onProgress(i + 1, images.length);
    }
    if (splits.pool.count === 0) throw new ImportError(`None of the ${images.length} images could be read. ${skipped.slice(0, 3).join(' ')}`);
    splits.test.firstId = Math.ceil(splits.pool.count / PIXEL_CHUNK_SIZE) * PIXEL_CHUNK_SIZE;
    await splits.pool.flush();
    await splits.test.flush();
    const complete: ProjectRecord = {
      ...project, poolCount: splits.pool.count, testCount: splits.test.count, complete: true, normalization: statistics.normalization(),
    };
    await db.put('projects', complete);
    return { project: complete, skipped };
  } catch (error) {
    await deleteProjectData(db, id);
    throw describeImportFailure(error, images.length * size);
  }
}

/** The layout of the chosen files (imageLayout.ts), its refusals in the import's own words. */
export function planImportLayout(paths: string[], options: Pick<ImageProjectOptions, 'folders' | 'testFraction'>): ImageLayout {
  try {
    return planImageLayout(paths, options.folders, options.testFraction);
  } catch (error) {
    throw error instanceof LayoutError ? new ImportError(error.message) : error;
  }
}

/**
 * Collects one split's images into whole pixel chunks before writing them. Test images are
 * written after the pool (their ids start after it), so the writer holds them until `firstId` is set.
 */
class SplitWriter {
  private pixels: Uint8Array[] = [];
  private thumbnails: (Blob | null)[] = [];
  private names: string[] = [];
  private labels: (number | null)[] = [];
  private truths: (number | null)[] = [];
  count = 0;
  private written = 0;

  constructor(
    private readonly db: LossloopDatabase,
    private readonly projectId: string,
    private readonly split: 'pool' | 'test',
    public firstId: number,
    private readonly size: number,
  ) {}

  async add(image: DecodedImage, name: string, label: number | null, truth: number | null): Promise<void> {
    this.pixels.push(image.pixels);
    this.thumbnails.push(image.thumbnail);
    this.names.push(name);
    this.labels.push(label);
    this.truths.push(truth);
    this.count++;
    if (this.split === 'pool' && this.pixels.length === PIXEL_CHUNK_SIZE) await this.flush();
  }

  async flush(): Promise<void> {
    for (let start = 0; start < this.pixels.length; start += PIXEL_CHUNK_SIZE) {
      const part = this.pixels.slice(start, start + PIXEL_CHUNK_SIZE);
      const pixels = new Uint8Array(part.length * this.size);
      part.forEach((p, i) => pixels.set(p, i * this.size));
      await addSamples(this.db, this.projectId, {
        split: this.split, firstId: this.firstId + this.written, count: part.length, pixels, pixelsPerImage: this.size,
        labels: this.labels.slice(start, start + part.length),
        trueLabels: this.truths.slice(start, start + part.length),
        sourceNames: this.names.slice(start, start + part.length),
        thumbnails: this.thumbnails.slice(start, start + part.length),
      });
      this.written += part.length;
    }
    this.pixels = [];
    this.thumbnails = [];
    this.names = [];
    this.labels = [];
    this.truths = [];
  }
}
