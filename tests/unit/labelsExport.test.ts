import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unzlibSync } from 'fflate';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { setLabel } from '../../src/lib/data/store/samples';
import { labeledImagesZip, labelsCsv, labelsJson } from '../../src/lib/data/transfer/labelsExport';
import { safeFolderName } from '../../src/lib/data/transfer/exportNames';
import { readZipEntries } from '../../src/lib/data/formats/zip';
import { parseLabelsCsv } from '../../src/lib/data/formats/labelsCsv';
import type { ProjectRecord } from '../../src/lib/data/store/schema';
import { closeDatabase, freshDatabase, seedProject } from './projectFixture';
import { tinyImages } from './tinyData';

let db: LossloopDatabase;
let project: ProjectRecord;
beforeEach(async () => {
  db = await freshDatabase();
  project = await seedProject(db);
  project = { ...project, classes: [{ name: 'a', hotkey: '1' }, { name: 'b, "quoted"', hotkey: '2' }, { name: '../up', hotkey: '3' }] };
  await db.put('projects', project);
  await setLabel(db, 'p', 7, 1, 'human');
  await setLabel(db, 'p', 2, 2, 'oracle');
});
afterEach(() => closeDatabase(db));

describe('label exports', () => {
  it('writes the pool labels as CSV that parses back', async () => {
    const rows = parseLabelsCsv(await labelsCsv(db, project)).rows.map(({ filename, label }) => [filename, label]);
    expect(rows).toEqual([['pool-00002.png', '../up'], ['pool-00007.png', 'b, "quoted"']]);
  });

  it('writes JSON with who labeled each image', async () => {
    const parsed = JSON.parse(await labelsJson(db, project));
    expect(parsed.classes).toEqual(['a', 'b, "quoted"', '../up']);
    expect(parsed.labels.map((l: { id: number; labeledBy: string }) => [l.id, l.labeledBy])).toEqual([[2, 'oracle'], [7, 'human']]);
  });

  it('zips the labeled images as class/filename.png with the exact pixels', async () => {
    const entries = [];
    for (const entry of readZipEntries(await labeledImagesZip(db, project))) entries.push(entry);
    expect(entries.map((e) => e.path).sort()).toEqual(['__up/pool-00002.png', 'b, _quoted_/pool-00007.png'].sort());
    // The PNG's one IDAT chunk inflates to 6 rows of (filter byte 0, 6 pixels): compare with the stored image.
    const png = entries.find((e) => e.path.endsWith('00007.png'))!.bytes;
    const idat = findChunk(png, 'IDAT');
    const raw = unzlibSync(idat);
    const expected = tinyImages(40, 1).pixels.subarray(7 * 36, 8 * 36);
    for (let y = 0; y < 6; y++) {
      expect(raw[y * 7]).toBe(0);
      expect(Array.from(raw.subarray(y * 7 + 1, y * 7 + 7))).toEqual(Array.from(expected.subarray(y * 6, y * 6 + 6)));
    }
  });

  it('makes folder names safe', () => {
    expect(safeFolderName('a/b\\c:d')).toBe('a_b_c_d');
    expect(safeFolderName('..')).toBe('_');
    expect(safeFolderName('   ')).toBe('_');
  });
});

function findChunk(png: Uint8Array, type: string): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let offset = 8; offset < png.length; ) {
    const length = view.getUint32(offset);
    const name = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (name === type) return png.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
  }
  throw new Error(`no ${type} chunk`);
}
