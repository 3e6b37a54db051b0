import { projectRange, type LossloopDatabase } from '../store/db';
import { readZipEntries, writeZip, type ZipEntry } from '../formats/zip';
import { clearProject } from '../store/samples';
import {
  DB_VERSION, OBJECT_STORES, type CheckpointRecord, type CycleRecord, type LabelEventRecord, type ProjectRecord, type RaceRecord, type SampleRecord,
} from '../store/schema';
import type { LabelConflictRecord } from '../store/conflicts';

/**
 * A whole project in one ZIP, and back: the project record (classes, settings, open query), every
 * sample record with its label, the label log, the cycles, the latest checkpoint and the pixels.
 * Binary data (pixels, weights) travels as raw .bin files; everything else as JSON. A backup made
 * by a newer schema is refused rather than half-understood.
 *
 *   manifest.json           format, schema version, the project record
 *   samples.json            SampleRecord[]
 *   label-events.json       LabelEventRecord[] (without their local sequence numbers)
 *   cycles.json             CycleRecord[]
 *   pixels/<chunk>.bin      one file per pixel chunk; pixels.json lists { chunk, count }
 *   checkpoint.json         { cycle, tensors: [{ name, shape }] }; checkpoint/<i>.bin the values
 *   thumbnails.json         [{ id, type }]; thumbnails/<id> the encoded pictures
 *   race.json               RaceRecord, the last strategy race (absent when there was none)
 *   conflicts.json          LabelConflictRecord[], merge conflicts waiting in the review
 *
 * The schema's NOT_IN_BACKUPS names the stores left out and why.
 */

export const BACKUP_FORMAT = 'lossloop-backup';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

interface Manifest {
  format: typeof BACKUP_FORMAT;
  schemaVersion: number;
  exportedAt: number;
  project: ProjectRecord;
}

