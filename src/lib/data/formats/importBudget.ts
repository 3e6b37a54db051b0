import { bytesText, GIB } from './zipErrors';
import { UnpackBudget, type ZipLimits } from './zipLimits';

/**
 * How many bytes of image files one import may take: what this browser has left for lossloop's
 * data, and never more than a fixed ceiling. The images read are held until the import ends (as
 * Blobs, which Chromium keeps on disk beside the site's data once they are large) while the
 * project's pixels are written, so files that do not fit in the space left cannot become a project
 * here; and even with room to spare, a gigabyte of images takes long to decode in a browser tab.
 */

/** The most one import takes, whatever the space left. */
export const IMPORT_CEILING_BYTES = GIB;

/** What the storage estimate says (storageInfo.ts); null where the browser does not say. */
export interface StorageFigures {
  usageBytes: number | null;
  quotaBytes: number | null;
}

/** The limits of one import: total bytes, with the words that explain them, and the largest file. */
export function importBudget(storage: StorageFigures): ZipLimits {
  const left = storage.quotaBytes === null ? null : Math.max(0, storage.quotaBytes - (storage.usageBytes ?? 0));
  if (left === null || left >= IMPORT_CEILING_BYTES) {
    return {
      maxTotalBytes: IMPORT_CEILING_BYTES,
      totalLimitWords: 'the 1 GiB one import may take',
      totalAdvice: 'Split the images into several smaller imports.',
    };
  }
  return {
    // A limit must be positive; with nothing left, any image is over it.
    maxTotalBytes: Math.max(1, left),
    totalLimitWords: `the ${bytesText(left)} this browser has left for lossloop's data`,
    totalAdvice: 'Make room first (delete projects you no longer need, or other websites\' data in the browser\'s settings), or import fewer images.',
  };
}

/**
 * Why the images of a folder (or of dropped files) are too large together, from their file sizes,
 * before any is read; or undefined when they fit.
 */
export function folderBudgetProblem(sizes: readonly number[], limits: ZipLimits): string | undefined {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  return new UnpackBudget(limits).declaredTotalProblem('The images chosen add up to', total);
}
