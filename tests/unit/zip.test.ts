import { concatBytes } from '../../src/lib/data/formats/bytes';
import { UnzipInflate, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import {
  ZipImportError,
  readZipEntries,
  writeZip,
  type ZipEntry,
  type ZipLimits,
} from '../../src/lib/data/formats/zip';
import { noise } from './noiseBytes';

const PNG_A = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const PNG_B = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 8, 7, 6]);
const TEXT = new TextEncoder().encode('label,label,label,label,label,label\n');

const FILES: ZipEntry[] = [
  { path: 'coat/a.png', bytes: PNG_A },
  { path: 'coat/b.png', bytes: PNG_B },
  { path: 'shirt/deep/folder/c.png', bytes: new Uint8Array(0) },
  { path: 'notes.txt', bytes: TEXT },
];

async function collect(zip: Uint8Array, limits?: ZipLimits): Promise<ZipEntry[]> {
  return [...readZipEntries(zip, limits)];
}

/** Reads entries until the error; returns the paths read before it and the error. */
async function collectUntilError(zip: Uint8Array, limits?: ZipLimits): Promise<{ paths: string[]; error: Error }> {
  const paths: string[] = [];
  try {
    for (const entry of readZipEntries(zip, limits)) paths.push(entry.path);
  } catch (error) {
    expect(error).toBeInstanceOf(ZipImportError);
    expect((error as Error).name).toBe('ZipImportError');
    return { paths, error: error as Error };
  }
  throw new Error(`expected a ZipImportError, but read ${paths.length} entries`);
}

/** Counts the compressed bytes handed to fflate's inflater, to see how soon a bomb is stopped. */
function compressedBytesFed() {
  let total = 0;
  const original = UnzipInflate.prototype.push;
  const spy = vi.spyOn(UnzipInflate.prototype, 'push').mockImplementation(function (this: UnzipInflate, data, final) {
    total += data.length;
    original.call(this, data, final);
  });
  return { total: () => total, stop: () => spy.mockRestore() };
}

/** An archive with one entry under an arbitrary name; fflate's zipSync writes any name as given. */
function zipNamed(name: string, bytes = PNG_A): Uint8Array {
  return zipSync({ [name]: bytes });
}

/** An archive whose local header does not state sizes (as streaming zip tools write). */
function zipWithoutSizes(name: string, bytes: Uint8Array): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    chunks.push(data);
  });
  const file = new ZipDeflate(name, { level: 9 });
  zip.add(file);
  file.push(bytes, true);
  zip.end();
  return concatBytes(chunks);
}


// Offsets in a local file header (APPNOTE 4.3.7).
const LOCAL_FLAGS = 6;
const LOCAL_METHOD = 8;
const LOCAL_UNPACKED_SIZE = 22;
const LOCAL_NAME_LENGTH = 26;
const LOCAL_HEADER_SIZE = 30;

describe('writeZip and readZipEntries', () => {
  it('round-trips files in nested folders, in order', async () => {
    const entries = await collect(writeZip(FILES));
    expect(entries.map((e) => e.path)).toEqual(['coat/a.png', 'coat/b.png', 'shirt/deep/folder/c.png', 'notes.txt']);
    entries.forEach((entry, i) => expect(entry.bytes).toEqual(FILES[i].bytes));
  });

  it('hands out fresh buffers, not views into the archive', async () => {
    const zip = writeZip(FILES);
    const entries = await collect(zip);
    for (const entry of entries) {
      expect(entry.bytes.buffer).not.toBe(zip.buffer);
      expect(entry.bytes.byteLength).toBe(entry.bytes.buffer.byteLength);
    }
  });

  it('stores images as they are and deflates other files', () => {
    const zip = writeZip([FILES[0], FILES[3]]);
    // First local header: "PK\3\4", version 20, flags 0, method 0 (stored).
    expect(Array.from(zip.subarray(0, 10))).toEqual([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0]);
    // The image is stored, so its bytes follow the 30-byte header and the 10-byte name.
    expect(zip.subarray(40, 47)).toEqual(PNG_A);
    // The second header follows at 40 + 7 and uses method 8 (deflate).
    expect(Array.from(zip.subarray(47, 51))).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(zip[47 + LOCAL_METHOD]).toBe(8);
  });

  it('writes the same bytes whatever the clock says', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date(2020, 5, 1, 12, 0, 0));
      const first = writeZip(FILES);
      vi.setSystemTime(new Date(2031, 0, 2, 3, 4, 6));
      expect(writeZip(FILES)).toEqual(first);
    } finally {
      vi.useRealTimers();
    }
  });

  it('round-trips non-ASCII names', async () => {
    const files = [{ path: 'été/café 1.png', bytes: PNG_A }, { path: '猫/ねこ.png', bytes: PNG_B }];
    const entries = await collect(writeZip(files));
    expect(entries).toEqual(files);
  });

  it('reads UTF-8 names from archives that do not flag them as UTF-8', async () => {
    const zip = zipNamed('café/été.png');
    // fflate sets bit 11 (UTF-8) for this name; clearing it is what many zip tools write.
    expect(zip[LOCAL_FLAGS + 1] & 0x08).toBe(0x08);
    zip[LOCAL_FLAGS + 1] &= ~0x08;
    expect((await collect(zip)).map((e) => e.path)).toEqual(['café/été.png']);
  });

  it('reads an empty archive as no files', async () => {
    const zip = writeZip([]);
    expect(zip.length).toBe(22);
    expect(await collect(zip)).toEqual([]);
  });

  it('refuses paths that the reader would not give back unchanged', () => {
    for (const path of ['../x.png', '/x.png', 'a\\b.png', './a.png', 'a//b.png', '.hidden.png', 'dir/', '']) {
      expect(() => writeZip([{ path, bytes: PNG_A }])).toThrow(RangeError);
    }
    expect(() => writeZip([FILES[0], FILES[0]])).toThrow(/twice/);
  });
});

