import type { IDBPTransaction } from 'idb';
import { projectRange, type LossloopDatabase } from '../store/db';
import { readZipEntries, writeZip, type ZipEntry } from '../formats/zip';
import { clearProject } from '../store/samples';
import {
  DB_VERSION, OBJECT_STORES, type CheckpointRecord, type CycleRecord, type LabelEventRecord, type LossloopDB, type ProjectRecord, type RaceRecord, type SampleRecord,
} from '../store/schema';
import type { LabelConflictRecord } from '../store/conflicts';
import { freeName, type NameKind } from '../store/names';
import { namesOf } from '../store/projects';
import { newProjectId } from './importCommon';
import { findInconsistency } from './backupChecks';
import { allOrNothing } from '../store/allOrNothing';
import { upgradeSettings } from '../store/settingsUpgrade';

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

/** Everything a backup holds, read and checked, not yet written anywhere. */
export interface BackupContents {
  project: ProjectRecord;
  samples: SampleRecord[];
  events: Omit<LabelEventRecord, 'seq'>[];
  cycles: CycleRecord[];
  chunks: { chunk: number; count: number; pixels: Uint8Array }[];
  checkpoint: Omit<CheckpointRecord, 'projectId'> | null;
  thumbnails: { id: number; image: Blob }[];
  race: RaceRecord | null;
  conflicts: LabelConflictRecord[];
}

/**
 * Reads a backup ZIP without writing anything, refusing (BackupError, in plain words) one that is
 * not a backup, is damaged, comes from a newer lossloop, or contradicts itself: a record that
 * names another project than the backup's.
 *
 * Such a record is refused, not rewritten to the backup's project: lossloop writes every record
 * of a backup with the project's own id, so a record naming another project means the file was
 * edited or put together from two backups. Restoring it under a guess would hide that; a person
 * who restores a backup expects their project as it was, or a plain "no" and nothing changed.
 */
export function readBackup(zip: Uint8Array): BackupContents {
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
  const readList = <T>(path: string): T[] => {
    const list = read<unknown>(path);
    if (!Array.isArray(list)) throw new BackupError(`This backup is damaged: ${path} is not a list.`);
    return list as T[];
  };
  const manifest = read<Manifest>('manifest.json');
  if (manifest?.format !== BACKUP_FORMAT) throw new BackupError('This ZIP is not a lossloop backup.');
  if (manifest.schemaVersion > DB_VERSION) {
    throw new BackupError(
      `This backup was made by a newer lossloop (data version ${manifest.schemaVersion}); this one reads up to version ${DB_VERSION}. Update lossloop, then restore it.`,
    );
  }
  const project = manifest.project;
  if (typeof project?.id !== 'string' || !project.id || typeof project.name !== 'string' || !Array.isArray(project.classes)) {
    throw new BackupError('This backup is damaged: its manifest does not describe a project.');
  }
  const samples = readList<SampleRecord>('samples.json');
  const events = readList<Omit<LabelEventRecord, 'seq'> & { seq?: number }>('label-events.json')
    // The log's numbers are this browser's own: the restored entries get new ones, in the same order.
    .map(({ seq: _seq, ...event }) => event);
  const cycles = readList<CycleRecord>('cycles.json');
  const chunks = readList<{ chunk: number; count: number }>('pixels.json').map(({ chunk, count }) => {
    const pixels = files.get(`pixels/${chunk}.bin`);
    if (!pixels) throw new BackupError(`This backup is incomplete: the pixels of chunk ${chunk} are missing.`);
    return { chunk, count, pixels };
  });
  const checkpoint = readCheckpoint(files, read);
  // Backups made before thumbnails existed have none.
  const thumbnails = (files.has('thumbnails.json') ? readList<{ id: number; type: string }>('thumbnails.json') : []).map(({ id, type }) => {
    const bytes = files.get(`thumbnails/${id}`);
    if (!bytes) throw new BackupError(`This backup is incomplete: the thumbnail of image ${id} is missing.`);
    return { id, image: new Blob([bytes as BlobPart], { type }) };
  });
  // Backups made before races were kept have none.
  const race = files.has('race.json') ? read<RaceRecord>('race.json') : null;
  // Backups made before labels were merged have no conflicts.
  const conflicts = files.has('conflicts.json') ? readList<LabelConflictRecord>('conflicts.json') : [];

  const owned: [string, { projectId?: unknown }[]][] = [
    ['images', samples], ['label log entries', events], ['cycles', cycles], ['merge conflicts', conflicts], ['strategy races', race ? [race] : []],
  ];
  for (const [what, records] of owned) {
    const foreign = records.filter((r) => r?.projectId !== project.id);
    if (foreign.length > 0) {
      throw new BackupError(
        `This backup contradicts itself: it holds the project "${project.name}", but ${foreign.length} of its ${what} belong to ` +
          `${typeof foreign[0]?.projectId === 'string' ? `another project ("${foreign[0].projectId}")` : 'no project'}. It may have been edited or put together from two backups.`,
      );
    }
  }
  return { project, samples, events, cycles, chunks, checkpoint, thumbnails, race, conflicts };
}

/**
 * What to do when a project with the backup's id is already here: refuse (the default), replace
 * it (all of it goes first), or keep both (the backup is restored under a new id).
 */
export type WhenTheProjectExists = 'refuse' | 'replace' | 'keep-both';

