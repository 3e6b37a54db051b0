import { describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { projectRange } from '../../src/lib/data/store/db';
import { OBJECT_STORES } from '../../src/lib/data/store/schema';
import { setLabel } from '../../src/lib/data/store/samples';
import { renameProject } from '../../src/lib/data/store/projects';
import { backupProject, restoreProject } from '../../src/lib/data/transfer/backup';
import { readZipEntries, writeZip } from '../../src/lib/data/formats/zip';
import { seededDatabaseEachTest, seedProject } from './projectFixture';

/**
 * A backup writes only into the project it restores: records that name another project are
 * refused, every record lands under the restored project's own id, and a backup that does not
 * hold together is refused before anything is committed.
 */

const db = seededDatabaseEachTest();

/** Every record of every store, keyed by store, with the label log's own numbers left out. */
async function everything(database: LossloopDatabase): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const store of OBJECT_STORES) {
    all[store] = (await database.getAll(store)).map((record) => {
      const copy: Record<string, unknown> = { ...record };
      delete copy.seq;
      return copy;
    });
  }
  return all;
}

/** The backup with one JSON file changed. */
function rewrite(zip: Uint8Array, path: string, change: (value: never) => unknown): Uint8Array {
  return writeZip([...readZipEntries(zip)].map((entry) => (entry.path === path
    ? { path, bytes: new TextEncoder().encode(JSON.stringify(change(JSON.parse(new TextDecoder().decode(entry.bytes)) as never))) }
    : entry)));
}

type Json = Record<string, unknown>;
const renamedAs = (id: string, name: string) => (m: { project: Json }) => ({ ...m, project: { ...m.project, id, name } });

/** Project "p" with two labels given by hand: pool image 3 is "b" (class 1), image 5 is "c" (class 2). */
async function labeledBackup(): Promise<Uint8Array> {
  await setLabel(db(), 'p', 3, 1, 'human');
  await setLabel(db(), 'p', 5, 2, 'human');
  return backupProject(db(), 'p');
}

describe('a backup restore never writes into another project', () => {
  it('refuses a backup of a new project whose images carry another project\'s id, leaving that project and its label log as they were', async () => {
    // The manifest names a project that is not here; the images still say they are "p"'s, and
    // label pool image 0 as "c". Restored as it was, this rewrote p's label of image 0 with no log entry.
    let zip = rewrite(await labeledBackup(), 'manifest.json', renamedAs('intruder', 'Intruder'));
    zip = rewrite(zip, 'samples.json', (samples: Json[]) => samples.map((s) => (s.id === 0 ? { ...s, label: 2, labeledBy: 'human' } : s)));
    const before = await everything(db());

    await expect(restoreProject(db(), zip)).rejects.toThrow(
      'This backup contradicts itself: it holds the project "Intruder", but 50 of its images belong to another project ("p"). ' +
        'It may have been edited or put together from two backups.',
    );
    expect(await everything(db())).toEqual(before);
    expect((await db().get('samples', ['p', 0]))!.label).toBeNull();
    expect(await db().get('projects', 'intruder')).toBeUndefined();
  });

  it('refuses records of any store that name another project: the label log, the cycles, the race, the conflicts', async () => {
    const zip = await labeledBackup();
    const before = await everything(db());
    const foreignEvent = rewrite(rewrite(zip, 'manifest.json', renamedAs('intruder', 'Intruder')), 'label-events.json',
      (events: Json[]) => events.map((e) => ({ ...e, projectId: 'intruder' })).map((e, i) => (i === 0 ? { ...e, projectId: 'p' } : e)));
    // Samples carry "p" too here, so the images are named first; make them the backup's own.
    const ownSamples = rewrite(foreignEvent, 'samples.json', (samples: Json[]) => samples.map((s) => ({ ...s, projectId: 'intruder' })));
    await expect(restoreProject(db(), ownSamples)).rejects.toThrow('but 1 of its label log entries belong to another project ("p")');
    expect(await everything(db())).toEqual(before);
  });

  it('writes every record of a restored copy under its own id: keep both leaves the original untouched', async () => {
    const zip = await labeledBackup();
    const before = await everything(db());
    const { project } = await restoreProject(db(), zip, { ifExists: 'keep-both' });

    expect(project.id).not.toBe('p');
    expect(project.name).toBe('test (2)');
    const after = await everything(db());
    // p's records are all still there, unchanged, and the copy has as many of its own.
    for (const store of OBJECT_STORES) {
      const ofP = (after[store] as { projectId?: string; id?: string }[]).filter((r) => (r.projectId ?? r.id) === 'p');
      expect(ofP, store).toEqual(before[store]);
    }
    expect(await db().getAll('samples', projectRange(project.id))).toHaveLength(50);
    const copied = await db().getAllFromIndex('labelEvents', 'byProject', project.id);
    expect(copied.map((e) => [e.sampleId, e.label])).toEqual([[3, 1], [5, 2]]);
    expect((await db().get('samples', [project.id, 3]))!.label).toBe(1);
  });

  it('replaces only the project of the same id, and refuses to restore onto it unless asked', async () => {
    await seedProject(db(), 12, 4, undefined, 'other');
    const zip = await labeledBackup();
    await expect(restoreProject(db(), zip)).rejects.toThrow('This backup\'s project is already here, as "test".');
    await setLabel(db(), 'p', 3, 0, 'human');
    const other = (await everything(db())).samples.filter((s) => (s as Json).projectId === 'other');
    await restoreProject(db(), zip, { ifExists: 'replace' });
    expect((await db().get('samples', ['p', 3]))!.label).toBe(1);
    expect((await everything(db())).samples.filter((s) => (s as Json).projectId === 'other')).toEqual(other);
  });
});

