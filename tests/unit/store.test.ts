import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { openDatabase, type LossloopDatabase } from '../../src/lib/data/db';
import { DB_NAME, type CycleRecord, type ProjectRecord } from '../../src/lib/data/schema';
import { addSamples, answerFromTruth, deleteProjectData, listSamples, readPixels, setLabel } from '../../src/lib/data/samples';
import { commitCycle, listCycles } from '../../src/lib/data/cycles';
import { getProject } from '../../src/lib/data/projects';
import { PRESETS } from '../../src/lib/data/settings';

/** A project of 2x2 greyscale images: pool 0..2499 (hidden truth id % 3), test 3000..3009. */
async function seedProject(db: LossloopDatabase): Promise<ProjectRecord> {
  const project: ProjectRecord = {
    id: 'p', name: 'test', source: 'made up', classes: [{ name: 'a', hotkey: '1' }, { name: 'b', hotkey: '2' }, { name: 'c', hotkey: '3' }],
    imageShape: [2, 2, 1], normalization: { mean: 0.5, std: 0.25 }, poolCount: 2500, testCount: 10,
    settings: PRESETS.tiny.settings, openQuery: null, complete: true, createdAt: 0,
  };
  await db.put('projects', project);
  const pixels = (count: number, first: number) => Uint8Array.from({ length: count * 4 }, (_, i) => (first + Math.floor(i / 4)) % 251);
  await addSamples(db, 'p', { split: 'pool', firstId: 0, count: 2500, pixels: pixels(2500, 0), pixelsPerImage: 4, trueLabels: Array.from({ length: 2500 }, (_, i) => i % 3) });
  await addSamples(db, 'p', { split: 'test', firstId: 3000, count: 10, pixels: pixels(10, 3000), pixelsPerImage: 4, labels: Array.from({ length: 10 }, () => 1) });
  return project;
}

let db: LossloopDatabase;
beforeEach(async () => {
  db = await openDatabase();
});
afterEach(async () => {
  db.close();
  await deleteDB(DB_NAME);
});

describe('the sample store', () => {
  it('stores pixels in chunks and reads any ids back in the order asked', async () => {
    await seedProject(db);
    expect(await db.count('pixelChunks')).toBe(4); // 1000 + 1000 + 500 pool, 10 test
    const pixels = await readPixels(db, 'p', [2499, 0, 1500, 3009], 4);
    expect(Array.from(pixels)).toEqual([2499 % 251, 2499 % 251, 2499 % 251, 2499 % 251, 0, 0, 0, 0, 1500 % 251, 1500 % 251, 1500 % 251, 1500 % 251, 3009 % 251, 3009 % 251, 3009 % 251, 3009 % 251]);
  });

  it('keeps the pool unlabeled with its truth hidden, and the test set labeled', async () => {
    await seedProject(db);
    const samples = await listSamples(db, 'p');
    expect(samples).toHaveLength(2510);
    expect(samples[4]).toMatchObject({ id: 4, split: 'pool', label: null, trueLabel: 1 });
    expect(samples[2500]).toMatchObject({ id: 3000, split: 'test', label: 1, labeledBy: 'import' });
  });

  it('commits a label with its log entry, and logs the change when it is relabeled', async () => {
    await seedProject(db);
    await setLabel(db, 'p', 7, 2, 'human');
    await setLabel(db, 'p', 7, 0, 'human');
    expect(await db.get('samples', ['p', 7])).toMatchObject({ label: 0, labeledBy: 'human' });
    const events = await db.getAll('labelEvents');
    expect(events.map((e) => [e.sampleId, e.previous, e.label])).toEqual([[7, null, 2], [7, 2, 0]]);
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
    expect([s4!.label, s5!.label, s6!.label]).toEqual([1, 0, 0]);
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
