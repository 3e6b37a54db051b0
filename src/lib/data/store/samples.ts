import { projectRange, type LossloopDatabase } from './db';
import type { IDBPTransaction } from 'idb';
import { OBJECT_STORES, PIXEL_CHUNK_SIZE, type Labeler, type LossloopDB, type SampleRecord, type Split } from './schema';
import { inLabelTransaction, writeLabels, type ConflictChange } from './labelTransaction';
import { allOrNothing } from './allOrNothing';

/** Every sample record of a project, in id order. */
export function listSamples(db: LossloopDatabase, projectId: string): Promise<SampleRecord[]> {
  return db.getAll('samples', projectRange(projectId));
}

/**
 * Gives (or with null, removes) the label of one sample. The label and its log entry are
 * committed together in their own transaction before this resolves, so a label the user saw
 * accepted survives a closed tab.
 */
export async function setLabel(
  db: LossloopDatabase,
  projectId: string,
  sampleId: number,
  label: number | null,
  by: Labeler,
): Promise<void> {
  await setLabels(db, projectId, [sampleId], label, by);
}

/**
 * Gives several pool samples the same label (a multi-selection) in one durable transaction: all of
 * them or none. Returns the labels replaced, in the order of `sampleIds`.
 */
export async function setLabels(
  db: LossloopDatabase,
  projectId: string,
  sampleIds: readonly number[],
  label: number | null,
  by: Labeler,
  conflicts: ConflictChange = {},
): Promise<(number | null)[]> {
  return inLabelTransaction(db, (labels) => writeLabels(labels, projectId, sampleIds, label, by, conflicts));
}

/** The samples a person labeled last and that still carry that label, most recent first (read backwards from the label log). */
export async function recentlyLabeledByHand(db: LossloopDatabase, projectId: string, limit: number): Promise<number[]> {
  const ids: number[] = [];
  // Only a sample's latest event counts: a label taken back (undone) leaves it out.
  const seen = new Set<number>();
  const events = db.transaction('labelEvents').store.index('byProject');
  for (let cursor = await events.openCursor(projectId, 'prev'); cursor && ids.length < limit; cursor = await cursor.continue()) {
    const event = cursor.value;
    if (seen.has(event.sampleId)) continue;
    seen.add(event.sampleId);
    if (event.by === 'human' && event.label !== null) ids.push(event.sampleId);
  }
  return ids;
}

/** Labels many samples from their hidden true labels: the simulated oracle. One transaction. */
export async function answerFromTruth(db: LossloopDatabase, projectId: string, sampleIds: number[]): Promise<number> {
  const tx = db.transaction(['samples', 'labelEvents'], 'readwrite');
  const samples = tx.objectStore('samples');
  const at = Date.now();
  let answered = 0;
  for (const id of sampleIds) {
    const sample = await samples.get([projectId, id]);
    if (!sample || sample.trueLabel === null || sample.label !== null) continue;
    await samples.put({ ...sample, label: sample.trueLabel, labeledBy: 'oracle', labeledAt: at });
    await tx.objectStore('labelEvents').add({ projectId, sampleId: id, label: sample.trueLabel, previous: null, by: 'oracle', at });
    answered++;
  }
  await tx.done;
  return answered;
}

/**
 * Moves the labeled ones of `ids` from the pool to the test set, closing the query that asked
 * for them: a test set made by labeling random pool images once. One transaction.
 */
export async function holdOutAsTestSet(db: LossloopDatabase, projectId: string, ids: number[]): Promise<number> {
  const tx = db.transaction(['samples', 'projects'], 'readwrite');
  const samples = tx.objectStore('samples');
  let moved = 0;
  for (const id of ids) {
    const sample = await samples.get([projectId, id]);
    if (!sample || sample.split !== 'pool' || sample.label === null) continue;
    await samples.put({ ...sample, split: 'test' });
    moved++;
  }
  const project = await tx.objectStore('projects').get(projectId);
  if (!project) throw new Error(`There is no project "${projectId}".`);
  await tx.objectStore('projects').put({
    ...project, poolCount: project.poolCount - moved, testCount: project.testCount + moved, openQuery: null,
  });
  await tx.done;
  return moved;
}

/** The pixels of the given samples, concatenated in the order of `ids`. */
export async function readPixels(
  db: LossloopDatabase,
  projectId: string,
  ids: ArrayLike<number>,
  pixelsPerImage: number,
  /** told how many of `ids` are read, each time another chunk has to be fetched */
  onRead: (done: number) => void = () => {},
): Promise<Uint8Array> {
  const out = new Uint8Array(ids.length * pixelsPerImage);
  const chunks = new Map<number, Uint8Array>();
  for (let i = 0; i < ids.length; i++) {
    const chunk = Math.floor(ids[i] / PIXEL_CHUNK_SIZE);
    let pixels = chunks.get(chunk);
    if (!pixels) {
      onRead(i);
      const record = await db.get('pixelChunks', [projectId, chunk]);
      if (!record) throw new Error(`The pixels of sample ${ids[i]} are missing from the store.`);
      pixels = record.pixels;
      chunks.set(chunk, pixels);
    }
    const offset = (ids[i] - chunk * PIXEL_CHUNK_SIZE) * pixelsPerImage;
    out.set(pixels.subarray(offset, offset + pixelsPerImage), i * pixelsPerImage);
  }
  return out;
}

