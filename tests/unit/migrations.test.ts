import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { openDatabase } from '../../src/lib/data/store/db';
import { DB_NAME, DB_VERSION } from '../../src/lib/data/store/schema';
import { DEFAULT_PRESET, PRESETS } from '../../src/lib/data/store/settings';
import { ADDED_LATER } from '../../src/lib/data/store/settingsUpgrade';

afterEach(() => deleteDB(DB_NAME));

/** The stores of schema version 1, created as version 1 of lossloop created them. */
async function createVersion1WithData(): Promise<void> {
  const db = await openDB(DB_NAME, 1, {
    upgrade(v1) {
      v1.createObjectStore('projects', { keyPath: 'id' });
      v1.createObjectStore('samples', { keyPath: ['projectId', 'id'] });
      v1.createObjectStore('pixelChunks', { keyPath: ['projectId', 'chunk'] });
      v1.createObjectStore('labelEvents', { keyPath: 'seq', autoIncrement: true }).createIndex('byProject', 'projectId');
      v1.createObjectStore('cycles', { keyPath: ['projectId', 'index'] });
      v1.createObjectStore('checkpoints', { keyPath: 'projectId' });
      v1.createObjectStore('trainingRuns', { keyPath: 'projectId' });
    },
  });
  await db.put('projects', { id: 'old', name: 'made with version 1' });
  await db.put('samples', { projectId: 'old', id: 4, split: 'pool', label: 2 });
  await db.add('labelEvents', { projectId: 'old', sampleId: 4, label: 2 });
  db.close();
}

