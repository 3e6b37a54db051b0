import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import type { ClassInfo, ProjectRecord, SampleRecord, TrainingRunRecord } from '../../src/lib/data/store/schema';
import { addClass, deleteClass, mergeClasses, renameClass, setHotkey } from '../../src/lib/data/store/classes';
import { makeClasses } from '../../src/lib/data/store/classStyle';
import { listSamples } from '../../src/lib/data/store/samples';
import { getProject } from '../../src/lib/data/store/projects';
import { closeDatabase, freshDatabase, tinySettings } from './projectFixture';

/**
 * A hand-made project: classes [a, b, c, d]; pool samples 0..5 labeled [0, 1, 2, 3, null, 2]
 * with hidden truths [0, 1, 1, 3, 1, 2]; test samples 10 and 11 labeled 1 and 3.
 */
const poolLabels = [0, 1, 2, 3, null, 2];
const poolTruths = [0, 1, 1, 3, 1, 2];

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
  const project: ProjectRecord = {
    id: 'p', name: 'classes', source: 'made up', classes: makeClasses(['a', 'b', 'c', 'd']),
    imageShape: [2, 2, 1], normalization: { mean: 0.5, std: 0.5 }, poolCount: 6, testCount: 2,
    settings: tinySettings, openQuery: { cycle: 1, ids: [4, 5] }, complete: true, createdAt: 0,
  };
  await db.put('projects', project);
  const sample = (id: number, split: 'pool' | 'test', label: number | null, trueLabel: number | null): SampleRecord => ({
    projectId: 'p', id, split, label, trueLabel, labeledBy: label === null ? null : 'oracle', labeledAt: label === null ? null : 1,
  });
  for (let id = 0; id < 6; id++) await db.put('samples', sample(id, 'pool', poolLabels[id], poolTruths[id]));
  await db.put('samples', sample(10, 'test', 1, 1));
  await db.put('samples', sample(11, 'test', 3, 3));
  await db.put('trainingRuns', { projectId: 'p', cycle: 2, labels: [0, 1, 2, 3] } as TrainingRunRecord);
});
afterEach(() => closeDatabase(db));

const labels = async () => (await listSamples(db, 'p')).map((s) => s.label);
const truths = async () => (await listSamples(db, 'p')).map((s) => s.trueLabel);
const classes = async () => (await getProject(db, 'p'))!.classes;
const names = async () => (await classes()).map((c) => c.name);

