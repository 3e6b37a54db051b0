import { UnzipInflate, zipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { concatBytes } from '../../src/lib/data/formats/bytes';
import { looksLikeImage } from '../../src/lib/data/formats/decodeImage';
import { importBudget } from '../../src/lib/data/formats/importBudget';
import { readZipEntries, writeZip, ZipImportError, type ZipLimits } from '../../src/lib/data/formats/zip';
import { unpackZip } from '../../src/lib/data/formats/zipBlob';
import { noise } from './noiseBytes';

/**
 * A user's ZIP read from a Blob: its table of contents is checked against the import's budget
 * before anything is inflated, and every entry is held to the size listed there while it unpacks.
 */

const MIB = 1024 * 1024;
const view = (zip: Uint8Array) => new DataView(zip.buffer, zip.byteOffset, zip.byteLength);

// Offsets in the records of a ZIP (APPNOTE 4.3.7, 4.3.12, 4.3.16).
const LOCAL_PACKED = 18;
const LOCAL_UNPACKED = 22;
const CENTRAL_FLAGS = 8;
const CENTRAL_UNPACKED = 24;

/** The offset of each local header and each central directory record, for an archive with no comment. */
function records(zip: Uint8Array): { local: number[]; central: number[] } {
  const dv = view(zip);
  const end = zip.length - 22;
  expect(dv.getUint32(end, true)).toBe(0x06054b50);
  const count = dv.getUint16(end + 10, true);
  const central: number[] = [];
  const local: number[] = [];
  let at = dv.getUint32(end + 16, true);
  for (let i = 0; i < count; i++) {
    expect(dv.getUint32(at, true)).toBe(0x02014b50);
    central.push(at);
    local.push(dv.getUint32(at + 42, true));
    at += 46 + dv.getUint16(at + 28, true) + dv.getUint16(at + 30, true) + dv.getUint16(at + 32, true);
  }
  return { local, central };
}

/** Makes entry `i` declare `size` unpacked bytes in its local header, its central record, or both. */
function declare(zip: Uint8Array, i: number, size: { local?: number; central?: number }): Uint8Array {
  const { local, central } = records(zip);
  if (size.local !== undefined) view(zip).setUint32(local[i] + LOCAL_UNPACKED, size.local, true);
  if (size.central !== undefined) view(zip).setUint32(central[i] + CENTRAL_UNPACKED, size.central, true);
  return zip;
}

/** Counts the compressed bytes handed to fflate's inflater. */
function compressedBytesFed() {
  let total = 0;
  const original = UnzipInflate.prototype.push;
  vi.spyOn(UnzipInflate.prototype, 'push').mockImplementation(function (this: UnzipInflate, data, final) {
    total += data.length;
    original.call(this, data, final);
  });
  return () => total;
}

afterEach(() => vi.restoreAllMocks());

type Unpacked = { paths: string[]; files: { path: string; bytes: Uint8Array }[] };

async function unpack(zip: Uint8Array, limits: ZipLimits = {}, wanted?: (path: string) => boolean): Promise<Unpacked> {
  const files: { path: string; bytes: Uint8Array }[] = [];
  const paths = await unpackZip(new Blob([zip as BlobPart]), {
    limits, wanted, what: wanted ? 'The images in this ZIP archive' : undefined,
    onEntry: (path, parts) => files.push({ path, bytes: concatBytes(parts) }),
  });
  return { paths, files };
}

async function refusal(zip: Uint8Array, limits: ZipLimits = {}, wanted?: (path: string) => boolean): Promise<{ message: string; handedOut: string[] }> {
  const handedOut: string[] = [];
  try {
    await unpackZip(new Blob([zip as BlobPart]), { limits, wanted, what: wanted ? 'The images in this ZIP archive' : undefined, onEntry: (path) => handedOut.push(path) });
  } catch (error) {
    expect(error).toBeInstanceOf(ZipImportError);
    return { message: (error as Error).message, handedOut };
  }
  throw new Error('expected the archive to be refused');
}


describe('the table of contents, checked before anything is inflated', () => {
  it('refuses 40 entries of 60 MiB that each fit the per-file limit, naming the declared total and the budget', async () => {
    // The bomb as a user meets it, with small real entries whose both headers claim 60 MiB each.
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`bomb/${i}.png`, new Uint8Array(100)]));
    const zip = zipSync(files, { level: 9 });
    for (let i = 0; i < 40; i++) declare(zip, i, { local: 60 * MIB, central: 60 * MIB });
    const fed = compressedBytesFed();
    const budget = importBudget({ usageBytes: 0, quotaBytes: null });
    const { message, handedOut } = await refusal(zip, budget, looksLikeImage);
    // 40 x 62,914,560 = 2,516,582,400 bytes; 2,516,582,400 / 2^30 = 2.34 GiB.
    expect(message).toBe(
      'The images in this ZIP archive would unpack to 2,516,582,400 bytes (2.3 GiB), more than the 1 GiB one import may take, ' +
        'so none of them was read. Split the images into several smaller imports.');
    expect(fed()).toBe(0);
    expect(handedOut).toEqual([]);
  });

  it('refuses a real archive of zeros whose honest sizes add up to more than the budget, inflating nothing', async () => {
    const zeros = new Uint8Array(10_000_000);
    const zip = zipSync({ 'a.png': [zeros, { level: 9 }], 'b.png': [zeros, { level: 9 }], 'c.png': [zeros, { level: 9 }] });
    expect(zip.length).toBeLessThan(100_000);
    const fed = compressedBytesFed();
    const { message } = await refusal(zip, { maxTotalBytes: 25_000_000 });
    expect(message).toContain('The files in this ZIP archive would unpack to 30,000,000 bytes (28.6 MiB), more than the 25,000,000 bytes that can be imported at once');
    expect(fed()).toBe(0);
  });

  it('names the space left when the storage, not the ceiling, is the limit', async () => {
    const zip = writeZip([{ path: 'a.png', bytes: new Uint8Array(3000) }, { path: 'b.png', bytes: new Uint8Array(3000) }]);
    // 10,000,000 - 9,995,000 = 5,000 bytes left, less than the 6,000 the two images take.
    const { message } = await refusal(zip, importBudget({ usageBytes: 9_995_000, quotaBytes: 10_000_000 }), looksLikeImage);
    expect(message).toBe(
      'The images in this ZIP archive would unpack to 6,000 bytes, more than the 5,000 bytes this browser has left for lossloop\'s data, ' +
        'so none of them was read. Make room first (delete projects you no longer need, or other websites\' data in the browser\'s settings), or import fewer images.');
  });

  it('counts only the files wanted: a large text file beside the images is listed, never inflated', async () => {
    const zip = zipSync({ 'notes/big.txt': [new Uint8Array(10_000_000), { level: 9 }], 'cat/a.png': new Uint8Array([1, 2, 3]) });
    const fed = compressedBytesFed();
    const { paths, files } = await unpack(zip, { maxTotalBytes: 1_000_000 }, looksLikeImage);
    expect(paths).toEqual(['notes/big.txt', 'cat/a.png']);
    expect(files).toEqual([{ path: 'cat/a.png', bytes: new Uint8Array([1, 2, 3]) }]);
    // The image is 3 bytes; the 10 MB text's ~10 kB of deflate never reach the inflater.
    expect(fed()).toBeLessThan(100);
  });

  it('refuses a file whose honest size is over the per-file limit though its local header claims less', async () => {
    const zip = zipSync({ 'bomb.png': [new Uint8Array(10_000_000), { level: 9 }] });
    declare(zip, 0, { local: 1000 });
    const fed = compressedBytesFed();
    const { message } = await refusal(zip, { maxEntryBytes: 1_000_000 });
    expect(message).toContain('The archive claims 10,000,000 bytes for "bomb.png" when unpacked, more than the 1,000,000 bytes allowed for one file');
    expect(fed()).toBe(0);
  });

  it('refuses unsafe names and encrypted entries before anything is inflated', async () => {
    expect((await refusal(zipSync({ 'ok.png': new Uint8Array(5), '../evil.png': new Uint8Array(5) }))).message).toContain('unsafe path, "../evil.png"');
    const encrypted = writeZip([{ path: 'a.png', bytes: new Uint8Array(5) }]);
    view(encrypted).setUint16(records(encrypted).central[0] + CENTRAL_FLAGS, 1, true);
    expect((await refusal(encrypted)).message).toBe('"a.png" is encrypted; password-protected ZIP archives cannot be read.');
  });

  it('says an archive without its table of contents is cut short', async () => {
    const zip = writeZip([{ path: 'a.png', bytes: new Uint8Array(50) }]);
    expect((await refusal(zip.slice(0, zip.length - 10))).message).toContain('cut short: its table of contents, which closes every ZIP archive, is missing');
  });
});

