// Reads the files in a user's ZIP archive one at a time, refusing anything unsafe,
// and writes ZIP archives for exports.
//
// A ZIP is also the classic way to attack an unpacker: entry names such as "../../x"
// that point outside the import folder, or a "zip bomb" whose few kilobytes unpack to
// gigabytes. The archive is streamed through fflate's Unzip so that at most one entry
// is unpacked in memory at a time, and unpacked bytes are counted as they appear
// instead of trusting the sizes the archive declares.

import {
  Unzip,
  UnzipInflate,
  zipSync,
  type AsyncFlateStreamHandler,
  type FlateError,
  type UnzipDecoder,
  type UnzipDecoderConstructor,
  type UnzipFile,
  type Zippable,
} from 'fflate';

/** One file from an archive. `bytes` is a fresh buffer of exactly its length that the caller may keep. */
export type ZipEntry = { path: string; bytes: Uint8Array };

/** Caps on unpacked sizes; anything larger is refused before it can exhaust memory. */
export type ZipLimits = {
  /** Largest unpacked size of one file. Default 64 MiB. */
  maxEntryBytes?: number;
  /** Largest unpacked size of all files together. Default 4 GiB. */
  maxTotalBytes?: number;
};

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

export const DEFAULT_MAX_ENTRY_BYTES = 64 * MIB;
export const DEFAULT_MAX_TOTAL_BYTES = 4 * GIB;

// Input is handed to the unzipper in slices of this size, so entries can be yielded
// between slices even when the whole archive arrives as one buffer.
const INPUT_SLICE = 64 * KIB;

// Deflate cannot expand data by more than about 1032 times. Feeding an entry's compressed
// data in steps of (bytes still allowed) / 1032 means one step can barely overshoot a
// limit; the smallest step bounds the overshoot to about 1 MiB when a limit is near.
const MAX_DEFLATE_RATIO = 1032;
const MIN_FEED = KIB;
const MAX_FEED = 64 * KIB;

// The end-of-archive record is 22 bytes plus a comment of up to 65535 bytes.
const END_RECORD_SIZE = 22;
const TAIL_SIZE = END_RECORD_SIZE + 0xffff;

const LOCAL_HEADER = 0x04034b50;
const END_RECORD = 0x06054b50;
const DEFLATE = 8;
const STORED = 0;

// What the other compression methods are called, so the error can say what to change.
const METHOD_NAMES: Record<number, string> = {
  1: 'Shrink',
  6: 'Implode',
  9: 'Deflate64',
  12: 'BZIP2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  98: 'PPMd',
};
const ENCRYPTED_METHOD = 99;

// Files that operating systems drop into folders without asking; they are never images.
const SYSTEM_JUNK = new Set(['thumbs.db', 'desktop.ini']);

/** Thrown when an archive cannot be imported; the message is meant for users. */
export class ZipImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ZipImportError';
  }
}

function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Exact sizes in bytes, or whole MiB/GiB when a limit is a round number of them. */
function sizeText(n: number): string {
  if (n >= GIB && n % GIB === 0) return `${n / GIB} GiB`;
  if (n >= MIB && n % MIB === 0) return `${n / MIB} MiB`;
  return `${withCommas(n)} byte${n === 1 ? '' : 's'}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** A name as it can be shown in a message: control characters would garble it. */
function shown(name: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${name.replace(/[\u0000-\u001f\u007f]/g, '\ufffd')}"`;
}

function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

function readU16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

type PathVerdict = { kind: 'file'; path: string } | { kind: 'skip' } | { kind: 'unsafe'; reason: string };

/**
 * Decides what to do with an entry name: a file path with forward slashes, something to
 * skip (folders, hidden and system files), or a name that could escape the import folder.
 */
