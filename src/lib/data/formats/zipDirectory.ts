import { readU16, readU32 } from './bytes';
import { cutShortError, ZipImportError } from './zipErrors';
import { decodeName } from './zipNames';

/**
 * A ZIP archive's table of contents (its "central directory", at the end of the file). It lists
 * every entry with its compression method and sizes, so it can be read first, in a few kilobytes,
 * and an archive whose files would unpack to more than an import may take is refused before a
 * byte is inflated. The sizes it declares can lie: the reader (zipReader.ts) holds every entry to
 * the size listed here and counts the bytes it really unpacks.
 */

export interface DirectoryEntry {
  /** the name as stored, read as UTF-8 or Latin-1 as its flag says (zipNames.ts), before any path rule */
  name: string;
  method: number;
  encrypted: boolean;
  /** bytes of compressed data */
  packedSize: number;
  /** bytes once unpacked, as declared */
  size: number;
}

/** Reads `length` bytes from `offset` of the archive. */
export type ReadRange = (offset: number, length: number) => Promise<Uint8Array>;

export const END_RECORD = 0x06054b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_END_RECORD = 0x06064b50;
const ZIP64_END_RECORD_SIZE = 56;
const DIRECTORY_HEADER = 0x02014b50;
const DIRECTORY_HEADER_SIZE = 46;
const ZIP64_EXTRA = 0x0001;
// A 16- or 32-bit field holding its largest value says "the real value is in the ZIP64 record".
const ZIP64_COUNT = 0xffff;
const ZIP64_SIZE = 0xffffffff;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;

function readU64(bytes: Uint8Array, at: number): number {
  const high = readU32(bytes, at + 4);
  // Beyond 2^53 a number is no longer exact; no real archive comes near.
  if (high >= 2 ** 21) throw damagedDirectory('a size is larger than any file');
  return high * 2 ** 32 + readU32(bytes, at);
}

function damagedDirectory(detail: string): ZipImportError {
  return new ZipImportError(`The ZIP archive is damaged: its table of contents cannot be read (${detail}).`);
}

/** The end record found in the last bytes of an archive: where it starts, and the entries it counts. */
export interface EndRecord {
  /** offset of the record within the bytes searched */
  at: number;
  /** the entries it counts; 0xffff means "see the ZIP64 record" */
  count: number;
}

/**
 * Finds the record that closes every ZIP archive, searching back from the end of `bytes` (a
 * comment of up to 64 KiB may follow it), or undefined when there is none: the archive was cut short.
 */
export function findEndRecord(bytes: Uint8Array): EndRecord | undefined {
  for (let at = bytes.length - END_RECORD_SIZE; at >= 0; at--) {
    if (readU32(bytes, at) === END_RECORD && at + END_RECORD_SIZE + readU16(bytes, at + 20) <= bytes.length) {
      return { at, count: readU16(bytes, at + 10) };
    }
  }
  return undefined;
}

/** Where the table of contents lies in the archive, and how many entries it lists. */
interface DirectoryPlace {
  offset: number;
  size: number;
  count: number;
}

/**
 * Reads the table of contents of an archive of `length` bytes, reading only its last bytes and the
 * table itself. Throws ZipImportError when there is none (the archive is cut short) or it is damaged.
 */
