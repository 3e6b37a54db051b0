import { readZipDirectory, type DirectoryEntry } from './zipDirectory';
import { entryCountError, unsafePathError, unsupportedMethodError, ZipImportError } from './zipErrors';
import { UnpackBudget, type ZipLimits } from './zipLimits';
import { classifyPath } from './zipNames';
import { ArchiveReader, DEFLATE, ListedSizes, startProblem, STORED } from './zipReader';

/**
 * Unpacks a user's ZIP archive from a Blob (a chosen or dropped file) without ever holding it
 * whole. Its table of contents is read first, from the end of the file, and the sizes it declares
 * are checked against the limits before anything is inflated: a bomb of many entries, each under
 * the limit for one file, is refused in milliseconds. Then the archive streams through the reader,
 * which holds every entry to its listed size and counts the bytes it really unpacks, so an archive
 * whose table of contents lies is stopped as soon as it does.
 */

const ENCRYPTED_METHOD = 99;

export interface UnpackOptions {
  limits: ZipLimits;
  /** which files to unpack (the others are listed, never inflated); default all */
  wanted?: (path: string) => boolean;
  /** the files wanted, for messages: "The images in this ZIP archive" (default "The files …") */
  what?: string;
  /** receives each wanted file once it is whole, its bytes in pieces (see ReaderOptions.onEntry) */
  onEntry: (path: string, parts: Uint8Array[]) => void;
  /** how many wanted files are done, of how many */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Unpacks the wanted files of an archive, handing each out as it is done, and returns the path of
 * every file the archive holds (wanted or not; folders, hidden and system files left out), in the
 * order of its table of contents. Throws ZipImportError, saying why in plain words, for anything
 * readZipEntries refuses, and for an archive whose table of contents declares more than the limits.
 */
export async function unpackZip(archive: Blob, options: UnpackOptions): Promise<string[]> {
  const notZip = startProblem(await readRange(archive, 0, 4));
  if (notZip) throw notZip;
  const directory = await readZipDirectory((offset, length) => readRange(archive, offset, length), archive.size);
  const budget = new UnpackBudget(options.limits);
  const wanted = options.wanted ?? (() => true);
  const { paths, wantedCount } = checkDirectory(directory, budget, wanted, options.what ?? 'The files in this ZIP archive');

  let done = 0;
  const reader = new ArchiveReader({
    budget, wanted, listed: new ListedSizes(directory),
    onEntry: (path, parts) => {
      options.onEntry(path, parts);
      options.onProgress?.(++done, wantedCount);
    },
  });
  const stream = archive.stream().getReader();
  try {
    for (;;) {
      const { done: ended, value } = await stream.read();
      reader.push(value ?? new Uint8Array(0), ended);
      if (ended || reader.failure) break;
    }
  } finally {
    await stream.cancel().catch(() => {});
  }
  if (reader.failure) throw reader.failure;
  if (reader.entriesSeen !== directory.length) throw entryCountError(directory.length, reader.entriesSeen);
  return paths;
}

/**
 * What the table of contents says before anything is unpacked: an unsafe name, a method that
 * cannot be unpacked, a file or a total larger than the limits. Returns the files' paths and how
 * many of them are wanted.
 */
function checkDirectory(
  directory: readonly DirectoryEntry[], budget: UnpackBudget, wanted: (path: string) => boolean, what: string,
): { paths: string[]; wantedCount: number } {
  const paths: string[] = [];
  let total = 0;
  let wantedCount = 0;
  for (const entry of directory) {
    const verdict = classifyPath(entry.name);
    if (verdict.kind === 'unsafe') throw unsafePathError(entry.name, verdict.reason);
    if (verdict.kind === 'skip') continue;
    paths.push(verdict.path);
    if (!wanted(verdict.path)) continue;
    if (entry.encrypted) throw unsupportedMethodError(verdict.path, ENCRYPTED_METHOD);
    if (entry.method !== DEFLATE && entry.method !== STORED) throw unsupportedMethodError(verdict.path, entry.method);
    const tooLarge = budget.declaredProblem(verdict.path, entry.size);
    if (tooLarge) throw tooLarge;
    total += entry.size;
    wantedCount++;
  }
  const overTotal = budget.declaredTotalProblem(`${what} would unpack to`, total);
  if (overTotal) throw new ZipImportError(overTotal);
  return { paths, wantedCount };
}

async function readRange(blob: Blob, offset: number, length: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
}