export interface RestoredProject {
  project: ProjectRecord;
  /** names changed to keep to the name rule (store/names.ts): taken by another project, too long */
  renamed: { kind: NameKind; from: string; to: string }[];
}

/**
 * Restores a backup as a project, in one transaction (all or nothing). Every record is written
 * under the restored project's own id, so nothing in the file can reach another project. Names
 * keep to the name rule without refusing the backup (nobody typed them now): a project name
 * another project has is numbered ("Demo (2)"), a name longer than the limit cut. Before the
 * transaction commits, what it wrote is read back and checked (backupChecks.ts); anything that
 * does not hold together aborts it, leaving every project as it was.
 */
export async function restoreProject(
  db: LossloopDatabase,
  zip: Uint8Array | BackupContents,
  options: { ifExists?: WhenTheProjectExists } = {},
): Promise<RestoredProject> {
  const backup = zip instanceof Uint8Array ? readBackup(zip) : zip;
  return allOrNothing(db.transaction([...OBJECT_STORES], 'readwrite'), (tx) => writeBackup(tx, backup, options.ifExists ?? 'refuse'));
}

/**
 * The name a backup's project is restored under: its own, numbered when another project here has
 * it ("Demo (2)"), cut when too long. `replacing`: the project of the same id goes, so its name is free.
 */
export function restoredName(project: ProjectRecord, projects: readonly ProjectRecord[], replacing: boolean): string {
  return freeName(project.name, 'Restored project', namesOf(projects, replacing ? project.id : undefined));
}

type RestoreTransaction = IDBPTransaction<LossloopDB, (typeof OBJECT_STORES)[number][], 'readwrite'>;

async function writeBackup(tx: RestoreTransaction, backup: BackupContents, ifExists: WhenTheProjectExists): Promise<RestoredProject> {
  const { project } = backup;
  const projects = await tx.objectStore('projects').getAll();
  const existing = projects.find((p) => p.id === project.id);
  if (existing && ifExists === 'refuse') {
    throw new BackupError(`This backup's project is already here, as "${existing.name}". Delete it first, or restore with "replace" or "keep both".`);
  }
  const replacing = existing !== undefined && ifExists === 'replace';
  if (replacing) await clearProject(tx, project.id);
  const id = existing && !replacing ? newProjectId() : project.id;
  const renamed: RestoredProject['renamed'] = [];
  const name = restoredName(project, projects, replacing);
  if (name !== project.name) renamed.push({ kind: 'project', from: project.name, to: name });
  const classes = project.classes.map((c, i, all) => {
    const fitted = freeName(c.name, `class ${i}`, all.slice(0, i).map((other) => other.name));
    if (fitted !== c.name) renamed.push({ kind: 'class', from: c.name, to: fitted });
    return { ...c, name: fitted };
  });
  // A backup of an older lossloop has the settings of its day: brought up to today's fields.
  const restored: ProjectRecord = { ...project, id, name, classes, settings: upgradeSettings(project.settings) };
  const own = <T extends object>(record: T) => ({ ...record, projectId: id });

  const writes = [
    tx.objectStore('projects').put(restored),
    ...backup.samples.map((s) => tx.objectStore('samples').put(own(s))),
    ...backup.chunks.map((c) => tx.objectStore('pixelChunks').put(own(c))),
    ...backup.events.map((e) => tx.objectStore('labelEvents').add(own(e))),
    ...backup.cycles.map((c) => tx.objectStore('cycles').put(own(c))),
    ...(backup.checkpoint ? [tx.objectStore('checkpoints').put(own(backup.checkpoint))] : []),
    ...backup.thumbnails.map((t) => tx.objectStore('thumbnails').put(own(t))),
    ...(backup.race ? [tx.objectStore('races').put(own(backup.race))] : []),
    ...backup.conflicts.map((c) => tx.objectStore('labelConflicts').put(own(c))),
  ];
  await Promise.all(writes);

  // What the restored project is now, read back: two records of the file under one key would
  // leave fewer than it promises, and that shows here. The pixels are not read back (they can be
  // hundreds of megabytes): the chunks written stand for them, a later one under the same key
  // counting, as in the store.
  const [samples, events] = await Promise.all([
    tx.objectStore('samples').getAll(projectRange(id)),
    tx.objectStore('labelEvents').index('byProject').getAll(id),
  ]);
  const problem = findInconsistency(restored, samples, events, backup.chunks);
  if (problem) throw new BackupError(`This backup does not hold together: ${problem}`);
  return { project: restored, renamed };
}

function readCheckpoint(files: Map<string, Uint8Array>, read: <T>(path: string) => T): Omit<CheckpointRecord, 'projectId'> | null {
  if (!files.has('checkpoint.json')) return null;
  const meta = read<{ cycle: number; tensors: { name: string; shape: number[] }[] }>('checkpoint.json');
  return {
    cycle: meta.cycle,
    tensors: meta.tensors.map((t, i) => {
      const bytes = files.get(`checkpoint/${i}.bin`);
      const size = t.shape.reduce((a, b) => a * b, 1);
      if (!bytes || bytes.byteLength !== size * 4) throw new BackupError(`This backup is damaged: the weights "${t.name}" are missing or the wrong size.`);
      return { name: t.name, shape: t.shape, values: new Float32Array(bytes.slice().buffer) };
    }),
  };
}
