import { beforeAll, describe, expect, it } from 'vitest';
import { projectRange } from '../../src/lib/data/store/db';
import { NOT_IN_BACKUPS, OBJECT_STORES } from '../../src/lib/data/store/schema';
import { saveTrainingRun } from '../../src/lib/data/store/cycles';
import { createRace } from '../../src/lib/loop/race';
import { answerFromTruth, deleteProjectData, setLabel } from '../../src/lib/data/store/samples';
import { backupProject, restoreProject, BackupError } from '../../src/lib/data/transfer/backup';
import { readZipEntries, writeZip } from '../../src/lib/data/formats/zip';
import { runTrainingCycle } from '../../src/lib/loop/trainingCycle';
import { seededDatabaseEachTest } from './projectFixture';
import { useCpuBackend } from './tfCpu';
import { ADDED_LATER } from '../../src/lib/data/store/settingsUpgrade';

beforeAll(useCpuBackend);

const db = seededDatabaseEachTest();

type StoreName = (typeof OBJECT_STORES)[number];

/**
 * The records of project "p" in one store, found the way the store is keyed: by the project's id,
 * by [id, n] keys, or through its byProject index. Keys the database numbers itself (the label
 * log's sequence) are left out, and pictures are read as their type and bytes, so that two
 * snapshots compare by value.
 */
async function projectRecords(store: StoreName): Promise<unknown[]> {
  const { keyPath, autoIncrement, indexNames } = db().transaction(store).store;
  let found: object[];
  if ((indexNames as DOMStringList).contains('byProject')) found = await db().getAllFromIndex('labelEvents', 'byProject', 'p');
  else if (Array.isArray(keyPath)) found = await db().getAll(store, projectRange('p'));
  else found = [await db().get(store, 'p')].filter((r) => r !== undefined);
  const records = found as Record<string, unknown>[];
  return Promise.all(records.map(async (record) => {
    const copy: Record<string, unknown> = { ...record };
    if (autoIncrement && typeof keyPath === 'string') delete copy[keyPath];
    for (const [field, value] of Object.entries(copy)) {
      if (value instanceof Blob) copy[field] = [value.type, Array.from(new Uint8Array(await value.arrayBuffer()))];
    }
    return copy;
  }));
}

/** Every record of project "p", store by store, for every store the schema lists. */
async function snapshot(): Promise<Record<StoreName, unknown[]>> {
  const entries = await Promise.all(OBJECT_STORES.map(async (store) => [store, await projectRecords(store)] as const));
  return Object.fromEntries(entries) as Record<StoreName, unknown[]>;
}

async function rewrite(zip: Uint8Array, path: string, change: (value: Record<string, unknown>) => Record<string, unknown>) {
  const entries = [];
  for (const entry of readZipEntries(zip)) {
    entries.push(entry.path === path
      ? { path, bytes: new TextEncoder().encode(JSON.stringify(change(JSON.parse(new TextDecoder().decode(entry.bytes))))) }
      : entry);
  }
  return writeZip(entries);
}