function classifyPath(name: string): PathVerdict {
  if (name === '') return { kind: 'unsafe', reason: 'it has no name' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return { kind: 'unsafe', reason: 'it contains control characters' };
  // Windows tools may write backslashes as separators; turning them into slashes first
  // means "..\x" and "\x" are caught by the same checks as "../x" and "/x".
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { kind: 'unsafe', reason: 'it is an absolute path' };
  if (/^[A-Za-z]:/.test(slashed)) return { kind: 'unsafe', reason: 'it starts with a drive letter' };
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  // Windows drops trailing dots and spaces from names, so ".. " or "..." can act as "..".
  if (segments.some((s) => /^\.\.[. ]*$/.test(s))) {
    return { kind: 'unsafe', reason: 'it uses ".." to point outside the archive' };
  }
  if (slashed.endsWith('/') || segments.length === 0) return { kind: 'skip' };
  const hidden = segments.some((s) => s === '__MACOSX' || s.startsWith('.'));
  if (hidden || SYSTEM_JUNK.has(segments[segments.length - 1].toLowerCase())) return { kind: 'skip' };
  return { kind: 'file', path: segments.join('/') };
}

/**
 * fflate reads names as Latin-1 unless the archive sets its UTF-8 flag, but many zip tools
 * write UTF-8 without the flag. A Latin-1 reading that is valid UTF-8 almost surely was UTF-8.
 */
function decodeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return name;
  }
}

/** The error for a file that does not start like a ZIP archive, with a hint at what it is. */
function notZipError(head: Uint8Array): ZipImportError {
  if (head.length === 0) return new ZipImportError('This file is empty, so it is not a ZIP archive.');
  if (head.length < 4) {
    return new ZipImportError(`This file is too short to be a ZIP archive: it has only ${plural(head.length, 'byte')}.`);
  }
  const first = Array.from(head.subarray(0, 4), hex).join(' ');
  let hint = 'a ZIP archive starts with the letters "PK"';
  if (head[0] === 0x1f && head[1] === 0x8b) hint = 'it is a gzip file; unpack it and zip the images instead';
  else if (first === '52 61 72 21') hint = 'it is a RAR archive; re-pack the images as a ZIP';
  else if (first === '37 7a bc af') hint = 'it is a 7-Zip archive; re-pack the images as a ZIP';
  else if (first === '89 50 4e 47') hint = 'it is a PNG image; put the images into a ZIP first';
  else if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) hint = 'it is a JPEG image; put the images into a ZIP first';
  return new ZipImportError(`This is not a ZIP archive: its first bytes are ${first} (${hint}).`);
}

/** The error for an archive that ends early, inside the named entry if that is known. */
function cutShortError(entryPath?: string): ZipImportError {
  const where = entryPath
    ? `it ends in the middle of ${shown(entryPath)}`
    : 'its table of contents, which closes every ZIP archive, is missing';
  return new ZipImportError(
    `The ZIP archive is cut short: ${where}. ` +
      'It may not have finished downloading or copying; try getting the file again.',
  );
}

/** An entry being unpacked. */
type OpenEntry = {
  path: string;
  /** Dropped without inflating: folders, hidden and system files. */
  skip: boolean;
  /** The unpacked size from the local header; undefined when the archive defers it. */
  declared: number | undefined;
  /** Unpacked bytes seen so far. */
  bytes: number;
  /** Preallocated when the size is declared (already checked against the limits)... */
  buffer: Uint8Array | undefined;
  /** ...otherwise the pieces as they arrive. */
  parts: Uint8Array[];
};

/**
 * fflate's inflater wrapped so that compressed data goes in small enough steps for the
 * size limits to stop a bomb after at most one step, and so skipped entries are never
 * inflated at all. `limitFor` is asked, when an entry starts, for the function that
 * gives its next step size (0 = drop the rest).
 */