describe('merging classes', () => {
  it('relabels the merged class, renumbers the ones after it, and keeps colours and keys', async () => {
    const before = await classes();
    expect(await mergeClasses(db, 'p', 1, 3)).toBe(2); // pool 1 and test 10
    // pool 0..5, then test 10, 11: b -> d (now 2), c -> 1, d -> 2
    expect(await labels()).toEqual([0, 2, 1, 2, null, 1, 2, 2]);
    expect(await truths()).toEqual([0, 2, 2, 2, 2, 1, 2, 2]);
    const after = await classes();
    expect(after.map((c) => [c.name, c.hotkey, c.color])).toEqual([
      ['a', 'a', before[0].color], ['c', 'c', before[2].color], ['d', 'd', before[3].color],
    ]);
  });

  it('merges into a class before the merged one', async () => {
    await mergeClasses(db, 'p', 2, 0);
    expect(await labels()).toEqual([0, 1, 0, 2, null, 0, 1, 2]);
    expect(await names()).toEqual(['a', 'b', 'd']);
  });

  it('logs every pool label it changes, as given by a human', async () => {
    await mergeClasses(db, 'p', 1, 3);
    const events = await db.getAll('labelEvents');
    expect(events.map((e) => [e.sampleId, e.previous, e.label, e.by])).toEqual([
      [1, 1, 2, 'human'], [2, 2, 1, 'human'], [3, 3, 2, 'human'], [5, 2, 1, 'human'],
    ]);
  });

  it('keeps who gave a merged label and when', async () => {
    await mergeClasses(db, 'p', 1, 3);
    expect(await db.get('samples', ['p', 1])).toMatchObject({ label: 2, labeledBy: 'oracle', labeledAt: 1 });
  });

  it('removes the interrupted cycle and leaves the open query alone', async () => {
    await mergeClasses(db, 'p', 1, 3);
    expect(await db.get('trainingRuns', 'p')).toBeUndefined();
    expect((await getProject(db, 'p'))!.openQuery).toEqual({ cycle: 1, ids: [4, 5] });
  });

  it('refuses to merge a class into itself or into one that does not exist', async () => {
    await expect(mergeClasses(db, 'p', 2, 2)).rejects.toThrow('"c" cannot be merged into itself.');
    await expect(mergeClasses(db, 'p', 1, 4)).rejects.toThrow(/there is no class number 5/);
    expect(await names()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('deleting a class', () => {
  it('unlabels its images, hides its truth, renumbers the classes after it (keys stay), and says how many', async () => {
    expect(await deleteClass(db, 'p', 1)).toBe(2); // pool 1 and test 10
    expect(await labels()).toEqual([0, null, 1, 2, null, 1, null, 2]);
    expect(await truths()).toEqual([0, null, null, 2, null, 1, null, 2]);
    expect(await db.get('samples', ['p', 1])).toMatchObject({ label: null, labeledBy: null, labeledAt: null });
    expect((await classes()).map((c) => [c.name, c.hotkey])).toEqual([['a', 'a'], ['c', 'c'], ['d', 'd']]);
  });

  it('logs the cleared and renumbered pool labels, and removes the interrupted cycle', async () => {
    await deleteClass(db, 'p', 1);
    const events = await db.getAll('labelEvents');
    expect(events.map((e) => [e.sampleId, e.previous, e.label])).toEqual([[1, 1, null], [2, 2, 1], [3, 3, 2], [5, 2, 1]]);
    expect(await db.get('trainingRuns', 'p')).toBeUndefined();
  });

  it('clears nothing when the class has no labels', async () => {
    expect(await deleteClass(db, 'p', 0)).toBe(1);
    await addClass(db, 'p', 'e');
    expect(await deleteClass(db, 'p', 3)).toBe(0);
    expect(await names()).toEqual(['b', 'c', 'd']);
  });
});

describe('at least two classes', () => {
  it('refuses to merge or delete below two classes', async () => {
    await deleteClass(db, 'p', 3);
    await mergeClasses(db, 'p', 2, 0);
    expect(await names()).toEqual(['a', 'b']);
    await expect(deleteClass(db, 'p', 0)).rejects.toThrow('A classifier needs at least 2 classes, so "a" cannot be deleted while there are only 2.');
    await expect(mergeClasses(db, 'p', 1, 0)).rejects.toThrow(/"b" cannot be merged into another/);
    expect(await names()).toEqual(['a', 'b']);
  });
});

describe('adding and renaming', () => {
  it('appends a class with the key its name asks for, or the first free one, and a colour no class wears', async () => {
    await mergeClasses(db, 'p', 1, 3); // frees b's colour
    const before = await classes();
    const project = await addClass(db, 'p', '  e  ');
    expect(project.classes.map((c) => [c.name, c.hotkey])).toEqual([['a', 'a'], ['c', 'c'], ['d', 'd'], ['e', 'e']]);
    const named = await addClass(db, 'p', 'a cat');
    expect(named.classes[4].hotkey).toBe('1');
    expect(before.map((c) => c.color)).not.toContain(project.classes[3].color);
    expect(await db.get('trainingRuns', 'p')).toBeUndefined(); // the network gains an output
  });

  it('hands out digits, then letters, and keeps every key through a merge', async () => {
    for (const name of ['e1', 'f1', 'g1', 'h1', 'i1', 'j1', 'k1', 'l1', 'm1', 'n1', 'o1']) await addClass(db, 'p', name);
    expect((await classes()).map((c: ClassInfo) => c.hotkey)).toEqual(['a', 'b', 'c', 'd', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'e']);
    await mergeClasses(db, 'p', 0, 1);
    expect((await classes()).map((c) => c.hotkey).slice(0, 4)).toEqual(['b', 'c', 'd', '1']);
  });

  it('sets a key by hand and refuses one another class holds', async () => {
    const project = await setHotkey(db, 'p', 0, 'Z');
    expect(project.classes[0].hotkey).toBe('z');
    await expect(setHotkey(db, 'p', 1, 'z')).rejects.toThrow('Key z already labels "a"');
    expect((await classes())[1].hotkey).toBe('b');
    expect((await setHotkey(db, 'p', 1, '')).classes[1].hotkey).toBe('');
  });

  it('renames a class, trimmed, and lets it change only its own case', async () => {
    await renameClass(db, 'p', 2, ' cat ');
    await renameClass(db, 'p', 2, 'Cat');
    expect(await names()).toEqual(['a', 'b', 'Cat', 'd']);
    expect(await labels()).toEqual([...poolLabels, 1, 3]);
    expect(await db.get('trainingRuns', 'p')).toBeDefined(); // the numbering is unchanged
  });

  it('refuses empty names and names another class has, in any case', async () => {
    await expect(addClass(db, 'p', '   ')).rejects.toThrow('A class needs a name.');
    await expect(addClass(db, 'p', 'B')).rejects.toThrow('There is already a class named "b".');
    await expect(renameClass(db, 'p', 0, ' D')).rejects.toThrow('There is already a class named "d".');
    await expect(renameClass(db, 'p', -1, 'x')).rejects.toThrow(/no class number 0/);
    await expect(addClass(db, 'missing', 'x')).rejects.toThrow('There is no project "missing".');
    expect(await names()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('a failed edit', () => {
  it('leaves every record as it was when a write fails midway', async () => {
    const project = await getProject(db, 'p');
    const samples = await listSamples(db, 'p');
    // The second log entry fails, after the first samples and log entry were written.
    const add = IDBObjectStore.prototype.add;
    let adds = 0;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (++adds === 2) throw new DOMException('The disk is full.', 'QuotaExceededError');
      return add.apply(this, args);
    });
    try {
      await expect(mergeClasses(db, 'p', 1, 3)).rejects.toThrow('The disk is full.');
    } finally {
      spy.mockRestore();
    }
    expect(adds).toBe(2);
    expect(await getProject(db, 'p')).toEqual(project);
    expect(await listSamples(db, 'p')).toEqual(samples);
    expect(await db.count('labelEvents')).toBe(0);
    expect(await db.get('trainingRuns', 'p')).toBeDefined();
  });
});
