import { bytesText, GIB, sizeText, withCommas, ZipImportError } from './zipErrors';
import { shown } from './zipNames';

/**
 * The caps on unpacked sizes that keep a "zip bomb" (a few kilobytes that unpack to gigabytes)
 * from exhausting memory. Sizes an archive declares are checked before an entry is unpacked,
 * and unpacked bytes are counted as they appear, since a declared size can lie.
 */

/** Caps on unpacked sizes; anything larger is refused before it can exhaust memory. */
export type ZipLimits = {
  /** Largest unpacked size of one file. Default 64 MiB. */
  maxEntryBytes?: number;
  /** Largest unpacked size of all files together. Default 4 GiB. */
  maxTotalBytes?: number;
  /**
   * What the total limit is, as messages name it after "more than": "the 1 GiB one import may
   * take". Default: the size, "that can be imported at once".
   */
  totalLimitWords?: string;
  /** What to do about a total over the limit. Default: split the archive. */
  totalAdvice?: string;
};

export const DEFAULT_MAX_ENTRY_BYTES = GIB / 16;
export const DEFAULT_MAX_TOTAL_BYTES = 4 * GIB;

// Deflate cannot expand data by more than about 1032 times. Feeding an entry's compressed
// data in steps of (bytes still allowed) / 1032 means one step can barely overshoot a
// limit; the smallest step bounds the overshoot to about 1 MiB when a limit is near.
const MAX_DEFLATE_RATIO = 1032;
const MIN_FEED = 1024;
const MAX_FEED = 64 * 1024;

function checkLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`${name} must be a positive number of bytes, got ${value}.`);
  return value;
}

/** The unpacked bytes of one archive, counted against its limits. */
export class UnpackBudget {
  readonly maxEntry: number;
  readonly maxTotal: number;
  private readonly totalWords: string;
  private readonly advice: string;
  private total = 0;

  constructor(limits: ZipLimits) {
    this.maxEntry = checkLimit('maxEntryBytes', limits.maxEntryBytes, DEFAULT_MAX_ENTRY_BYTES);
    this.maxTotal = checkLimit('maxTotalBytes', limits.maxTotalBytes, DEFAULT_MAX_TOTAL_BYTES);
    this.totalWords = limits.totalLimitWords ?? `the ${sizeText(this.maxTotal)} that can be imported at once`;
    this.advice = limits.totalAdvice ?? 'Split the images into several smaller ZIP files.';
  }

  /**
   * What is wrong with the total size of files that are about to be read, known before any is
   * (a ZIP's table of contents, a folder's file sizes), or undefined if it fits. `what` names the
   * files and how they come to that size: "The images in this ZIP archive would unpack to".
   */
  declaredTotalProblem(what: string, total: number): string | undefined {
    if (total <= this.maxTotal) return undefined;
    return `${what} ${bytesText(total)}, more than ${this.totalWords}, so none of them was read. ${this.advice}`;
  }

  /** The problem with an entry's declared size, before anything of it is unpacked, or undefined. */
  declaredProblem(path: string, declared: number): ZipImportError | undefined {
    if (declared > this.maxEntry) {
      return new ZipImportError(
        `The archive claims ${withCommas(declared)} bytes for ${shown(path)} when unpacked, ` +
          `more than the ${sizeText(this.maxEntry)} allowed for one file. Leave that file out of the ZIP.`,
      );
    }
    if (this.total + declared > this.maxTotal) {
      return new ZipImportError(
        `The archive claims ${withCommas(this.total + declared)} bytes in total by the time it reaches ` +
          `${shown(path)}, more than ${this.totalWords}. ${this.advice}`,
      );
    }
    return undefined;
  }

  /** Counts `added` more unpacked bytes of an entry that now has `bytes`; returns the problem, if any. */
  countProblem(path: string, bytes: number, added: number, declared: number | undefined): ZipImportError | undefined {
    this.total += added;
    if (declared !== undefined && bytes > declared) {
      return new ZipImportError(
        `${shown(path)} unpacks to more than the ${withCommas(declared)} bytes the archive claims for it, ` +
          'so the archive is damaged or made to trick unpackers; the import stopped.',
      );
    }
    if (bytes > this.maxEntry) {
      return new ZipImportError(
        `${shown(path)} unpacks to more than the ${sizeText(this.maxEntry)} allowed for one file, ` +
          'so the import stopped. Leave that file out of the ZIP.',
      );
    }
    if (this.total > this.maxTotal) {
      return new ZipImportError(
        `The files in this archive unpack to more than ${this.totalWords} (reached at ${shown(path)}). ${this.advice}`,
      );
    }
    return undefined;
  }

  /** How much compressed data an entry with `bytes` unpacked so far may take in its next step. */
  feedStep(bytes: number, declared: number | undefined): number {
    const allowed = Math.min(this.maxEntry - bytes, this.maxTotal - this.total, declared === undefined ? Infinity : declared - bytes);
    return Math.max(MIN_FEED, Math.min(MAX_FEED, Math.floor(allowed / MAX_DEFLATE_RATIO)));
  }
}