function guardedInflate(limitFor: () => () => number): UnzipDecoderConstructor {
  return class GuardedInflate implements UnzipDecoder {
    static readonly compression = DEFLATE;
    ondata: AsyncFlateStreamHandler = () => {};
    private readonly inner = new UnzipInflate();
    private readonly nextStep = limitFor();

    constructor() {
      this.inner.ondata = (error, data, final) => this.ondata(error, data, final);
    }

    push(chunk: Uint8Array, final: boolean): void {
      let offset = 0;
      do {
        const step = this.nextStep();
        if (step === 0) return;
        const end = Math.min(chunk.length, offset + step);
        this.inner.push(chunk.subarray(offset, end), final && end === chunk.length);
        offset = end;
      } while (offset < chunk.length);
    }
  };
}

/**
 * Feeds archive bytes to fflate and collects finished entries. Problems are recorded
 * rather than thrown from fflate's callbacks (fflate catches and re-routes those), and
 * surface after the entries that were finished before them.
 */
class ArchiveReader {
  private readonly unzip: Unzip;
  private readonly ready: ZipEntry[] = [];
  private failure: ZipImportError | undefined;
  private open: OpenEntry | undefined;
  private total = 0;
  private entriesSeen = 0;
  private head: Uint8Array | undefined = new Uint8Array(0);
  // The most recent input chunks, covering at least TAIL_SIZE bytes, for the end-record check.
  private tail: Uint8Array[] = [];
  private tailLength = 0;

  constructor(
    private readonly maxEntryBytes: number,
    private readonly maxTotalBytes: number,
  ) {
    this.unzip = new Unzip((file) => this.onFile(file));
    this.unzip.register(
      guardedInflate(() => {
        const entry = this.open;
        return () => (entry ? this.feedLimit(entry) : 0);
      }),
    );
  }

  push(chunk: Uint8Array): void {
    if (this.failure || chunk.length === 0) return;
    this.keepTail(chunk);
    if (this.head) {
      // The first four bytes tell whether this is a ZIP at all; they may span chunks.
      const head = concat([this.head, chunk], this.head.length + chunk.length);
      if (head.length < 4) {
        this.head = head;
        return;
      }
      this.head = undefined;
      const signature = readU32(head, 0);
      if (signature !== LOCAL_HEADER && signature !== END_RECORD) {
        this.failure = notZipError(head);
        return;
      }
      chunk = head;
    }
    this.feed(chunk, false);
  }

  finish(): void {
    if (this.failure) return;
    if (this.head) {
      this.failure = notZipError(this.head);
      return;
    }
    this.feed(new Uint8Array(0), true);
    if (this.failure) return;
    if (this.open) {
      this.failure = cutShortError(this.open.path);
      return;
    }
    this.checkEndRecord();
  }

  /** Entries finished so far, then the problem that stopped the reading, if any. */
  *drain(): Generator<ZipEntry> {
    while (this.ready.length > 0) yield this.ready.shift() as ZipEntry;
    if (this.failure) throw this.failure;
  }

  private feed(chunk: Uint8Array, final: boolean): void {
    try {
      this.unzip.push(chunk, final);
    } catch (error) {
      if (this.failure) return;
      // fflate's code 13 means the input ended while an entry still expected data.
      const code = (error as Partial<FlateError>).code;
      this.failure =
        code === 13
          ? cutShortError(this.open?.path)
          : new ZipImportError('The ZIP archive is damaged and cannot be read.', { cause: error });
    }
  }

  private fail(error: ZipImportError): void {
    if (!this.failure) this.failure = error;
  }

  private keepTail(chunk: Uint8Array): void {
    this.tail.push(chunk);
    this.tailLength += chunk.length;
    while (this.tailLength - this.tail[0].length >= TAIL_SIZE) this.tailLength -= this.tail.shift()!.length;
  }