describe('project backup', () => {
  it('restore(backup(p)) gives back p: samples, labels, label log, cycles, settings, checkpoint, pixels', async () => {
    await answerFromTruth(db(), 'p', Array.from({ length: 10 }, (_, i) => i));
    await setLabel(db(), 'p', 3, 2, 'human');
    await db().put('thumbnails', { projectId: 'p', id: 3, image: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }) });
    await runTrainingCycle({ db: db(), projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    await createRace(db(), 'p', { strategies: ['random', 'entropy'], rounds: 2 }, 'cpu');
    const before = await snapshot();
    expect(before.cycles).toHaveLength(1);
    expect((before.checkpoints[0] as { tensors: unknown[] }).tensors.length).toBeGreaterThan(10);
    expect(before.thumbnails).toEqual([{ projectId: 'p', id: 3, image: ['image/webp', [1, 2, 3]] }]);
    expect(before.races).toHaveLength(1);

    const zip = await backupProject(db(), 'p');
    await deleteProjectData(db(), 'p');
    expect((await snapshot()).samples).toHaveLength(0);
    await restoreProject(db(), zip);
    expect(await snapshot()).toEqual(before);
  });

  it('brings back every store the schema lists, except the ones it says a backup leaves out', async () => {
    // The database has exactly the stores the schema lists, so none can be missed below.
    expect([...db().objectStoreNames].sort()).toEqual([...OBJECT_STORES].sort());
    await answerFromTruth(db(), 'p', Array.from({ length: 10 }, (_, i) => i));
    await db().put('thumbnails', { projectId: 'p', id: 3, image: new Blob([new Uint8Array([4, 5])], { type: 'image/png' }) });
    await runTrainingCycle({ db: db(), projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    await createRace(db(), 'p', { strategies: ['random'], rounds: 2 }, 'cpu');
    const run = { projectId: 'p', cycle: 2, settings: (await db().get('projects', 'p'))!.settings, labeledIds: [0, 1], labels: [0, 1], testIds: [3000], testLabels: [0], subsetIds: [5], checkpoint: null, startedAt: 1 };
    await saveTrainingRun(db(), run);
    await db().put('labelConflicts', { projectId: 'p', sampleId: 4, theirs: 'c', source: 'bob.json (project "test")', at: 2 });
    const before = await snapshot();

    const zip = await backupProject(db(), 'p');
    await deleteProjectData(db(), 'p');
    await restoreProject(db(), zip);
    const after = await snapshot();
    for (const store of OBJECT_STORES) {
      if (NOT_IN_BACKUPS[store]) {
        expect(after[store], `${store} is left out of backups`).toEqual([]);
        continue;
      }
      // A store the fixture leaves empty would prove nothing: fill it above when a store is added.
      expect(before[store].length, `project records in ${store}`).toBeGreaterThan(0);
      expect(after[store], `${store} after a restore`).toEqual(before[store]);
    }
  });

  it('refuses to overwrite a project unless asked, and then replaces it', async () => {
    const zip = await backupProject(db(), 'p');
    await expect(restoreProject(db(), zip)).rejects.toThrow(/already here/);
    const before = await snapshot();
    await setLabel(db(), 'p', 5, 1, 'human');
    await restoreProject(db(), zip, { ifExists: 'replace' });
    expect(await snapshot()).toEqual(before);
  });

  it('brings the settings of a backup made before the unlabeled-image settings up to today, training as it did', async () => {
    const zip = await rewrite(await backupProject(db(), 'p'), 'manifest.json', (m) => {
      const project = m.project as { settings: Record<string, unknown> };
      const older = { ...project.settings };
      for (const added of Object.keys(ADDED_LATER)) delete older[added];
      return { ...m, schemaVersion: 6, project: { ...project, settings: older } };
    });
    await deleteProjectData(db(), 'p');
    await restoreProject(db(), zip);
    expect((await db().get('projects', 'p'))!.settings).toMatchObject({ rankingTargets: 'hard', unlabeledTraining: 'off', unlabeledThreshold: 0.95, unlabeledRatio: 2, unlabeledWeight: 1 });
  });

  it('refuses a backup from a newer schema, in plain words', async () => {
    const zip = await rewrite(await backupProject(db(), 'p'), 'manifest.json', (m) => ({ ...m, schemaVersion: 99 }));
    await deleteProjectData(db(), 'p');
    await expect(restoreProject(db(), zip)).rejects.toThrow(/newer lossloop \(data version 99\)/);
    expect(await db().get('projects', 'p')).toBeUndefined();
  });

  it('refuses a ZIP that is not a backup, and a damaged one, leaving the store as it was', async () => {
    await expect(restoreProject(db(), writeZip([{ path: 'cat.png', bytes: new Uint8Array([1]) }]))).rejects.toThrow(BackupError);
    const zip = await rewrite(await backupProject(db(), 'p'), 'manifest.json', (m) => ({ ...m, format: 'something else' }));
    await expect(restoreProject(db(), zip)).rejects.toThrow(/not a lossloop backup/);
    expect((await snapshot()).samples).toHaveLength(50);
  });
});
