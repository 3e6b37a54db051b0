import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import type { CycleRecord } from '../../src/lib/data/store/schema';
import { answerFromTruth, deleteProjectData, holdOutAsTestSet, listSamples, readPixels, recentlyLabeledByHand, setLabel, setLabels } from '../../src/lib/data/store/samples';
import { commitCycle, listCycles } from '../../src/lib/data/store/cycles';
import { getProject } from '../../src/lib/data/store/projects';
import { closeDatabase, freshDatabase, seedProject } from './projectFixture';
import { tinyImages } from './tinyData';

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
});
afterEach(() => closeDatabase(db));

describe('the sample store', () => {
  it('stores pixels in chunks and reads any ids back in the order asked', async () => {
    await seedProject(db, 2500);
    expect(await db.count('pixelChunks')).toBe(4); // 1000 + 1000 + 500 pool, 10 test
    const pool = tinyImages(2500, 1).pixels;
    const test = tinyImages(10, 2).pixels;
    const image = (pixels: Uint8Array, i: number) => Array.from(pixels.subarray(i * 36, (i + 1) * 36));
    const read = await readPixels(db, 'p', [2499, 0, 1500, 3009], 36);
    expect(Array.from(read)).toEqual([...image(pool, 2499), ...image(pool, 0), ...image(pool, 1500), ...image(test, 9)]);
  });

  it('keeps the pool unlabeled with its truth hidden, and the test set labeled', async () => {
    await seedProject(db);
    const samples = await listSamples(db, 'p');
    expect(samples).toHaveLength(50);
    expect(samples[4]).toMatchObject({ id: 4, split: 'pool', label: null, trueLabel: 1 });
    expect(samples[40]).toMatchObject({ id: 3000, split: 'test', label: 0, labeledBy: 'import' });
  });

  it('commits a label with its log entry, and logs the change when it is relabeled', async () => {
    await seedProject(db);
    await setLabel(db, 'p', 7, 2, 'human');
    await setLabel(db, 'p', 7, 0, 'human');
    expect(await db.get('samples', ['p', 7])).toMatchObject({ label: 0, labeledBy: 'human' });
    const events = await db.getAll('labelEvents');
    expect(events.map((e) => [e.sampleId, e.previous, e.label])).toEqual([[7, null, 2], [7, 2, 0]]);
  });

  it('labels a multi-selection all at once, or none of it when one sample is refused', async () => {
    await seedProject(db);
    await setLabels(db, 'p', [1, 2, 3], 1, 'human');
    expect((await listSamples(db, 'p')).filter((s) => s.split === 'pool' && s.label === 1).map((s) => s.id)).toEqual([1, 2, 3]);
    await expect(setLabels(db, 'p', [4, 3000], 2, 'human')).rejects.toThrow(/test set/);
    expect((await db.get('samples', ['p', 4]))!.label).toBeNull();
  });

  it('lists the samples a person labeled last, newest first, each once, leaving out the oracle and removals', async () => {
    await seedProject(db);
    await setLabel(db, 'p', 4, 0, 'human');
    await setLabel(db, 'p', 9, 1, 'human');
    await answerFromTruth(db, 'p', [11, 12]);
    await setLabel(db, 'p', 4, 2, 'human');
    await setLabel(db, 'p', 6, 2, 'human');
    await setLabel(db, 'p', 6, null, 'human');
    await setLabel(db, 'p', 2, 1, 'human');
    expect(await recentlyLabeledByHand(db, 'p', 10)).toEqual([2, 4, 9]);
    expect(await recentlyLabeledByHand(db, 'p', 2)).toEqual([2, 4]);
  });

  it('refuses to relabel a test image or a missing one', async () => {
    await seedProject(db);
    await expect(setLabel(db, 'p', 3000, 2, 'human')).rejects.toThrow(/test set/);
    await expect(setLabel(db, 'p', 99999, 2, 'human')).rejects.toThrow(/does not exist/);
  });

  it('lets the simulated oracle answer only what is still unlabeled', async () => {
    await seedProject(db);
    await setLabel(db, 'p', 5, 0, 'human'); // truth is 2; the human's answer stands
    expect(await answerFromTruth(db, 'p', [4, 5, 6])).toBe(2);
    const [s4, s5, s6] = await Promise.all([4, 5, 6].map((id) => db.get('samples', ['p', id])));
    expect([s4!.label, s5!.label, s6!.label]).toEqual([1, 0, 0]); // truths: 4 % 3, -, 6 % 3
    expect(s4!.labeledBy).toBe('oracle');
    expect(s5!.labeledBy).toBe('human');
  });

  it('commits a cycle, its checkpoint and the query it opens together', async () => {
    await seedProject(db);
    const cycle = { projectId: 'p', index: 1, queryIds: [9, 3] } as CycleRecord;
    await commitCycle(db, cycle, { projectId: 'p', cycle: 1, tensors: [] });
    expect(await listCycles(db, 'p')).toHaveLength(1);
    expect((await getProject(db, 'p'))!.openQuery).toEqual({ cycle: 1, ids: [9, 3] });
    expect(await db.get('checkpoints', 'p')).toMatchObject({ cycle: 1 });
  });

  it('holds the labeled images of a query out as the test set, and closes the query', async () => {
    await seedProject(db);
    await db.put('projects', { ...(await getProject(db, 'p'))!, openQuery: { cycle: -1, ids: [1, 2, 3] } });
    await setLabel(db, 'p', 1, 2, 'human');
    await setLabel(db, 'p', 3, 0, 'human');
    expect(await holdOutAsTestSet(db, 'p', [1, 2, 3])).toBe(2);
    const [s1, s2, s3] = await Promise.all([1, 2, 3].map((id) => db.get('samples', ['p', id])));
    expect([s1!.split, s2!.split, s3!.split]).toEqual(['test', 'pool', 'test']);
    expect(s1!.label).toBe(2);
    expect(await getProject(db, 'p')).toMatchObject({ poolCount: 38, testCount: 12, openQuery: null });
  });

  it('deletes every record of a project', async () => {
    await seedProject(db);
    await setLabel(db, 'p', 1, 1, 'human');
    await deleteProjectData(db, 'p');
    expect(await db.count('samples')).toBe(0);
    expect(await db.count('pixelChunks')).toBe(0);
    expect(await db.count('labelEvents')).toBe(0);
    expect(await getProject(db, 'p')).toBeUndefined();
  });
});
