import { listSamples } from './samples';
import type { LossloopDatabase } from './db';
import type { SampleRecord } from './schema';

/**
 * The named groups of a project's samples that the learning loop, the exports and the UI ask for.
 * The samples store has no index on split or label (a project's records are read by key range),
 * so each query reads the project's records once and keeps the ones it names. In id order.
 */

async function samplesWhere(db: LossloopDatabase, projectId: string, keep: (sample: SampleRecord) => boolean): Promise<SampleRecord[]> {
  return (await listSamples(db, projectId)).filter(keep);
}

/** Every image of the pool, labeled or not: the images a query may ask about. */
export function listPool(db: LossloopDatabase, projectId: string): Promise<SampleRecord[]> {
  return samplesWhere(db, projectId, (s) => s.split === 'pool');
}

/** The pool images that carry a label: the training set. */
export function listLabeled(db: LossloopDatabase, projectId: string): Promise<SampleRecord[]> {
  return samplesWhere(db, projectId, (s) => s.split === 'pool' && s.label !== null);
}

/** The pool images still waiting for a label. */
export function listUnlabeled(db: LossloopDatabase, projectId: string): Promise<SampleRecord[]> {
  return samplesWhere(db, projectId, (s) => s.split === 'pool' && s.label === null);
}

/** The pool images whose hidden true label lets the simulated oracle answer for them. */
export function listAnswerable(db: LossloopDatabase, projectId: string): Promise<SampleRecord[]> {
  return samplesWhere(db, projectId, (s) => s.split === 'pool' && s.trueLabel !== null);
}

/** The images held out as the test set, which are never trained on or asked about. */
export function listTestSet(db: LossloopDatabase, projectId: string): Promise<SampleRecord[]> {
  return samplesWhere(db, projectId, (s) => s.split === 'test');
}

/** The ids of the given samples, in the same order. */
export function idsOf(samples: readonly SampleRecord[]): number[] {
  return samples.map((s) => s.id);
}

/** Every image that carries a label, in the pool and in the test set: what the review of labels browses. */
export function listLabeledAnywhere(db: LossloopDatabase, projectId: string): Promise<SampleRecord[]> {
  return samplesWhere(db, projectId, (s) => s.label !== null);
}

/** The records of the given samples, in the order of `ids`; a missing one is left out. */
export async function readSamples(db: LossloopDatabase, projectId: string, ids: readonly number[]): Promise<SampleRecord[]> {
  const tx = db.transaction('samples');
  const records = await Promise.all(ids.map((id) => tx.store.get([projectId, id])));
  return records.filter((record) => record !== undefined);
}