describe('readZipEntries over a buffer', () => {
  it('reads an archive that is a view into a larger buffer', async () => {
    const zip = writeZip(FILES);
    const larger = new Uint8Array(zip.length + 20);
    larger.set(zip, 10);
    expect(await collect(larger.subarray(10, 10 + zip.length))).toEqual(await collect(zip));
  });

  it('reads a deflated entry back whole', async () => {
    const bytes = noise(1500, 7).map((b) => b & 0x0f); // compressible, so truly deflated
    const zip = writeZip([{ path: 'x.bin', bytes }]);
    expect(zip.length).toBeLessThan(1500);
    expect(await collect(zip)).toEqual([{ path: 'x.bin', bytes }]);
  });
});

describe('readZipEntries path safety', () => {
  it.each([
    ['../evil.png', '..'],
    ['/abs.png', 'absolute'],
    ['C:\\x.png', 'drive letter'],
    ['C:x.png', 'drive letter'],
    ['a/../../b.png', '..'],
    ['a/../b.png', '..'],
    ['..\\evil.png', '..'],
    ['\\abs.png', 'absolute'],
    ['\\\\server\\share\\x.png', 'absolute'],
    ['a/.. /b.png', '..'],
    ['a/.../b.png', '..'],
    ['a\u0000.png', 'control characters'],
  ])('refuses %j', async (name, reason) => {
    const { paths, error } = await collectUntilError(zipNamed(name));
    expect(paths).toEqual([]);
    expect(error.message).toContain('unsafe path');
    expect(error.message).toContain(reason);
  });

  it('names the entry in the message', async () => {
    const { error } = await collectUntilError(zipNamed('../evil.png'));
    expect(error.message).toContain('"../evil.png"');
  });

  it('yields the files before an unsafe one, then stops', async () => {
    const zip = zipSync({ 'ok/a.png': PNG_A, '../evil.png': PNG_B, 'ok/b.png': PNG_B });
    const { paths } = await collectUntilError(zip);
    expect(paths).toEqual(['ok/a.png']);
  });

  it('turns backslashes into slashes and drops "." segments', async () => {
    const zip = zipSync({ 'coat\\a.png': PNG_A, './shirt/./b.png': PNG_B, 'x//y.png': PNG_A });
    expect((await collect(zip)).map((e) => e.path)).toEqual(['coat/a.png', 'shirt/b.png', 'x/y.png']);
  });

  it('skips folders, __MACOSX, .DS_Store, dotfiles and Windows thumbnails silently', async () => {
    const zip = zipSync({
      'coat/': new Uint8Array(0),
      '__MACOSX/x': PNG_A,
      '__MACOSX/coat/._a.png': PNG_A,
      '.DS_Store': PNG_A,
      'coat/.DS_Store': PNG_A,
      'coat/.hidden.png': new Uint8Array(2000), // deflated: the skipped data goes through the inflater's guard
      '.git/config': PNG_A,
      'coat/Thumbs.db': PNG_A,
      'coat/desktop.ini': PNG_A,
      'coat/a.png': PNG_A,
    });
    expect(await collect(zip)).toEqual([{ path: 'coat/a.png', bytes: PNG_A }]);
  });

  it('reads an archive whose last entry is skipped', async () => {
    const zip = zipSync({ 'a.png': PNG_A, '.DS_Store': new Uint8Array(3000) });
    expect((await collect(zip)).map((e) => e.path)).toEqual(['a.png']);
  });
});

