import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { setLabel } from '../../src/lib/data/store/samples';
import { idsOf, listAnswerable, listLabeled, listLabeledAnywhere, listPool, listTestSet, listUnlabeled, readSamples } from '../../src/lib/data/store/sampleQueries';
import { closeDatabase, freshDatabase, seedProject } from './projectFixture';

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
  // 5 pool images (ids 0-4, hidden truths), 3 test images (ids 3000-3002, labeled)
  await seedProject(db, 5, 3);
  await setLabel(db, 'p', 1, 2, 'human');
  await setLabel(db, 'p', 3, 0, 'human');
});
afterEach(() => closeDatabase(db));

describe('the named sample queries', () => {
  it('split the pool into labeled and unlabeled images, in id order', async () => {
    expect(idsOf(await listPool(db, 'p'))).toEqual([0, 1, 2, 3, 4]);
    expect(idsOf(await listLabeled(db, 'p'))).toEqual([1, 3]);
    expect((await listLabeled(db, 'p')).map((s) => s.label)).toEqual([2, 0]);
    expect(idsOf(await listUnlabeled(db, 'p'))).toEqual([0, 2, 4]);
  });

  it('keep the test set apart from the pool', async () => {
    expect(idsOf(await listTestSet(db, 'p'))).toEqual([3000, 3001, 3002]);
  });

  it('answer only for pool images whose hidden truth is known', async () => {
    await db.put('samples', { ...(await db.get('samples', ['p', 4]))!, trueLabel: null });
    expect(idsOf(await listAnswerable(db, 'p'))).toEqual([0, 1, 2, 3]);
  });

  it('list every labeled image, pool and test, for the review of the labels', async () => {
    expect(idsOf(await listLabeledAnywhere(db, 'p'))).toEqual([1, 3, 3000, 3001, 3002]);
  });

  it('read given samples in the order asked, leaving out a missing one', async () => {
    expect(idsOf(await readSamples(db, 'p', [3, 99, 1]))).toEqual([3, 1]);
    expect((await readSamples(db, 'p', [3, 1])).map((s) => s.labeledBy)).toEqual(['human', 'human']);
  });

  it('find nothing for a project without samples', async () => {
    expect(await listPool(db, 'nobody')).toEqual([]);
    expect(await listTestSet(db, 'nobody')).toEqual([]);
  });
});
