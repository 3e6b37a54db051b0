import { describe, expect, it } from 'vitest';
import { parseDirectory, readZipDirectory } from '../../src/lib/data/formats/zipDirectory';
import { ZipImportError } from '../../src/lib/data/formats/zipErrors';

/** A ZIP's table of contents, built byte by byte (APPNOTE 4.3.12, 4.3.14-16, 4.5.3) and read back. */

class Bytes {
  private readonly out: number[] = [];
  u16(v: number) {
    this.out.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }
  u32(v: number) {
    return this.u16(v & 0xffff).u16(Math.floor(v / 0x10000) & 0xffff);
  }
  u64(v: number) {
    return this.u32(v % 2 ** 32).u32(Math.floor(v / 2 ** 32));
  }
  raw(bytes: ArrayLike<number>) {
    this.out.push(...Array.from(bytes));
    return this;
  }
  get length() {
    return this.out.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

type Record = { name: string | Uint8Array; flags?: number; method?: number; packed: number; size: number; extra?: Uint8Array };

/** One central directory record. */
function record(b: Bytes, r: Record): Bytes {
  const name = typeof r.name === 'string' ? new TextEncoder().encode(r.name) : r.name;
  const extra = r.extra ?? new Uint8Array(0);
  return b.u32(0x02014b50).u16(20).u16(20).u16(r.flags ?? 0).u16(r.method ?? 8).u16(0).u16(0).u32(0)
    .u32(r.packed).u32(r.size).u16(name.length).u16(extra.length).u16(0).u16(0).u16(0).u32(0).u32(0)
    .raw(name).raw(extra);
}

/** The end record for `count` entries in `size` bytes at `offset`, with an optional comment. */
function endRecord(b: Bytes, count: number, size: number, offset: number, comment = ''): Bytes {
  return b.u32(0x06054b50).u16(0).u16(0).u16(count).u16(count).u32(size).u32(offset).u16(comment.length).raw(new TextEncoder().encode(comment));
}

const read = (bytes: Uint8Array) => (offset: number, length: number) => Promise.resolve(bytes.slice(offset, offset + length));

describe('the table of contents of a ZIP archive', () => {
  it('lists each entry with its method, sizes and encryption flag', () => {
    const b = new Bytes();
    record(b, { name: 'cat/1.png', packed: 120, size: 784 });
    record(b, { name: 'dog/2.png', method: 0, flags: 1, packed: 99, size: 99 });
    expect(parseDirectory(b.done(), 2)).toEqual([
      { name: 'cat/1.png', method: 8, encrypted: false, packedSize: 120, size: 784 },
      { name: 'dog/2.png', method: 0, encrypted: true, packedSize: 99, size: 99 },
    ]);
  });

  it('reads names as UTF-8 when flagged, and as zipNames.ts reads unflagged UTF-8', () => {
    const utf8 = new TextEncoder().encode('été/ねこ.png');
    const b = new Bytes();
    record(b, { name: utf8, flags: 0x0800, packed: 1, size: 1 });
    record(b, { name: utf8, packed: 1, size: 1 });
    record(b, { name: Uint8Array.of(0x63, 0x61, 0x66, 0xe9), packed: 1, size: 1 }); // "café" in Latin-1
    expect(parseDirectory(b.done(), 3).map((e) => e.name)).toEqual(['été/ねこ.png', 'été/ねこ.png', 'café']);
  });

  it('takes 64-bit sizes from the ZIP64 extra field where the 32-bit ones say 0xffffffff', () => {
    // Unpacked size first, then the packed size (APPNOTE 4.5.3): 5,000,000,000 and 4,300,000,000.
    const zip64 = new Bytes().u16(0x0001).u16(16).u64(5_000_000_000).u64(4_300_000_000).done();
    const otherExtra = new Bytes().u16(0x5455).u16(5).raw([1, 0, 0, 0, 0]).done();
    const b = record(new Bytes(), { name: 'huge.bin', packed: 0xffffffff, size: 0xffffffff, extra: Uint8Array.from([...otherExtra, ...zip64]) });
    expect(parseDirectory(b.done(), 1)).toEqual([{ name: 'huge.bin', method: 8, encrypted: false, packedSize: 4_300_000_000, size: 5_000_000_000 }]);
  });

  it('finds the table through the end record, past a comment', async () => {
    const b = new Bytes().raw(new Uint8Array(40)); // stands for the entries' data
    const offset = b.length;
    record(b, { name: 'a.png', packed: 10, size: 20 });
    endRecord(b, 1, b.length - offset, offset, 'made by hand');
    expect(await readZipDirectory(read(b.done()), b.length)).toEqual([{ name: 'a.png', method: 8, encrypted: false, packedSize: 10, size: 20 }]);
  });

  it('follows the ZIP64 end record when the end record says 0xffff', async () => {
    const b = new Bytes().raw(new Uint8Array(8));
    const offset = b.length;
    record(b, { name: 'a.png', packed: 3, size: 3_000_000_000 });
    record(b, { name: 'b.png', packed: 3, size: 3_000_000_000 });
    const size = b.length - offset;
    const zip64End = b.length;
    b.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(2).u64(2).u64(size).u64(offset);
    b.u32(0x07064b50).u32(0).u64(zip64End).u32(1);
    b.u32(0x06054b50).u16(0).u16(0).u16(0xffff).u16(0xffff).u32(0xffffffff).u32(0xffffffff).u16(0);
    const entries = await readZipDirectory(read(b.done()), b.length);
    expect(entries.map((e) => [e.name, e.size])).toEqual([['a.png', 3_000_000_000], ['b.png', 3_000_000_000]]);
  });

  it('refuses a table that is missing, points outside the file, lists more than it holds, or spans disks', async () => {
    const refused = async (bytes: Uint8Array) => {
      const error = await readZipDirectory(read(bytes), bytes.length).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZipImportError);
      return (error as Error).message;
    };
    expect(await refused(new Uint8Array(100))).toContain('cut short: its table of contents, which closes every ZIP archive, is missing');
    const outside = endRecord(new Bytes(), 1, 46, 1000).done();
    expect(await refused(outside)).toBe('The ZIP archive is damaged: its table of contents cannot be read (it points outside the file).');
    const b = record(new Bytes(), { name: 'a.png', packed: 1, size: 1 });
    const short = endRecord(b, 2, b.length, 0).done();
    expect(await refused(short)).toContain('it lists 2 entries, but entry 2 is not where it should be');
    const disks = new Bytes().u32(0x06054b50).u16(1).u16(0).u16(0).u16(0).u32(0).u32(0).u16(0).done();
    expect(await refused(disks)).toContain('split over several files');
  });
});
