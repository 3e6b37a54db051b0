import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { projectRange } from '../../src/lib/data/store/db';
import { answerFromTruth, deleteProjectData, setLabel } from '../../src/lib/data/store/samples';
import { backupProject, restoreProject, BackupError } from '../../src/lib/data/transfer/backup';
import { readZipEntries, writeZip } from '../../src/lib/data/formats/zip';
import { runTrainingCycle } from '../../src/lib/worker/trainingCycle';
import { closeDatabase, freshDatabase, seedProject } from './projectFixture';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
  await seedProject(db);
});
afterEach(() => closeDatabase(db));

/** Every record of project "p", with the label log's local sequence numbers left out. */
async function snapshot() {
  const range = projectRange('p');
  return {
    project: await db.get('projects', 'p'),
    samples: await db.getAll('samples', range),
    pixels: await db.getAll('pixelChunks', range),
    events: (await db.getAllFromIndex('labelEvents', 'byProject', 'p')).map(({ seq: _seq, ...e }) => e),
    cycles: await db.getAll('cycles', range),
    checkpoint: await db.get('checkpoints', 'p'),
    thumbnails: await Promise.all((await db.getAll('thumbnails', range)).map(async (t) => [t.id, t.image.type, Array.from(new Uint8Array(await t.image.arrayBuffer()))])),
  };
}

async function rewrite(zip: Uint8Array, path: string, change: (value: Record<string, unknown>) => Record<string, unknown>) {
  const entries = [];
  for await (const entry of readZipEntries(zip)) {
    entries.push(entry.path === path
      ? { path, bytes: new TextEncoder().encode(JSON.stringify(change(JSON.parse(new TextDecoder().decode(entry.bytes))))) }
      : entry);
  }
  return writeZip(entries);
}

describe('project backup', () => {
  it('restore(backup(p)) gives back p: samples, labels, label log, cycles, settings, checkpoint, pixels', async () => {
    await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));
    await setLabel(db, 'p', 3, 2, 'human');
    await db.put('thumbnails', { projectId: 'p', id: 3, image: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/webp' }) });
    await runTrainingCycle({ db, projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    const before = await snapshot();
    expect(before.cycles).toHaveLength(1);
    expect(before.checkpoint?.tensors.length).toBeGreaterThan(10);
    expect(before.thumbnails).toEqual([[3, 'image/webp', [1, 2, 3]]]);

    const zip = await backupProject(db, 'p');
    await deleteProjectData(db, 'p');
    expect((await snapshot()).samples).toHaveLength(0);
    await restoreProject(db, zip);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to overwrite a project unless asked, and then replaces it', async () => {
    const zip = await backupProject(db, 'p');
    await expect(restoreProject(db, zip)).rejects.toThrow(/already here/);
    const before = await snapshot();
    await setLabel(db, 'p', 5, 1, 'human');
    await restoreProject(db, zip, { replace: true });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a backup from a newer schema, in plain words', async () => {
    const zip = await rewrite(await backupProject(db, 'p'), 'manifest.json', (m) => ({ ...m, schemaVersion: 99 }));
    await deleteProjectData(db, 'p');
    await expect(restoreProject(db, zip)).rejects.toThrow(/newer lossloop \(data version 99\)/);
    expect(await db.get('projects', 'p')).toBeUndefined();
  });

  it('refuses a ZIP that is not a backup, and a damaged one, leaving the store as it was', async () => {
    await expect(restoreProject(db, writeZip([{ path: 'cat.png', bytes: new Uint8Array([1]) }]))).rejects.toThrow(BackupError);
    const zip = await rewrite(await backupProject(db, 'p'), 'manifest.json', (m) => ({ ...m, format: 'something else' }));
    await expect(restoreProject(db, zip)).rejects.toThrow(/not a lossloop backup/);
    expect((await snapshot()).samples).toHaveLength(50);
  });
});
