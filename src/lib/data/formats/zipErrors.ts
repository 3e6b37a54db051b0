import { plural } from '../../core/plural';
import { shown } from './zipNames';

/**
 * What lossloop says about an archive it cannot read: each message names the problem, the entry
 * when one is at fault, and what the user can do about it.
 */

/** Thrown when an archive cannot be imported; the message is meant for users. */
export class ZipImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ZipImportError';
  }
}

const KIB = 1024;
const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;

// What the other compression methods are called, so the error can say what to change.
const METHOD_NAMES: Record<number, string> = {
  1: 'Shrink', 6: 'Implode', 9: 'Deflate64', 12: 'BZIP2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 98: 'PPMd',
};
const ENCRYPTED_METHOD = 99;

export function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Exact sizes in bytes, or whole MiB/GiB when a limit is a round number of them. */
export function sizeText(n: number): string {
  if (n >= GIB && n % GIB === 0) return `${n / GIB} GiB`;
  if (n >= MIB && n % MIB === 0) return `${n / MIB} MiB`;
  return `${withCommas(n)} byte${n === 1 ? '' : 's'}`;
}

/** An exact byte count with its rough size beside it, for totals: "2,516,582,400 bytes (2.3 GiB)". */
export function bytesText(n: number): string {
  const exact = `${withCommas(n)} byte${n === 1 ? '' : 's'}`;
  if (n < MIB) return exact;
  const [unit, name] = n >= GIB ? [GIB, 'GiB'] : [MIB, 'MiB'];
  return `${exact} (${(n / unit).toFixed(1).replace(/\.0$/, '')} ${name})`;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** The error for a file that does not start like a ZIP archive, with a hint at what it is. */
export function notZipError(head: Uint8Array): ZipImportError {
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
export function cutShortError(entryPath?: string): ZipImportError {
  const where = entryPath
    ? `it ends in the middle of ${shown(entryPath)}`
    : 'its table of contents, which closes every ZIP archive, is missing';
  return new ZipImportError(
    `The ZIP archive is cut short: ${where}. ` +
      'It may not have finished downloading or copying; try getting the file again.',
  );
}

export function unsafePathError(name: string, reason: string): ZipImportError {
  return new ZipImportError(
    `The ZIP archive contains an entry with an unsafe path, ${shown(name)}: ${reason}. ` +
      'Archives whose files could land outside the import folder are refused; ' +
      'make a new ZIP from the folder of images itself.',
  );
}

export function unsupportedMethodError(path: string, method: number): ZipImportError {
  if (method === ENCRYPTED_METHOD) {
    return new ZipImportError(`${shown(path)} is encrypted; password-protected ZIP archives cannot be read.`);
  }
  const name = METHOD_NAMES[method] ? `${METHOD_NAMES[method]} compression` : `compression method ${method}`;
  return new ZipImportError(
    `${shown(path)} is packed with ${name}, which cannot be unpacked here. ` +
      'Make the ZIP again with the standard "Deflate" compression (the default of most zip tools).',
  );
}

export function damagedEntryError(path: string, cause: unknown): ZipImportError {
  return new ZipImportError(
    `${shown(path)} in the ZIP archive cannot be unpacked because its data is damaged. ` +
      '(Password-protected archives cannot be read either.)',
    { cause },
  );
}

export function entryCountError(listed: number, found: number): ZipImportError {
  return new ZipImportError(
    `The ZIP archive is damaged: its table of contents lists ${listed} entr${listed === 1 ? 'y' : 'ies'}, ` +
      `but ${found} ${found === 1 ? 'was' : 'were'} found.`,
  );
}