const json = (path: string, value: unknown): ZipEntry => ({ path, bytes: new TextEncoder().encode(JSON.stringify(value)) });
const floatBytes = (values: Float32Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();

export async function backupProject(db: LossloopDatabase, projectId: string): Promise<Uint8Array> {
  const project = await db.get('projects', projectId);
  if (!project) throw new BackupError(`There is no project "${projectId}" to back up.`);
  const [samples, events, cycles, chunks, checkpoint, thumbnails, race, conflicts] = await Promise.all([
    db.getAll('samples', projectRange(projectId)),
    db.getAllFromIndex('labelEvents', 'byProject', projectId),
    db.getAll('cycles', projectRange(projectId)),
    db.getAll('pixelChunks', projectRange(projectId)),
    db.get('checkpoints', projectId),
    db.getAll('thumbnails', projectRange(projectId)),
    db.get('races', projectId),
    db.getAll('labelConflicts', projectRange(projectId)),
  ]);
  const manifest: Manifest = { format: BACKUP_FORMAT, schemaVersion: DB_VERSION, exportedAt: Date.now(), project };
  const files: ZipEntry[] = [
    json('manifest.json', manifest),
    json('samples.json', samples),
    json('label-events.json', events.map(({ seq: _seq, ...event }) => event)),
    json('cycles.json', cycles),
    json('conflicts.json', conflicts),
    json('pixels.json', chunks.map((c) => ({ chunk: c.chunk, count: c.count }))),
    ...chunks.map((c) => ({ path: `pixels/${c.chunk}.bin`, bytes: c.pixels })),
    json('thumbnails.json', thumbnails.map((t) => ({ id: t.id, type: t.image.type }))),
    ...(await Promise.all(thumbnails.map(async (t) => ({ path: `thumbnails/${t.id}`, bytes: new Uint8Array(await t.image.arrayBuffer()) })))),
  ];
  if (race) files.push(json('race.json', race));
  if (checkpoint) {
    files.push(json('checkpoint.json', { cycle: checkpoint.cycle, tensors: checkpoint.tensors.map((t) => ({ name: t.name, shape: t.shape })) }));
    checkpoint.tensors.forEach((t, i) => files.push({ path: `checkpoint/${i}.bin`, bytes: floatBytes(t.values) }));
  }
  return writeZip(files);
}

/**
 * Restores a backup as a project. Refuses to overwrite an existing project with the same id
 * unless `replace` is set, which first removes all of it; everything happens in one transaction
 * (all or nothing).
 */
export async function restoreProject(db: LossloopDatabase, zip: Uint8Array, options: { replace?: boolean } = {}): Promise<ProjectRecord> {
  const files = new Map<string, Uint8Array>();
  for (const entry of readZipEntries(zip)) files.set(entry.path, entry.bytes);
  const read = <T>(path: string): T => {
    const bytes = files.get(path);
    if (!bytes) throw new BackupError(`This backup is incomplete: it has no ${path}.`);
    try {
      return JSON.parse(new TextDecoder().decode(bytes)) as T;
    } catch {
      throw new BackupError(`This backup is damaged: ${path} is not valid JSON.`);
    }
  };
  const manifest = read<Manifest>('manifest.json');
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError('This ZIP is not a lossloop backup.');
  if (manifest.schemaVersion > DB_VERSION) {
    throw new BackupError(
      `This backup was made by a newer lossloop (data version ${manifest.schemaVersion}); this one reads up to version ${DB_VERSION}. Update lossloop, then restore it.`,
    );
  }
  const project = manifest.project;
  const samples = read<SampleRecord[]>('samples.json');
  const events = read<Omit<LabelEventRecord, 'seq'>[]>('label-events.json');
  const cycles = read<CycleRecord[]>('cycles.json');
  const chunks = read<{ chunk: number; count: number }[]>('pixels.json').map(({ chunk, count }) => {
    const pixels = files.get(`pixels/${chunk}.bin`);
    if (!pixels) throw new BackupError(`This backup is incomplete: the pixels of chunk ${chunk} are missing.`);
    return { projectId: project.id, chunk, count, pixels };
  });
  const checkpoint = readCheckpoint(files, project.id, read);
  // Backups made before thumbnails existed have none.
  const thumbnails = (files.has('thumbnails.json') ? read<{ id: number; type: string }[]>('thumbnails.json') : []).map(({ id, type }) => {
    const bytes = files.get(`thumbnails/${id}`);
    if (!bytes) throw new BackupError(`This backup is incomplete: the thumbnail of image ${id} is missing.`);
    return { projectId: project.id, id, image: new Blob([bytes as BlobPart], { type }) };
  });
  // Backups made before races were kept have none.
  const race = files.has('race.json') ? read<RaceRecord>('race.json') : null;
  // Backups made before labels were merged have no conflicts.
  const conflicts = files.has('conflicts.json') ? read<LabelConflictRecord[]>('conflicts.json') : [];

  const tx = db.transaction([...OBJECT_STORES], 'readwrite');
  if (await tx.objectStore('projects').get(project.id)) {
    if (!options.replace) {
      tx.done.catch(() => {}); // the abort below is the intended outcome, not a failure to report
      tx.abort();
      throw new BackupError(`A project named "${project.name}" is already here. Delete it first, or restore with "replace".`);
    }
    await clearProject(tx, project.id);
  }
  await Promise.all([
    tx.objectStore('projects').put(project),
    ...samples.map((s) => tx.objectStore('samples').put(s)),
    ...chunks.map((c) => tx.objectStore('pixelChunks').put(c)),
    ...events.map((e) => tx.objectStore('labelEvents').add(e)),
    ...cycles.map((c) => tx.objectStore('cycles').put(c)),
    ...(checkpoint ? [tx.objectStore('checkpoints').put(checkpoint)] : []),
    ...thumbnails.map((t) => tx.objectStore('thumbnails').put(t)),
    ...(race ? [tx.objectStore('races').put({ ...race, projectId: project.id })] : []),
    ...conflicts.map((c) => tx.objectStore('labelConflicts').put({ ...c, projectId: project.id })),
  ]);
  await tx.done;
  return project;
}

function readCheckpoint(files: Map<string, Uint8Array>, projectId: string, read: <T>(path: string) => T): CheckpointRecord | null {
  if (!files.has('checkpoint.json')) return null;
  const meta = read<{ cycle: number; tensors: { name: string; shape: number[] }[] }>('checkpoint.json');
  return {
    projectId,
    cycle: meta.cycle,
    tensors: meta.tensors.map((t, i) => {
      const bytes = files.get(`checkpoint/${i}.bin`);
      const size = t.shape.reduce((a, b) => a * b, 1);
      if (!bytes || bytes.byteLength !== size * 4) throw new BackupError(`This backup is damaged: the weights "${t.name}" are missing or the wrong size.`);
      return { name: t.name, shape: t.shape, values: new Float32Array(bytes.slice().buffer) };
    }),
  };
}