export interface NewSamples {
  split: Split;
  /** id of the first image; the rest follow consecutively */
  firstId: number;
  count: number;
  pixels: Uint8Array;
  pixelsPerImage: number;
  /** given labels (a labeled test set); null for an unlabeled image */
  labels?: ArrayLike<number | null>;
  /** hidden true labels, for the simulated oracle */
  trueLabels?: ArrayLike<number | null>;
  /** file names, for exports */
  sourceNames?: readonly string[];
  /** small pictures for the UI, by position in the batch (images larger than the input) */
  thumbnails?: readonly (Blob | null)[];
}

/**
 * Writes images and their records, one transaction per pixel chunk: an interruption leaves whole
 * chunks only. `firstId` must start a chunk so that chunks never mix two writes. A write the store
 * refuses fails this with its own error (a full disk: a QuotaExceededError), see allOrNothing.ts.
 */
export async function addSamples(
  db: LossloopDatabase,
  projectId: string,
  batch: NewSamples,
  onProgress: (written: number) => void = () => {},
): Promise<void> {
  if (batch.firstId % PIXEL_CHUNK_SIZE !== 0) throw new Error(`addSamples: firstId ${batch.firstId} must start a chunk`);
  for (let start = 0; start < batch.count; start += PIXEL_CHUNK_SIZE) {
    const count = Math.min(PIXEL_CHUNK_SIZE, batch.count - start);
    const tx = db.transaction(['samples', 'pixelChunks', 'thumbnails'], 'readwrite');
    const pixels = batch.pixels.slice(start * batch.pixelsPerImage, (start + count) * batch.pixelsPerImage);
    await allOrNothing(tx, (_, writes) => {
      writes.push(tx.objectStore('pixelChunks').put({ projectId, chunk: (batch.firstId + start) / PIXEL_CHUNK_SIZE, count, pixels }));
      const samples = tx.objectStore('samples');
      for (let i = start; i < start + count; i++) {
        const label = batch.labels?.[i] ?? null;
        writes.push(samples.put({
          projectId, id: batch.firstId + i, split: batch.split,
          label, labeledBy: label === null ? null : 'import', labeledAt: label === null ? null : Date.now(),
          trueLabel: batch.trueLabels ? (batch.trueLabels[i] ?? null) : label,
          ...(batch.sourceNames ? { sourceName: batch.sourceNames[i] } : {}),
        }));
        const thumbnail = batch.thumbnails?.[i];
        if (thumbnail) writes.push(tx.objectStore('thumbnails').put({ projectId, id: batch.firstId + i, image: thumbnail }));
      }
    });
    onProgress(start + count);
  }
}

type ProjectTransaction = IDBPTransaction<LossloopDB, (typeof OBJECT_STORES)[number][], 'readwrite'>;

/** Removes every record of a project inside a transaction over all OBJECT_STORES. */
export async function clearProject(tx: ProjectTransaction, projectId: string): Promise<void> {
  await Promise.all([
    tx.objectStore('samples').delete(projectRange(projectId)),
    tx.objectStore('pixelChunks').delete(projectRange(projectId)),
    tx.objectStore('cycles').delete(projectRange(projectId)),
    tx.objectStore('checkpoints').delete(projectId),
    tx.objectStore('trainingRuns').delete(projectId),
    tx.objectStore('thumbnails').delete(projectRange(projectId)),
    tx.objectStore('races').delete(projectId),
    tx.objectStore('labelConflicts').delete(projectRange(projectId)),
    tx.objectStore('projects').delete(projectId),
  ]);
  const events = tx.objectStore('labelEvents').index('byProject');
  for (let cursor = await events.openCursor(projectId); cursor; cursor = await cursor.continue()) await cursor.delete();
}

/** The thumbnails of the given samples that have one (imported images larger than the input). */
export async function readThumbnails(db: LossloopDatabase, projectId: string, ids: readonly number[]): Promise<Map<number, Blob>> {
  const records = await Promise.all(ids.map((id) => db.get('thumbnails', [projectId, id])));
  return new Map(records.filter((r) => r !== undefined).map((r) => [r.id, r.image]));
}

/** Removes every record of a project (used to redo an interrupted import). */
export async function deleteProjectData(db: LossloopDatabase, projectId: string): Promise<void> {
  const tx = db.transaction([...OBJECT_STORES], 'readwrite');
  await clearProject(tx, projectId);
  await tx.done;
}
