// Reads the files of a user's ZIP archive, refusing anything unsafe, and writes ZIP archives
// for exports.
//
// A ZIP is also the classic way to attack an unpacker: entry names such as "../../x" that point
// outside the import folder (zipNames.ts), or a "zip bomb" whose few kilobytes unpack to
// gigabytes (zipLimits.ts). The entries are unpacked by zipReader.ts, which stops a bomb one
// small step after it passes a limit.

import { zipSync, type Zippable } from 'fflate';
import { concatBytes } from './bytes';
import { findEndRecord } from './zipDirectory';
import { cutShortError, entryCountError } from './zipErrors';
import { UnpackBudget, type ZipLimits } from './zipLimits';
import { classifyPath } from './zipNames';
import { ArchiveReader, startProblem } from './zipReader';

export { ZipImportError } from './zipErrors';
export type { ZipLimits } from './zipLimits';

/** One file from an archive. `bytes` is a fresh buffer of exactly its length that the caller may keep. */
export type ZipEntry = { path: string; bytes: Uint8Array };

/**
 * Yields the files of a ZIP archive held in memory, in archive order, with paths using forward
 * slashes. Folders, `__MACOSX/`, hidden files (`.DS_Store`, `._x`) and Windows'
 * `Thumbs.db`/`desktop.ini` are skipped. Throws ZipImportError for an unsafe entry name, a size
 * over the limits, an unsupported or damaged archive, or one that is cut short, after yielding
 * the files before the problem; RangeError for limits that are not positive.
 * (An archive in a Blob, a user's file, is read by zipBlob.ts without holding it whole.)
 */
export function* readZipEntries(zip: Uint8Array, limits: ZipLimits = {}): Generator<ZipEntry> {
  const entries: ZipEntry[] = [];
  const reader = new ArchiveReader({ budget: new UnpackBudget(limits), onEntry: (path, parts) => entries.push({ path, bytes: concatBytes(parts) }) });
  const notZip = startProblem(zip);
  if (notZip) reader.fail(notZip);
  reader.push(zip, true);
  if (!reader.failure) checkEndRecord(zip, reader);
  yield* entries;
  if (reader.failure) throw reader.failure;
}

/**
 * A ZIP ends with a record that counts its entries. If it is missing, the archive was cut
 * short somewhere fflate cannot notice (between entries or in the table of contents).
 */
function checkEndRecord(zip: Uint8Array, reader: ArchiveReader): void {
  const end = findEndRecord(zip);
  if (!end) return reader.fail(cutShortError());
  // 0xffff means the real count is in a ZIP64 record; the archive is then too big to check this way.
  if (end.count !== 0xffff && end.count !== reader.entriesSeen) reader.fail(entryCountError(end.count, reader.entriesSeen));
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
