import { Unzip, UnzipInflate, type AsyncFlateStreamHandler, type FlateError, type UnzipDecoder, type UnzipFile } from 'fflate';
import type { DirectoryEntry } from './zipDirectory';
import { readU32 } from './bytes';
import { END_RECORD } from './zipDirectory';
import { cutShortError, damagedEntryError, notZipError, unsafePathError, unsupportedMethodError, withCommas, ZipImportError } from './zipErrors';
import type { UnpackBudget } from './zipLimits';
import { classifyPath, decodeName, shown } from './zipNames';

/**
 * Unpacks the entries of one archive as its bytes arrive, in archive order (fflate's Unzip), and
 * stops at the first problem. Each entry's compressed data goes to the inflater in small steps, so
 * that a bomb is stopped one step after it passes a limit; entries that are not wanted are passed
 * over without being inflated.
 */

export const DEFLATE = 8;
export const STORED = 0;
const LOCAL_HEADER = 0x04034b50;

/** Why bytes cannot be the start of a ZIP archive (a hint at what they are), or undefined. */
export function startProblem(bytes: Uint8Array): ZipImportError | undefined {
  const signature = bytes.length >= 4 ? readU32(bytes, 0) : undefined;
  return signature === LOCAL_HEADER || signature === END_RECORD ? undefined : notZipError(bytes.subarray(0, 4));
}

/**
 * The unpacked sizes a table of contents declares, by entry name, taken as the entries arrive. A
 * name may be listed more than once; each arrival takes the next size listed for it.
 */
export class ListedSizes {
  private readonly sizes = new Map<string, number[]>();

  constructor(entries: readonly DirectoryEntry[]) {
    for (const entry of entries) {
      const sizes = this.sizes.get(entry.name);
      if (sizes) sizes.push(entry.size);
      else this.sizes.set(entry.name, [entry.size]);
    }
  }

  /** The size listed for the next entry of this name, or undefined if the table does not list it. */
  take(name: string): number | undefined {
    return this.sizes.get(name)?.shift();
  }
}

export interface ReaderOptions {
  budget: UnpackBudget;
  /**
   * Receives each file once it is whole, its bytes in the pieces they were unpacked in. A piece of
   * a stored entry may be a view into a pushed chunk: copy the pieces (concatBytes, a Blob) to keep them.
   */
  onEntry: (path: string, parts: Uint8Array[]) => void;
  /** which files to unpack; the others are passed over, never inflated (default: all) */
  wanted?: (path: string) => boolean;
  /**
   * The sizes the archive's table of contents declares. When given, every entry must be listed
   * there, and no entry may unpack to more than its listed size.
   */
  listed?: ListedSizes;
}

/** An entry being unpacked. */
type OpenEntry = { path: string; declared: number | undefined; bytes: number; parts: Uint8Array[] };

/**
 * Problems are recorded in `failure` rather than thrown from fflate's callbacks (fflate catches and
 * re-routes those), so the entries before a problem are still handed out.
 */
export class ArchiveReader {
  failure: ZipImportError | undefined;
  /** every entry fflate found, passed over or not */
  entriesSeen = 0;
  private open: OpenEntry | undefined;
  private readonly unzip = new Unzip((file) => this.onFile(file));

  constructor(private readonly options: ReaderOptions) {
    this.unzip.register(this.guardedInflate());
  }

  /** Feeds the next bytes of the archive; `final` with the last ones. Does nothing after a failure. */
  push(chunk: Uint8Array, final: boolean): void {
    if (this.failure) return;
    try {
      this.unzip.push(chunk, final);
    } catch (error) {
      // fflate's code 13 means the input ended while an entry still expected data.
      const code = (error as Partial<FlateError>).code;
      this.fail(code === 13 ? cutShortError(this.open?.path) : new ZipImportError('The ZIP archive is damaged and cannot be read.', { cause: error }));
    }
    if (final && this.open) this.fail(cutShortError(this.open.path));
  }

  fail(error: ZipImportError): void {
    if (!this.failure) this.failure = error;
  }