describe('readZipEntries size limits', () => {
  // 10 MB of zeros deflate to about 10 kB: a small zip bomb.
  const ZEROS = new Uint8Array(10_000_000);
  const ONE_MB = { maxEntryBytes: 1_000_000 };

  it('refuses an entry whose header declares too much, before inflating it', async () => {
    const zip = zipSync({ 'bomb.bin': [ZEROS, { level: 9 }] });
    expect(zip.length).toBeLessThan(20_000);
    const { error } = await collectUntilError(zip, ONE_MB);
    expect(error.message).toContain('The archive claims 10,000,000 bytes for "bomb.bin"');
    expect(error.message).toContain('more than the 1,000,000 bytes allowed for one file');
  });

  it('stops a bomb that lies in its header after about 1 MB, not 10', async () => {
    const zip = zipSync({ 'bomb.bin': [ZEROS, { level: 9 }] });
    new DataView(zip.buffer).setUint32(LOCAL_UNPACKED_SIZE, 1000, true);
    const fed = compressedBytesFed();
    const { error } = await collectUntilError(zip, ONE_MB);
    expect(error.message).toContain('"bomb.bin" unpacks to more than the 1,000 bytes the archive claims for it');
    // Each kilobyte of this data unpacks to about a megabyte, so two kilobytes are enough.
    expect(fed.total()).toBeGreaterThan(0);
    expect(fed.total()).toBeLessThanOrEqual(2048);
    expect(Math.ceil(zip.length / 1024)).toBeGreaterThan(9);
    fed.stop();
  });

  it('stops a bomb that does not declare its size once it passes the limit', async () => {
    const zip = zipWithoutSizes('bomb.bin', ZEROS);
    // Bit 3: sizes follow the data instead of being in the header.
    expect(zip[LOCAL_FLAGS] & 0x08).toBe(0x08);
    const fed = compressedBytesFed();
    const { error } = await collectUntilError(zip, ONE_MB);
    expect(error.message).toContain('"bomb.bin" unpacks to more than the 1,000,000 bytes allowed for one file');
    expect(fed.total()).toBeGreaterThan(0);
    expect(fed.total()).toBeLessThanOrEqual(2048);
    fed.stop();
  });

  it('neither inflates nor counts entries it skips', async () => {
    const zip = zipSync({ '__MACOSX/._bomb.bin': [ZEROS, { level: 9 }], 'a.png': PNG_A });
    expect(await collect(zip, ONE_MB)).toEqual([{ path: 'a.png', bytes: PNG_A }]);
  });

  it('reads an entry without declared sizes when it is within the limits', async () => {
    const bytes = noise(3000, 1);
    expect(await collect(zipWithoutSizes('a.bin', bytes))).toEqual([{ path: 'a.bin', bytes }]);
  });

  it('refuses a total over maxTotalBytes after yielding what fits', async () => {
    const files = ['a', 'b', 'c'].map((n) => ({ path: `${n}.png`, bytes: new Uint8Array(400) }));
    // 400 + 400 = 800 fits in 1000; the third file would make 1200.
    const { paths, error } = await collectUntilError(writeZip(files), { maxTotalBytes: 1000 });
    expect(paths).toEqual(['a.png', 'b.png']);
    expect(error.message).toContain('The archive claims 1,200 bytes in total by the time it reaches "c.png"');
    expect(error.message).toContain('more than the 1,000 bytes that can be imported at once');
  });

  it('counts the total from the unpacked bytes when sizes are not declared', async () => {
    const parts = [zipWithoutSizes('a.bin', new Uint8Array(600)), zipWithoutSizes('b.bin', new Uint8Array(600))];
    // Two one-entry archives joined are not one archive, but fflate reads both entries
    // before the end-record check, which is enough to see the total limit.
    const joined = new Uint8Array(parts[0].length + parts[1].length);
    joined.set(parts[0]);
    joined.set(parts[1], parts[0].length);
    const { paths, error } = await collectUntilError(joined, { maxTotalBytes: 1000 });
    expect(paths).toEqual(['a.bin']);
    expect(error.message).toContain('unpack to more than the 1,000 bytes that can be imported at once (reached at "b.bin")');
  });

  it('uses whole MiB in messages for the default limit', async () => {
    const zip = zipNamed('big.bin', TEXT);
    new DataView(zip.buffer).setUint32(LOCAL_UNPACKED_SIZE, 64 * 1024 * 1024 + 1, true);
    const { error } = await collectUntilError(zip);
    expect(error.message).toContain('The archive claims 67,108,865 bytes for "big.bin"');
    expect(error.message).toContain('the 64 MiB allowed');
  });

  it('rejects limits that are not positive', async () => {
    await expect(collect(writeZip(FILES), { maxEntryBytes: 0 })).rejects.toThrow(RangeError);
    await expect(collect(writeZip(FILES), { maxTotalBytes: -1 })).rejects.toThrow(RangeError);
  });
});