  private onFile(file: UnzipFile): void {
    this.entriesSeen++;
    if (this.failure) return;
    const name = decodeName(file.name);
    const verdict = classifyPath(name);
    if (verdict.kind === 'unsafe') {
      this.fail(
        new ZipImportError(
          `The ZIP archive contains an entry with an unsafe path, ${shown(name)}: ${verdict.reason}. ` +
            'Archives whose files could land outside the import folder are refused; ' +
            'make a new ZIP from the folder of images itself.',
        ),
      );
      return;
    }
    const skip = verdict.kind === 'skip';
    const path = skip ? name : verdict.path;
    if (file.compression !== DEFLATE && file.compression !== STORED) {
      // Skipped entries are left unstarted; fflate then just holds their few bytes.
      if (!skip) this.fail(unsupportedMethodError(path, file.compression));
      return;
    }

    const declared = file.originalSize;
    if (!skip && declared !== undefined) {
      if (declared > this.maxEntryBytes) {
        this.fail(
          new ZipImportError(
            `The archive claims ${withCommas(declared)} bytes for ${shown(path)} when unpacked, ` +
              `more than the ${sizeText(this.maxEntryBytes)} allowed for one file. Leave that file out of the ZIP.`,
          ),
        );
        return;
      }
      if (this.total + declared > this.maxTotalBytes) {
        this.fail(
          new ZipImportError(
            `The archive claims ${withCommas(this.total + declared)} bytes in total by the time it reaches ` +
              `${shown(path)}, more than the ${sizeText(this.maxTotalBytes)} that can be imported at once. ` +
              'Split the images into several smaller ZIP files.',
          ),
        );
        return;
      }
    }

    const entry: OpenEntry = {
      path,
      skip,
      declared,
      bytes: 0,
      buffer: !skip && declared !== undefined ? new Uint8Array(declared) : undefined,
      parts: [],
    };
    // The inflater made inside start() picks up the open entry to learn its limits.
    this.open = entry;
    file.ondata = (error, data, final) => this.onData(entry, error, data, final);
    // Every entry is started, even skipped ones: fflate keeps the data of unstarted entries.
    file.start();
    // A skipped entry is never finished, so it must not look like one left half-read.
    if (skip) this.open = undefined;
  }

  /** How much compressed data the entry may take in its next step; 0 stops it. */
  private feedLimit(entry: OpenEntry): number {
    if (entry.skip || this.failure) return 0;
    const allowed = Math.min(
      this.maxEntryBytes - entry.bytes,
      this.maxTotalBytes - this.total,
      entry.declared === undefined ? Infinity : entry.declared - entry.bytes,
    );
    return Math.max(MIN_FEED, Math.min(MAX_FEED, Math.floor(allowed / MAX_DEFLATE_RATIO)));
  }

  private onData(entry: OpenEntry, error: FlateError | null, data: Uint8Array | null, final: boolean): void {
    if (this.failure || entry.skip) return;
    if (error || !data) {
      this.fail(
        new ZipImportError(
          `${shown(entry.path)} in the ZIP archive cannot be unpacked because its data is damaged. ` +
            '(Password-protected archives cannot be read either.)',
          { cause: error },
        ),
      );
      return;
    }

    entry.bytes += data.length;
    this.total += data.length;
    if (entry.declared !== undefined && entry.bytes > entry.declared) {
      this.fail(
        new ZipImportError(
          `${shown(entry.path)} unpacks to more than the ${withCommas(entry.declared)} bytes the archive claims for it, ` +
            'so the archive is damaged or made to trick unpackers; the import stopped.',
        ),
      );
      return;
    }
    if (entry.bytes > this.maxEntryBytes) {
      this.fail(
        new ZipImportError(
          `${shown(entry.path)} unpacks to more than the ${sizeText(this.maxEntryBytes)} allowed for one file, ` +
            'so the import stopped. Leave that file out of the ZIP.',
        ),
      );
      return;
    }
    if (this.total > this.maxTotalBytes) {
      this.fail(
        new ZipImportError(
          `The files in this archive unpack to more than the ${sizeText(this.maxTotalBytes)} that can be imported ` +
            `at once (reached at ${shown(entry.path)}). Split the images into several smaller ZIP files.`,
        ),
      );
      return;
    }
    if (entry.buffer) entry.buffer.set(data, entry.bytes - data.length);
    // The data may be a view into the caller's archive, so it is copied, here or when joined.
    else if (data.length > 0) entry.parts.push(data);

    if (!final) return;
    this.open = undefined;
    if (entry.declared !== undefined && entry.bytes !== entry.declared) {
      this.fail(
        new ZipImportError(
          `${shown(entry.path)} unpacks to ${withCommas(entry.bytes)} bytes, but the archive claims ` +
            `${withCommas(entry.declared)}; the ZIP archive is damaged.`,
        ),
      );
      return;
    }
    this.ready.push({ path: entry.path, bytes: entry.buffer ?? concat(entry.parts, entry.bytes) });
  }

