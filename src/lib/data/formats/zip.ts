// Reads the files of a user's ZIP archive, refusing anything unsafe, and writes ZIP archives
// for exports.
//
// A ZIP is also the classic way to attack an unpacker: entry names such as "../../x" that point
// outside the import folder (zipNames.ts), or a "zip bomb" whose few kilobytes unpack to
// gigabytes (zipLimits.ts). Every caller holds the archive in memory, so it is read as one
// buffer: fflate's Unzip walks the entries in archive order, and each entry's compressed data
// goes to the inflater in small steps, so that a bomb is stopped one step after it passes a limit.

import { Unzip, UnzipInflate, zipSync, type AsyncFlateStreamHandler, type FlateError, type UnzipDecoder, type UnzipFile, type Zippable } from 'fflate';
import { concatBytes } from './bytes';
import {
  cutShortError, damagedEntryError, entryCountError, notZipError, unsafePathError, unsupportedMethodError, withCommas, ZipImportError,
} from './zipErrors';
import { UnpackBudget, type ZipLimits } from './zipLimits';
import { classifyPath, decodeName, shown } from './zipNames';

export { ZipImportError } from './zipErrors';
export type { ZipLimits } from './zipLimits';

/** One file from an archive. `bytes` is a fresh buffer of exactly its length that the caller may keep. */
export type ZipEntry = { path: string; bytes: Uint8Array };

const LOCAL_HEADER = 0x04034b50;
const END_RECORD = 0x06054b50;
const END_RECORD_SIZE = 22;
const DEFLATE = 8;
const STORED = 0;

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

function readU16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

/** An entry being unpacked. */
type OpenEntry = { path: string; declared: number | undefined; bytes: number; parts: Uint8Array[] };

/**
 * Unpacks the entries of one archive into `entries`, stopping at the first problem, which it
 * keeps in `failure`. Problems are recorded rather than thrown from fflate's callbacks (fflate
 * catches and re-routes those), so the entries before a problem are still handed out.
 */
class ArchiveReader {
  readonly entries: ZipEntry[] = [];
  failure: ZipImportError | undefined;
  private open: OpenEntry | undefined;
  private entriesSeen = 0;

  constructor(private readonly budget: UnpackBudget) {}

  read(zip: Uint8Array): void {
    const signature = zip.length >= 4 ? readU32(zip, 0) : undefined;
    if (signature !== LOCAL_HEADER && signature !== END_RECORD) {
      this.fail(notZipError(zip.subarray(0, 4)));
      return;
    }
    const unzip = new Unzip((file) => this.onFile(file));
    unzip.register(this.guardedInflate());
    try {
      unzip.push(zip, true);
    } catch (error) {
      // fflate's code 13 means the input ended while an entry still expected data.
      const code = (error as Partial<FlateError>).code;
      this.fail(code === 13 ? cutShortError(this.open?.path) : new ZipImportError('The ZIP archive is damaged and cannot be read.', { cause: error }));
    }
    if (this.open) this.fail(cutShortError(this.open.path));
    this.checkEndRecord(zip);
  }

  private fail(error: ZipImportError): void {
    if (!this.failure) this.failure = error;
  }