describe('readZipEntries on files that are not whole ZIP archives', () => {
  it('refuses every truncation of an archive', async () => {
    const zip = writeZip(FILES);
    for (let length = 0; length < zip.length; length++) {
      const { error } = await collectUntilError(zip.slice(0, length));
      if (length >= 4) expect(error.message, `cut at ${length}`).toMatch(/cut short|damaged/);
    }
  });

  it('says where an archive was cut', async () => {
    const zip = writeZip([{ path: 'big.txt', bytes: new Uint8Array(5000).fill(65) }]);
    // Inside the only entry's data.
    const inEntry = await collectUntilError(zip.slice(0, LOCAL_HEADER_SIZE + 7 + 3));
    expect(inEntry.error.message).toContain('cut short: it ends in the middle of "big.txt"');
    // Just before the 22-byte end record: the table of contents is incomplete.
    const inDirectory = await collectUntilError(zip.slice(0, zip.length - 22));
    expect(inDirectory.paths).toEqual(['big.txt']);
    expect(inDirectory.error.message).toContain('cut short: its table of contents, which closes every ZIP archive, is missing');
    // Inside the second header: fflate waits for the rest of it, so only the end check notices.
    const two = writeZip([{ path: 'a.txt', bytes: TEXT }, { path: 'b.txt', bytes: TEXT }]);
    // The first entry's packed size sits 18 bytes into its header; its 5-byte name precedes the data.
    const secondHeader = LOCAL_HEADER_SIZE + 5 + new DataView(two.buffer).getUint32(18, true);
    expect(Array.from(two.subarray(secondHeader, secondHeader + 4))).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const inHeader = await collectUntilError(two.slice(0, secondHeader + 10));
    expect(inHeader.paths).toEqual(['a.txt']);
    expect(inHeader.error.message).toContain('table of contents');
  });

  it('refuses random bytes', async () => {
    const bytes = noise(1000, 42);
    const { error } = await collectUntilError(bytes);
    const first = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    expect(error.message).toContain(`This is not a ZIP archive: its first bytes are ${first}`);
  });

  it('refuses random bytes behind a ZIP signature without crashing', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const bytes = noise(2000, seed);
      bytes.set([0x50, 0x4b, 0x03, 0x04]);
      await collectUntilError(bytes);
    }
  });

  it('refuses empty and tiny files', async () => {
    expect((await collectUntilError(new Uint8Array(0))).error.message).toBe('This file is empty, so it is not a ZIP archive.');
    expect((await collectUntilError(new Uint8Array([0x50, 0x4b]))).error.message).toContain('it has only 2 bytes');
  });

  it('says what a file is when it is a known other format', async () => {
    const cases: [number[], string][] = [
      [[0x1f, 0x8b, 0x08, 0x00], 'gzip'],
      [[0x52, 0x61, 0x72, 0x21], 'RAR'],
      [[0x37, 0x7a, 0xbc, 0xaf], '7-Zip'],
      [[0x89, 0x50, 0x4e, 0x47], 'PNG image'],
      [[0xff, 0xd8, 0xff, 0xe0], 'JPEG image'],
    ];
    for (const [head, what] of cases) {
      const { error } = await collectUntilError(new Uint8Array([...head, 0, 0, 0, 0]));
      expect(error.message).toContain(what);
    }
  });

  it('refuses an entry packed with a method other than deflate or none', async () => {
    const lzma = zipNamed('a.bin', TEXT);
    lzma[LOCAL_METHOD] = 14;
    expect((await collectUntilError(lzma)).error.message).toContain('"a.bin" is packed with LZMA compression');
    const encrypted = zipNamed('a.bin', TEXT);
    encrypted[LOCAL_METHOD] = 99;
    expect((await collectUntilError(encrypted)).error.message).toContain('password-protected');
  });

  it('refuses damaged deflate data', async () => {
    const zip = zipNamed('a.bin', TEXT);
    expect(zip[LOCAL_METHOD]).toBe(8);
    // The first byte of the data: final block, block type 3, which deflate does not define.
    zip[LOCAL_HEADER_SIZE + zip[LOCAL_NAME_LENGTH]] = 0xff;
    expect((await collectUntilError(zip)).error.message).toContain('"a.bin" in the ZIP archive cannot be unpacked');
  });

  it('refuses an archive whose table of contents disagrees with its entries', async () => {
    const zip = writeZip(FILES);
    // The end record's entry count sits 10 bytes into the last 22 bytes.
    expect(zip[zip.length - 12]).toBe(4);
    zip[zip.length - 12] = 5;
    const { paths, error } = await collectUntilError(zip);
    expect(paths).toHaveLength(4);
    expect(error.message).toContain('lists 5 entries, but 4 were found');
  });
});
