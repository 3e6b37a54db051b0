import { projectRange, type LossloopDatabase } from './db';

/**
 * The images a merged labels file labels differently from this project. A merge writes them
 * (data/transfer/mergeLabels.ts); a label given in the review settles them (setLabels' `resolve`).
 */

/**
 * One such image, as the labelConflicts store (schema.ts) keeps it. The label here is never
 * changed by a merge: the conflict waits in the review until a person picks the label by key.
 */
export interface LabelConflictRecord {
  projectId: string;
  sampleId: number;
  /**
   * The class the other file gives, by name: the name stays right when a class edit here renumbers
   * the classes, and it is what the other person chose even if the class is renamed here later.
   */
  theirs: string;
  /** the file (and the project it was exported from) that gave `theirs` */
  source: string;
  at: number;
}

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