  /**
   * A ZIP ends with a record that counts its entries. If it is missing, the archive was cut
   * short somewhere fflate cannot notice (between entries or in the table of contents).
   */
  private checkEndRecord(): void {
    const tail = concat(this.tail, this.tailLength);
    let at = -1;
    for (let p = tail.length - END_RECORD_SIZE; p >= 0; p--) {
      if (readU32(tail, p) === END_RECORD && p + END_RECORD_SIZE + readU16(tail, p + 20) <= tail.length) {
        at = p;
        break;
      }
    }
    if (at < 0) {
      this.fail(cutShortError());
      return;
    }
    const listed = readU16(tail, at + 10);
    // 0xffff means the real count is in a ZIP64 record; the archive is then too big to check this way.
    if (listed !== 0xffff && listed !== this.entriesSeen) {
      this.fail(
        new ZipImportError(
          `The ZIP archive is damaged: its table of contents lists ${listed} entr${listed === 1 ? 'y' : 'ies'}, ` +
            `but ${this.entriesSeen} ${this.entriesSeen === 1 ? 'was' : 'were'} found.`,
        ),
      );
    }
  }
}

function unsupportedMethodError(path: string, method: number): ZipImportError {
  if (method === ENCRYPTED_METHOD) {
    return new ZipImportError(`${shown(path)} is encrypted; password-protected ZIP archives cannot be read.`);
  }
  const name = METHOD_NAMES[method] ? `${METHOD_NAMES[method]} compression` : `compression method ${method}`;
  return new ZipImportError(
    `${shown(path)} is packed with ${name}, which cannot be unpacked here. ` +
      'Make the ZIP again with the standard "Deflate" compression (the default of most zip tools).',
  );
}

function checkLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`${name} must be a positive number of bytes, got ${value}.`);
  return value;
}

/** The input in slices, closing a stream early if the reading stops early. */
async function* slices(zip: Uint8Array | ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (zip instanceof Uint8Array) {
    for (let at = 0; at < zip.length; at += INPUT_SLICE) yield zip.subarray(at, at + INPUT_SLICE);
    return;
  }
  const reader = zip.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      for (let at = 0; at < value.length; at += INPUT_SLICE) yield value.subarray(at, at + INPUT_SLICE);
    }
  } finally {
    // An error or an early stop: tell the source (a file being read) to stop producing.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * Yields the files of a ZIP archive one by one as they are unpacked, in archive order,
 * with paths using forward slashes. Folders, `__MACOSX/`, hidden files (`.DS_Store`,
 * `._x`) and Windows' `Thumbs.db`/`desktop.ini` are skipped. Throws ZipImportError for an
 * unsafe entry name, a size over the limits, an unsupported or damaged archive, or one
 * that is cut short; files before the problem have been yielded by then. Stopping early
 * (break) cancels a stream input.
 */
export async function* readZipEntries(
  zip: Uint8Array | ReadableStream<Uint8Array>,
  limits: ZipLimits = {},
): AsyncGenerator<ZipEntry> {
  const reader = new ArchiveReader(
    checkLimit('maxEntryBytes', limits.maxEntryBytes, DEFAULT_MAX_ENTRY_BYTES),
    checkLimit('maxTotalBytes', limits.maxTotalBytes, DEFAULT_MAX_TOTAL_BYTES),
  );
  for await (const chunk of slices(zip)) {
    reader.push(chunk);
    yield* reader.drain();
  }
  reader.finish();
  yield* reader.drain();
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