  /**
   * fflate's inflater, fed in steps small enough for the limits to stop a bomb after at most one
   * step. Entries passed over and entries after a problem get no steps: they are never inflated.
   */
  private guardedInflate() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the inflater class below needs the reader
    const reader = this;
    return class GuardedInflate implements UnzipDecoder {
      static readonly compression = DEFLATE;
      ondata: AsyncFlateStreamHandler = () => {};
      private readonly inner = new UnzipInflate();
      // Made inside file.start(), while the entry it inflates is the open one (none when it is passed over).
      private readonly entry = reader.open;

      constructor() {
        this.inner.ondata = (error, data, final) => this.ondata(error, data, final);
      }

      push(chunk: Uint8Array, final: boolean): void {
        let offset = 0;
        do {
          if (!this.entry || reader.failure) return;
          const end = Math.min(chunk.length, offset + reader.options.budget.feedStep(this.entry.bytes, this.entry.declared));
          this.inner.push(chunk.subarray(offset, end), final && end === chunk.length);
          offset = end;
        } while (offset < chunk.length);
      }
    };
  }

  private onFile(file: UnzipFile): void {
    this.entriesSeen++;
    if (this.failure) return;
    const name = decodeName(file.name);
    const listed = this.options.listed?.take(name);
    if (this.options.listed && listed === undefined) return this.fail(unlistedError(name));
    const verdict = classifyPath(name);
    if (verdict.kind === 'unsafe') return this.fail(unsafePathError(name, verdict.reason));
    if (verdict.kind === 'skip' || !(this.options.wanted?.(verdict.path) ?? true)) return this.passOver(file);
    const path = verdict.path;
    if (file.compression !== DEFLATE && file.compression !== STORED) return this.fail(unsupportedMethodError(path, file.compression));
    if (listed !== undefined && file.originalSize !== undefined && file.originalSize !== listed) {
      return this.fail(new ZipImportError(
        `The ZIP archive is damaged or made to trick unpackers: it gives two sizes for ${shown(path)}, ` +
          `${withCommas(file.originalSize)} and ${withCommas(listed)} bytes; the import stopped.`,
      ));
    }
    const declared = listed ?? file.originalSize;
    const tooLarge = declared === undefined ? undefined : this.options.budget.declaredProblem(path, declared);
    if (tooLarge) return this.fail(tooLarge);

    const entry: OpenEntry = { path, declared, bytes: 0, parts: [] };
    this.open = entry;
    file.ondata = (error, data, final) => this.onData(entry, error, data, final);
    file.start();
  }

  /**
   * Lets an entry's data go by. Started with no open entry, the inflater drops the data without
   * inflating it, and fflate does not keep it for a later start. Other methods cannot be started
   * (fflate has no decoder for them); their data stays with fflate, which is rare and harmless.
   */
  private passOver(file: UnzipFile): void {
    if (file.compression !== DEFLATE && file.compression !== STORED) return;
    this.open = undefined;
    file.ondata = () => {};
    file.start();
  }

  private onData(entry: OpenEntry, error: FlateError | null, data: Uint8Array | null, final: boolean): void {
    if (this.failure) return;
    if (error || !data) return this.fail(damagedEntryError(entry.path, error));
    entry.bytes += data.length;
    const problem = this.options.budget.countProblem(entry.path, entry.bytes, data.length, entry.declared);
    if (problem) return this.fail(problem);
    if (data.length > 0) entry.parts.push(data);
    if (!final) return;
    this.open = undefined;
    if (entry.declared !== undefined && entry.bytes !== entry.declared) {
      return this.fail(new ZipImportError(
        `${shown(entry.path)} unpacks to ${withCommas(entry.bytes)} bytes, but the archive claims ` +
          `${withCommas(entry.declared)}; the ZIP archive is damaged.`,
      ));
    }
    this.options.onEntry(entry.path, entry.parts);
  }
}

function unlistedError(name: string): ZipImportError {
  return new ZipImportError(
    `The ZIP archive is damaged or made to trick unpackers: it holds ${shown(name)}, which its table of contents does not list; the import stopped.`,
  );
}
