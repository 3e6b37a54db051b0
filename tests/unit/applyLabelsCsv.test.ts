import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { applyLabelsCsv, describeCsvReport } from '../../src/lib/data/transfer/applyLabelsCsv';
import { CsvFormatError } from '../../src/lib/data/formats/labelsCsv';
import { labelsCsv } from '../../src/lib/data/transfer/labelsExport';
import { setLabel } from '../../src/lib/data/store/samples';
import type { ProjectRecord } from '../../src/lib/data/store/schema';
import { refuseWrites } from './fullDisk';
import { closeDatabase, freshDatabase, seedProject } from './projectFixture';
import { listenForUnheardRejections } from './unheardRejections';

let db: LossloopDatabase;
let project: ProjectRecord;
beforeEach(async () => {
  db = await freshDatabase();
  project = await seedProject(db);
});
afterEach(() => closeDatabase(db));

describe('applying a labels CSV', () => {
  it('labels the named pool images, logs them, and reports every row that does not fit', async () => {
    const csv = [
      'filename,label',
      'pool-00003.png,b', // line 2: applied
      'pool-00004.png,c', // line 3: applied
      'cat.png,a', //        line 4: unknown file
      'pool-00005.png,<b>dog</b>', // line 5: unknown class
      'pool-00003.png,a', // line 6: duplicate
      'test-03000.png,c', // line 7: a test image, left alone
    ].join('\n');
    const report = await applyLabelsCsv(db, project, csv);
    expect(report.applied).toBe(2);
    expect(report.unknownFiles).toEqual([{ line: 4, filename: 'cat.png' }]);
    expect(report.unknownClasses).toEqual([{ line: 5, label: '<b>dog</b>' }]);
    expect(report.duplicates).toEqual([{ line: 6, filename: 'pool-00003.png' }]);
    expect(report.testImages).toEqual(['test-03000.png']);
    expect((await db.get('samples', ['p', 3]))!).toMatchObject({ label: 1, labeledBy: 'import' });
    expect((await db.get('samples', ['p', 3000]))!.label).toBe(0);
    expect((await db.getAll('labelEvents')).map((e) => [e.sampleId, e.label, e.by])).toEqual([[3, 1, 'import'], [4, 2, 'import']]);
    expect(describeCsvReport(report)).toBe(
      'Applied 2 labels. 1 row names a file that is not in this project (line 4). 1 row names a class this project does not have (line 5). ' +
        '1 row repeats a file named earlier; the first one counts (line 6). 1 row names a test image, whose label is not changed.',
    );
  });

  it('applies an exported CSV back to an unlabeled copy of the project', async () => {
    await setLabel(db, 'p', 8, 2, 'human');
    await setLabel(db, 'p', 9, 0, 'human');
    const exported = await labelsCsv(db, project);
    await setLabel(db, 'p', 8, null, 'human');
    await setLabel(db, 'p', 9, null, 'human');
    expect((await applyLabelsCsv(db, project, exported)).applied).toBe(2);
    expect([(await db.get('samples', ['p', 8]))!.label, (await db.get('samples', ['p', 9]))!.label]).toEqual([2, 0]);
  });

  it('refuses a file that is not a CSV of two columns, changing nothing', async () => {
    await expect(applyLabelsCsv(db, project, 'a,b,c\n1,2,3')).rejects.toThrow(CsvFormatError);
    expect(await db.count('labelEvents')).toBe(0);
  });

  it('on a full disk fails with the QuotaExceededError, leaving no rejection unheard and no label changed', async () => {
    const restore = refuseWrites((store, value) => store === 'samples' && (value as { id: number }).id === 4);
    const stopListening = listenForUnheardRejections();
    try {
      await expect(applyLabelsCsv(db, project, 'filename,label\npool-00003.png,b\npool-00004.png,c\npool-00005.png,a'))
        .rejects.toMatchObject({ name: 'QuotaExceededError' });
    } finally {
      restore();
    }
    expect(await stopListening()).toEqual([]);
    expect((await db.get('samples', ['p', 3]))!.label).toBeNull();
    expect(await db.count('labelEvents')).toBe(0);
  });
});