describe('sizes that lie, caught while inflating', () => {
  it('stops an entry whose both headers claim 1,000 bytes after about 1 kB of its 10 kB of deflate', async () => {
    const zip = zipSync({ 'bomb.png': [new Uint8Array(10_000_000), { level: 9 }] });
    declare(zip, 0, { local: 1000, central: 1000 });
    const packed = view(zip).getUint32(LOCAL_PACKED, true);
    expect(packed).toBeGreaterThan(9000);
    const fed = compressedBytesFed();
    const { message, handedOut } = await refusal(zip, importBudget({ usageBytes: 0, quotaBytes: null }));
    expect(message).toContain('"bomb.png" unpacks to more than the 1,000 bytes the archive claims for it');
    expect(handedOut).toEqual([]);
    // Each kilobyte of this data unpacks to about a megabyte: one or two steps of 1 KiB stop it.
    expect(fed()).toBeGreaterThan(0);
    expect(fed()).toBeLessThanOrEqual(2048);
  });

  it('refuses an entry whose local header and table of contents give different sizes', async () => {
    const zip = zipSync({ 'a.png': new Uint8Array(500), 'b.png': new Uint8Array(500) });
    declare(zip, 1, { central: 400 });
    const { message, handedOut } = await refusal(zip);
    expect(message).toBe('The ZIP archive is damaged or made to trick unpackers: it gives two sizes for "b.png", 500 and 400 bytes; the import stopped.');
    expect(handedOut).toEqual(['a.png']);
  });

  it('refuses an entry the table of contents does not list', async () => {
    // The second entry's name is changed in its local header only: the table of contents lists "b.png", the data holds "x.png".
    const zip = zipSync({ 'a.png': new Uint8Array(500), 'b.png': new Uint8Array(500) });
    zip[records(zip).local[1] + 30] = 'x'.charCodeAt(0);
    const { message } = await refusal(zip);
    expect(message).toBe('The ZIP archive is damaged or made to trick unpackers: it holds "x.png", which its table of contents does not list; the import stopped.');
  });
});