  /**
   * fflate's inflater, fed in steps small enough for the limits to stop a bomb after at most one
   * step. Skipped entries and entries after a problem get no steps: they are never inflated.
   */
  private guardedInflate() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the inflater class below needs the reader
    const reader = this;
    return class GuardedInflate implements UnzipDecoder {
      static readonly compression = DEFLATE;
      ondata: AsyncFlateStreamHandler = () => {};
      private readonly inner = new UnzipInflate();
      // Made inside file.start(), while the entry it inflates is the open one.
      private readonly entry = reader.open;

      constructor() {
        this.inner.ondata = (error, data, final) => this.ondata(error, data, final);
      }

      push(chunk: Uint8Array, final: boolean): void {
        let offset = 0;
        do {
          if (!this.entry || reader.failure) return;
          const end = Math.min(chunk.length, offset + reader.budget.feedStep(this.entry.bytes, this.entry.declared));
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
    const verdict = classifyPath(name);
    if (verdict.kind === 'unsafe') return this.fail(unsafePathError(name, verdict.reason));
    // Skipped entries (folders, hidden and system files) are never started: fflate then passes over their data.
    if (verdict.kind === 'skip') return;
    const path = verdict.path;
    if (file.compression !== DEFLATE && file.compression !== STORED) return this.fail(unsupportedMethodError(path, file.compression));
    const declared = file.originalSize;
    const tooLarge = declared === undefined ? undefined : this.budget.declaredProblem(path, declared);
    if (tooLarge) return this.fail(tooLarge);

    const entry: OpenEntry = { path, declared, bytes: 0, parts: [] };
    this.open = entry;
    file.ondata = (error, data, final) => this.onData(entry, error, data, final);
    file.start();
  }

  private onData(entry: OpenEntry, error: FlateError | null, data: Uint8Array | null, final: boolean): void {
    if (this.failure) return;
    if (error || !data) return this.fail(damagedEntryError(entry.path, error));
    entry.bytes += data.length;
    const problem = this.budget.countProblem(entry.path, entry.bytes, data.length, entry.declared);
    if (problem) return this.fail(problem);
    // The data may be a view into the caller's archive; concatBytes copies it into a fresh buffer.
    if (data.length > 0) entry.parts.push(data);
    if (!final) return;
    this.open = undefined;
    if (entry.declared !== undefined && entry.bytes !== entry.declared) {
      return this.fail(new ZipImportError(
        `${shown(entry.path)} unpacks to ${withCommas(entry.bytes)} bytes, but the archive claims ` +
          `${withCommas(entry.declared)}; the ZIP archive is damaged.`,
      ));
    }
    this.entries.push({ path: entry.path, bytes: concatBytes(entry.parts) });
  }

  /**
   * A ZIP ends with a record that counts its entries. If it is missing, the archive was cut
   * short somewhere fflate cannot notice (between entries or in the table of contents).
   */
  private checkEndRecord(zip: Uint8Array): void {
    if (this.failure) return;
    let at = -1;
    for (let p = zip.length - END_RECORD_SIZE; p >= 0 && at < 0; p--) {
      if (readU32(zip, p) === END_RECORD && p + END_RECORD_SIZE + readU16(zip, p + 20) <= zip.length) at = p;
    }
    if (at < 0) return this.fail(cutShortError());
    const listed = readU16(zip, at + 10);
    // 0xffff means the real count is in a ZIP64 record; the archive is then too big to check this way.
    if (listed !== 0xffff && listed !== this.entriesSeen) this.fail(entryCountError(listed, this.entriesSeen));
  }
}

/**
 * Yields the files of a ZIP archive held in memory, in archive order, with paths using forward
 * slashes. Folders, `__MACOSX/`, hidden files (`.DS_Store`, `._x`) and Windows'
 * `Thumbs.db`/`desktop.ini` are skipped. Throws ZipImportError for an unsafe entry name, a size
 * over the limits, an unsupported or damaged archive, or one that is cut short, after yielding
 * the files before the problem; RangeError for limits that are not positive.
 */
export function* readZipEntries(zip: Uint8Array, limits: ZipLimits = {}): Generator<ZipEntry> {
  const reader = new ArchiveReader(new UnpackBudget(limits));
  reader.read(zip);
  yield* reader.entries;
  if (reader.failure) throw reader.failure;
}

// Formats that are compressed already: deflating them again costs time and saves about nothing.
const ALREADY_COMPRESSED = /\.(png|jpe?g|gif|webp|avif|zip|gz)$/i;

// A fixed date keeps exports byte-for-byte reproducible. ZIP stores local time fields,
// and this date is built from local fields too, so it reads back the same in every time zone.
const FIXED_DATE = new Date(1980, 0, 1, 0, 0, 0);

/** Why a path cannot go into an archive written here, or undefined if it can. */
function unwritable(path: string): string | undefined {
  const verdict = classifyPath(path);
  if (verdict.kind === 'unsafe') return verdict.reason;
  if (verdict.kind === 'skip') return 'readers skip folders and hidden files';
  if (verdict.path !== path) return `it should be written as "${verdict.path}"`;
  // fflate collects the names as keys of a plain object, where this one is special.
  if (path === '__proto__') return 'that name cannot be stored';
  return undefined;
}

/**
 * Writes a ZIP archive of the files, in order (except that fflate puts names made only of
 * digits first, as JavaScript orders such object keys). Images are stored as they are,
 * other files are deflated. Every path must be one readZipEntries yields unchanged:
 * forward slashes, no "..", not hidden. Throws RangeError otherwise or for a repeated path.
 */
export function writeZip(files: readonly ZipEntry[]): Uint8Array {
  const tree: Zippable = {};
  const seen = new Set<string>();
  for (const { path, bytes } of files) {
    const problem = unwritable(path);
    if (problem) throw new RangeError(`Cannot write "${path}" into a ZIP archive: ${problem}.`);
    if (seen.has(path)) throw new RangeError(`Cannot write "${path}" into a ZIP archive twice.`);
    seen.add(path);
    tree[path] = [bytes, { level: ALREADY_COMPRESSED.test(path) ? 0 : 6 }];
  }
  return zipSync(tree, { mtime: FIXED_DATE });
}