export async function readZipDirectory(read: ReadRange, length: number): Promise<DirectoryEntry[]> {
  const tailStart = Math.max(0, length - (END_RECORD_SIZE + MAX_COMMENT + ZIP64_LOCATOR_SIZE));
  const tail = await read(tailStart, length - tailStart);
  const end = findEndRecord(tail);
  if (!end) throw cutShortError();
  const endOffset = tailStart + end.at;
  let place: DirectoryPlace = { count: end.count, size: readU32(tail, end.at + 12), offset: readU32(tail, end.at + 16) };
  if (readU16(tail, end.at + 4) !== 0 || readU16(tail, end.at + 6) !== 0) {
    throw new ZipImportError('This ZIP archive is split over several files, which cannot be read here. Make one ZIP file of the images.');
  }
  let directoryEnd = endOffset;
  if (place.count === ZIP64_COUNT || place.size === ZIP64_SIZE || place.offset === ZIP64_SIZE) {
    const locator = end.at - ZIP64_LOCATOR_SIZE;
    if (locator < 0 || readU32(tail, locator) !== ZIP64_LOCATOR) throw damagedDirectory('its ZIP64 record is missing');
    directoryEnd = readU64(tail, locator + 8);
    if (directoryEnd + ZIP64_END_RECORD_SIZE > endOffset) throw damagedDirectory('its ZIP64 record points outside the file');
    place = zip64Place(await read(directoryEnd, ZIP64_END_RECORD_SIZE));
  }
  if (place.offset + place.size > directoryEnd) throw damagedDirectory('it points outside the file');
  return parseDirectory(await read(place.offset, place.size), place.count);
}

function zip64Place(record: Uint8Array): DirectoryPlace {
  if (readU32(record, 0) !== ZIP64_END_RECORD) throw damagedDirectory('its ZIP64 record is missing');
  return { count: readU64(record, 32), size: readU64(record, 40), offset: readU64(record, 48) };
}

/** The `count` entries of a table of contents, from its bytes. */
export function parseDirectory(bytes: Uint8Array, count: number): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + DIRECTORY_HEADER_SIZE > bytes.length || readU32(bytes, at) !== DIRECTORY_HEADER) {
      throw damagedDirectory(`it lists ${count} entries, but entry ${i + 1} is not where it should be`);
    }
    const flags = readU16(bytes, at + 8);
    const nameLength = readU16(bytes, at + 28);
    const extraLength = readU16(bytes, at + 30);
    const commentLength = readU16(bytes, at + 32);
    const nameStart = at + DIRECTORY_HEADER_SIZE;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > bytes.length) throw damagedDirectory(`entry ${i + 1} runs past its end`);
    const sizes = zip64Sizes(bytes.subarray(extraStart, extraStart + extraLength), readU32(bytes, at + 24), readU32(bytes, at + 20));
    entries.push({
      name: entryName(bytes.subarray(nameStart, extraStart), (flags & FLAG_UTF8) !== 0),
      method: readU16(bytes, at + 10),
      encrypted: (flags & FLAG_ENCRYPTED) !== 0,
      ...sizes,
    });
    at = next;
  }
  return entries;
}

/**
 * The sizes of an entry: the 32-bit fields, or, where one holds 0xffffffff, the 64-bit value its
 * ZIP64 extra field holds instead (unpacked size first, then packed size, APPNOTE 4.5.3).
 */
function zip64Sizes(extra: Uint8Array, size: number, packedSize: number): { size: number; packedSize: number } {
  if (size !== ZIP64_SIZE && packedSize !== ZIP64_SIZE) return { size, packedSize };
  for (let at = 0; at + 4 <= extra.length; at += 4 + readU16(extra, at + 2)) {
    if (readU16(extra, at) !== ZIP64_EXTRA) continue;
    let field = at + 4;
    const end = field + readU16(extra, at + 2);
    const next = (): number => {
      if (field + 8 > end) throw damagedDirectory('a ZIP64 size is missing');
      const value = readU64(extra, field);
      field += 8;
      return value;
    };
    const realSize = size === ZIP64_SIZE ? next() : size;
    return { size: realSize, packedSize: packedSize === ZIP64_SIZE ? next() : packedSize };
  }
  throw damagedDirectory('a ZIP64 size is missing');
}

/** A name as fflate reads it in the entry's own header (UTF-8 if flagged, else Latin-1), then as zipNames.ts reads that. */
function entryName(bytes: Uint8Array, utf8: boolean): string {
  const name = utf8 ? new TextDecoder().decode(bytes) : String.fromCharCode(...bytes);
  return decodeName(name);
}
