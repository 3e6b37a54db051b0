import { projectRange, type LossloopDatabase } from './db';
import type { LabelConflictRecord } from './schema';

/**
 * The images a merged labels file labels differently from this project. A merge writes them
 * (data/transfer/mergeLabels.ts); a label given in the review settles them (setLabels' `resolve`).
 */

/** Every open conflict of a project, in sample id order. */
export function listConflicts(db: LossloopDatabase, projectId: string): Promise<LabelConflictRecord[]> {
  return db.getAll('labelConflicts', projectRange(projectId));
}

/** The open conflicts of the given samples (those that have one), in the order of `ids`. */
export async function readConflicts(db: LossloopDatabase, projectId: string, ids: readonly number[]): Promise<LabelConflictRecord[]> {
  const tx = db.transaction('labelConflicts');
  const records = await Promise.all(ids.map((id) => tx.store.get([projectId, id])));
  return records.filter((record) => record !== undefined);
}