describe('a restore checks that the project holds together before it commits', () => {
  /** The backup of "p" restored as a new project "copy", after `damage`: the refusal, after which the store must be as it was. */
  async function refusedAsCopy(damage: (zip: Uint8Array) => Uint8Array): Promise<string> {
    const zip = damage(rewrite(await labeledBackup(), 'manifest.json', renamedAs('copy', 'Copy')));
    const asCopy = rewrite(rewrite(zip, 'samples.json', (list: Json[]) => list.map((r) => ({ ...r, projectId: 'copy' }))),
      'label-events.json', (list: Json[]) => list.map((r) => ({ ...r, projectId: 'copy' })));
    const before = await everything(db());
    const error = await restoreProject(db(), asCopy).then(() => null, (e: Error) => e.message);
    if (error === null) return 'restored';
    expect(await everything(db())).toEqual(before);
    return error;
  }

  it('restores the undamaged copy (so that each refusal below is the damage\'s doing)', async () => {
    expect(await refusedAsCopy((zip) => zip)).toBe('restored');
    expect((await db().get('projects', 'copy'))!.name).toBe('Copy');
  });

  it('refuses an image whose label is not the last one of its label log', async () => {
    const message = await refusedAsCopy((zip) => rewrite(zip, 'samples.json', (list: Json[]) => list.map((s) => (s.id === 3 ? { ...s, label: 2 } : s))));
    expect(message).toBe('This backup does not hold together: the image pool-00003.png is labeled "c", but its label log ends with it labeled "b".');
  });

  it('refuses a label given by hand that the log never recorded', async () => {
    const message = await refusedAsCopy((zip) => rewrite(zip, 'samples.json', (list: Json[]) => list.map((s) => (s.id === 7 ? { ...s, label: 0, labeledBy: 'human' } : s))));
    expect(message).toBe('This backup does not hold together: the image pool-00007.png is labeled "a", but its label log has no entry for it.');
  });

  it('refuses counts that do not match the project record', async () => {
    const message = await refusedAsCopy((zip) => rewrite(zip, 'manifest.json', (m: { project: Json }) => ({ ...m, project: { ...m.project, poolCount: 41 } })));
    expect(message).toBe('This backup does not hold together: the project says it has 41 pool images and 10 test images, but it holds 40 pool images and 10 test images.');
  });

  it('refuses a label that names no class of the project', async () => {
    const message = await refusedAsCopy((zip) => rewrite(zip, 'samples.json', (list: Json[]) => list.map((s) => (s.id === 9 ? { ...s, trueLabel: 3 } : s))));
    expect(message).toBe('This backup does not hold together: the image pool-00009.png has a label that is none of the project\'s 3 classes.');
  });

  it('refuses images whose pixels are missing', async () => {
    // Test images are ids 3000 on, in pixel chunk 3.
    const message = await refusedAsCopy((zip) => rewrite(zip, 'pixels.json', (list: { chunk: number }[]) => list.filter((c) => c.chunk !== 3)));
    expect(message).toBe('This backup does not hold together: the pixels of the image test-03000.png are missing.');
  });
});

describe('a restored project keeps to the name rule without refusing the backup', () => {
  it('numbers a name another project has, cuts one too long, and tells class names apart', async () => {
    await renameProject(db(), 'p', 'Shoes');
    const zip = await backupProject(db(), 'p');
    await seedProject(db(), 12, 4, undefined, 'q');
    await renameProject(db(), 'q', 'SHOES (2)');
    const fresh = (id: string, name: string, classes: string[]) => rewrite(
      rewrite(rewrite(zip, 'manifest.json', (m: { project: { classes: Json[] } & Json }) => ({
        ...m, project: { ...m.project, id, name, classes: m.project.classes.map((c, i) => ({ ...c, name: classes[i] })) },
      })), 'samples.json', (list: Json[]) => list.map((s) => ({ ...s, projectId: id }))),
      'label-events.json', (list: Json[]) => list.map((e) => ({ ...e, projectId: id })));

    // "Shoes" is p's, "SHOES (2)" is q's (names differ only in case count as one).
    const taken = await restoreProject(db(), fresh('r1', ' shoes ', ['a', 'A', 'c']));
    expect(taken.project.name).toBe('shoes (3)');
    expect(taken.project.classes.map((c) => c.name)).toEqual(['a', 'A (2)', 'c']);
    expect(taken.renamed).toEqual([
      { kind: 'project', from: ' shoes ', to: 'shoes (3)' },
      { kind: 'class', from: 'A', to: 'A (2)' },
    ]);

    const long = await restoreProject(db(), fresh('r2', 'x'.repeat(200), ['a', 'b', 'y'.repeat(90)]));
    expect(long.project.name).toBe('x'.repeat(80));
    expect(long.project.classes[2].name).toBe('y'.repeat(80));
  });
});