describe('schema migrations', () => {
  it('a new database gets every store of the current version', async () => {
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(
      ['checkpoints', 'cycles', 'labelConflicts', 'labelEvents', 'pixelChunks', 'projects', 'races', 'samples', 'thumbnails', 'trainingRuns'],
    );
    db.close();
  });

  it('version 1 -> today adds the thumbnails, races and label conflicts stores and keeps every record', async () => {
    await createVersion1WithData();
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect(db.objectStoreNames.contains('thumbnails')).toBe(true);
    expect(db.objectStoreNames.contains('races')).toBe(true);
    expect(db.objectStoreNames.contains('labelConflicts')).toBe(true);
    expect(await db.get('projects', 'old')).toEqual({ id: 'old', name: 'made with version 1' });
    expect(await db.get('samples', ['old', 4])).toMatchObject({ label: 2 });
    expect(await db.getAllFromIndex('labelEvents', 'byProject', 'old')).toHaveLength(1);
    db.close();
  });

  it('version 3 -> 4 moves an unchanged retired preset to the default preset and keeps edited settings as they were', async () => {
    const retiredDemo = {
      preset: 'demo', strategy: 'entropy', reinitialize: true, initialSize: 100, queryK: 50, subsetM: 500, epochs: 10, batchSize: 32,
      learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4, lambda: 1, margin: 1, detachFraction: 0.6, lrDropFraction: 0.8,
      cropPadding: 2, horizontalFlip: true, stageWidths: [8, 16, 32], blocksPerStage: 1, headUnits: 64, testSize: 1000, seed: 7,
      simulatedOracle: true,
    };
    const v3 = await openDB(DB_NAME, 3, {
      upgrade(db) {
        db.createObjectStore('projects', { keyPath: 'id' });
        db.createObjectStore('trainingRuns', { keyPath: 'projectId' });
        db.createObjectStore('races', { keyPath: 'projectId' });
      },
    });
    await v3.put('projects', { id: 'unchanged', settings: retiredDemo });
    await v3.put('projects', { id: 'edited', settings: { ...retiredDemo, epochs: 40 } });
    v3.close();
    const db = await openDatabase();
    const unchanged = (await db.get('projects', 'unchanged'))!.settings;
    expect(unchanged).toEqual({ ...PRESETS[DEFAULT_PRESET].settings, seed: 7, strategy: 'entropy', simulatedOracle: true });
    const edited = (await db.get('projects', 'edited'))!.settings;
    expect(edited).toEqual({ ...retiredDemo, epochs: 40, preset: DEFAULT_PRESET, minSteps: 0, fallbackWhenAtChance: true, ...ADDED_LATER });
    db.close();
  });

  it('version 4 -> 5 gives digit-named classes their own keys and keeps names and colours', async () => {
    const v4 = await openDB(DB_NAME, 4, {
      upgrade(db) {
        db.createObjectStore('projects', { keyPath: 'id' });
        db.createObjectStore('trainingRuns', { keyPath: 'projectId' });
        db.createObjectStore('races', { keyPath: 'projectId' });
      },
    });
    const positional = ['0', '1', '2'].map((name, i) => ({ name, hotkey: String(i + 1), color: `#00000${i}` }));
    await v4.put('projects', { id: 'digits', classes: positional });
    await v4.put('projects', { id: 'words', classes: [{ name: 'cat', hotkey: '1', color: '#111' }, { name: 'dog', hotkey: '2', color: '#222' }] });
    v4.close();
    const db = await openDatabase();
    expect((await db.get('projects', 'digits'))!.classes).toEqual([
      { name: '0', hotkey: '0', color: '#000000' },
      { name: '1', hotkey: '1', color: '#000001' },
      { name: '2', hotkey: '2', color: '#000002' },
    ]);
    expect((await db.get('projects', 'words'))!.classes.map((c) => c.hotkey)).toEqual(['1', '2']);
    db.close();
  });

  it('version 5 -> 6 adds an empty label conflicts store and keeps the labels and their log', async () => {
    const v5 = await openDB(DB_NAME, 5, {
      upgrade(db) {
        db.createObjectStore('projects', { keyPath: 'id' });
        db.createObjectStore('samples', { keyPath: ['projectId', 'id'] });
        db.createObjectStore('labelEvents', { keyPath: 'seq', autoIncrement: true }).createIndex('byProject', 'projectId');
        db.createObjectStore('trainingRuns', { keyPath: 'projectId' });
        db.createObjectStore('races', { keyPath: 'projectId' });
      },
    });
    await v5.put('projects', { id: 'five', name: 'made with version 5', classes: [{ name: 'cat', hotkey: '1' }, { name: 'dog', hotkey: '2' }] });
    await v5.put('samples', { projectId: 'five', id: 7, split: 'pool', label: 1, labeledBy: 'human', labeledAt: 5, trueLabel: null });
    await v5.add('labelEvents', { projectId: 'five', sampleId: 7, label: 1, previous: null, by: 'human', at: 5 });
    v5.close();
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect(await db.count('labelConflicts')).toBe(0);
    await db.put('labelConflicts', { projectId: 'five', sampleId: 7, theirs: 'cat', source: 'bob.csv', at: 6 });
    expect(await db.get('labelConflicts', ['five', 7])).toEqual({ projectId: 'five', sampleId: 7, theirs: 'cat', source: 'bob.csv', at: 6 });
    expect(await db.get('samples', ['five', 7])).toMatchObject({ label: 1, labeledBy: 'human' });
    expect(await db.getAllFromIndex('labelEvents', 'byProject', 'five')).toEqual([
      { seq: 1, projectId: 'five', sampleId: 7, label: 1, previous: null, by: 'human', at: 5 },
    ]);
    db.close();
  });

  it('version 6 -> 7 keeps every setting and adds the new ones as they trained before: hard targets, no unlabeled images', async () => {
    const v6 = await openDB(DB_NAME, 6, {
      upgrade(db) {
        db.createObjectStore('projects', { keyPath: 'id' });
        db.createObjectStore('trainingRuns', { keyPath: 'projectId' });
        db.createObjectStore('races', { keyPath: 'projectId' });
      },
    });
    const stored: Record<string, unknown> = { ...PRESETS.quick.settings, epochs: 12 };
    for (const added of Object.keys(ADDED_LATER)) delete stored[added];
    await v6.put('projects', { id: 'six', settings: stored });
    await v6.put('trainingRuns', { projectId: 'six', cycle: 3, settings: stored });
    v6.close();
    const db = await openDatabase();
    const expected = { ...stored, rankingTargets: 'hard', unlabeledTraining: 'off', unlabeledThreshold: 0.95, unlabeledRatio: 2, unlabeledWeight: 1 };
    expect((await db.get('projects', 'six'))!.settings).toEqual(expected);
    expect((await db.get('trainingRuns', 'six'))!.settings).toEqual(expected);
    db.close();
  });
});