describe('reading a Blob in pieces', () => {
  it('hands out the same files as reading the whole archive at once, across many stream chunks', async () => {
    const files = Array.from({ length: 14 }, (_, i) => ({ path: `class${i % 3}/${i}.png`, bytes: noise(60_000 + i, i + 1) }));
    files.push({ path: 'notes.txt', bytes: new Uint8Array(200_000).fill(65) });
    const zip = writeZip(files);
    // Node's Blob streams in 64 KiB chunks: 14 stored images of ~60 kB make an archive of ~840 kB, more than ten chunks.
    expect(zip.length).toBeGreaterThan(10 * 65_536);
    const { paths, files: read } = await unpack(zip);
    expect(paths).toEqual(files.map((f) => f.path));
    // As base64 text: comparing typed arrays element by element takes seconds.
    const asText = (entries: { path: string; bytes: Uint8Array }[]) => entries.map((e) => `${e.path}:${Buffer.from(e.bytes).toString('base64')}`);
    expect(asText(read)).toEqual(asText([...readZipEntries(zip)]));
  });

  it('reports progress over the wanted files', async () => {
    const zip = writeZip([{ path: 'a.png', bytes: new Uint8Array(3) }, { path: 'b.txt', bytes: new Uint8Array(3) }, { path: 'c.png', bytes: new Uint8Array(3) }]);
    const progress: string[] = [];
    await unpackZip(new Blob([zip as BlobPart]), { limits: {}, wanted: looksLikeImage, onEntry: () => {}, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('says what a file that is not a ZIP is, from its first bytes', async () => {
    const { message } = await refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    expect(message).toContain('it is a PNG image; put the images into a ZIP first');
  });
});
