import type { IDBPTransaction } from 'idb';
import type { LossloopDatabase } from './db';
import type { Labeler, LossloopDB, SampleRecord } from './schema';
import type { LabelConflictRecord } from './conflicts';
import { allOrNothing, type IssuedWrites } from './allOrNothing';

const LABEL_STORES = ['samples', 'labelEvents', 'labelConflicts'] as const;

type LabelStores = IDBPTransaction<LossloopDB, (typeof LABEL_STORES)[number][], 'readwrite'>;

/**
 * One transaction over what a label touches (the sample, its log entry, its merge conflict), with
 * the writes issued in it and not awaited one by one (see allOrNothing.ts).
 */
export interface LabelTransaction {
  readonly tx: LabelStores;
  readonly writes: IssuedWrites;
}

/**
 * Runs `work` in a transaction for labels that is on disk when it completes, all or nothing. With
 * the default durability Chromium may report a transaction complete before the operating system
 * has flushed it to the disk; 'strict' waits for the flush, so a label shown survives a crash of
 * the machine or a power cut, not only a killed browser. Its cost is paid once per transaction
 * (about 0.1-0.5 ms on this project's benchmark machine, docs/benchmarks.md), and the page puts
 * every key press that arrives meanwhile into the next one (state/labeling.svelte.ts), so the
 * flush does not cap the labeling rate. A card shows a label only after its transaction completed:
 * tests/e2e/labelsSurviveKill.spec.ts kills the browser around key presses to hold that.
 */
export function inLabelTransaction<T>(db: LossloopDatabase, work: (labels: LabelTransaction) => Promise<T>): Promise<T> {
  return allOrNothing(db.transaction([...LABEL_STORES], 'readwrite', { durability: 'strict' }), (tx, writes) => work({ tx, writes }));
}

/** What a labeling action does to the merge conflicts of its samples, in the same transaction. */
export interface ConflictChange {
  /** the label settles the samples' conflicts: they are removed */
  resolve?: boolean;
  /** conflicts to put back (an undone resolution) */
  reopen?: readonly LabelConflictRecord[];
}

/**
 * Gives several pool samples the same label inside `tx`: every sample is checked before the first
 * write, so a refusal leaves the whole selection as it was. Every change is appended to the label
 * log with the label it replaced. Returns the labels replaced, in the order of `sampleIds`. The
 * work per sample is a constant number of keyed reads and writes: nothing grows with the pool.
 */
export async function writeLabels(
  { tx, writes }: LabelTransaction,
  projectId: string,
  sampleIds: readonly number[],
  label: number | null,
  by: Labeler,
  conflicts: ConflictChange = {},
): Promise<(number | null)[]> {
  const samples = tx.objectStore('samples');
  const current = await Promise.all(sampleIds.map((id) => samples.get([projectId, id])));
  current.forEach((sample, i) => {
    if (!sample) throw new Error(`Sample ${sampleIds[i]} does not exist in this project.`);
    if (sample.split !== 'pool') throw new Error(`Sample ${sampleIds[i]} belongs to the test set and cannot be relabeled here.`);
  });
  const at = Date.now();
  const updated = current.map((sample): SampleRecord => ({ ...sample!, label, labeledBy: label === null ? null : by, labeledAt: label === null ? null : at }));
  for (const [i, record] of updated.entries()) {
    writes.push(samples.put(record));
    writes.push(tx.objectStore('labelEvents').add({ projectId, sampleId: record.id, label, previous: current[i]!.label, by, at }));
    if (conflicts.resolve) writes.push(tx.objectStore('labelConflicts').delete([projectId, record.id]));
  }
  for (const conflict of conflicts.reopen ?? []) writes.push(tx.objectStore('labelConflicts').put(conflict));
  return current.map((sample) => sample!.label);
}

/** The open merge conflicts of the given samples, read inside `tx`. */
export async function conflictsOf({ tx }: LabelTransaction, projectId: string, ids: readonly number[]): Promise<LabelConflictRecord[]> {
  const records = await Promise.all(ids.map((id) => tx.objectStore('labelConflicts').get([projectId, id])));
  return records.filter((record) => record !== undefined);
}
