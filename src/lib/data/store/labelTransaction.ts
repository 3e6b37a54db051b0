import type { IDBPTransaction } from 'idb';
import type { LossloopDatabase } from './db';
import type { Labeler, LossloopDB, SampleRecord } from './schema';
import type { LabelConflictRecord } from './conflicts';

const LABEL_STORES = ['samples', 'labelEvents', 'labelConflicts'] as const;

type LabelStores = IDBPTransaction<LossloopDB, (typeof LABEL_STORES)[number][], 'readwrite'>;

/**
 * One transaction over what a label touches (the sample, its log entry, its merge conflict), with
 * the writes issued in it. Writes are not awaited one by one: each await hands the main thread back
 * and waits for it again, which on a busy page costs more than the write. IndexedDB runs a
 * transaction's requests in the order they were made, so a read issued after a write sees it.
 */
export interface LabelTransaction {
  readonly tx: LabelStores;
  readonly writes: Promise<unknown>[];
}

/**
 * Opens a transaction for labels that is on disk when it completes. With the default durability
 * Chromium may report a transaction complete before the operating system has flushed it to the
 * disk; 'strict' waits for the flush, so a label shown survives a crash of the machine or a power
 * cut, not only a killed browser. Its cost is paid once per transaction (about 0.1-0.3 ms on this
 * project's benchmark machine, docs/benchmarks.md), and the page puts every key press that
 * arrives meanwhile into the next one (state/labeling.svelte.ts), so the flush does not cap the
 * labeling rate. A card shows a label only after its transaction completed:
 * tests/e2e/labelsSurviveKill.spec.ts kills the browser around key presses to hold that.
 */
export function openLabelTransaction(db: LossloopDatabase): LabelTransaction {
  return { tx: db.transaction([...LABEL_STORES], 'readwrite', { durability: 'strict' }), writes: [] };
}

/** Resolves once every write succeeded and the transaction is on disk; rejects with the first failure. */
export async function commitLabels({ tx, writes }: LabelTransaction): Promise<void> {
  await Promise.all([...writes, tx.done]);
}

/** Aborts the transaction (nothing of it is kept); the failures this causes are expected, not reported. */
export async function abandonLabels({ tx, writes }: LabelTransaction): Promise<void> {
  try {
    tx.abort();
  } catch {
    // already aborted by a failed request
  }
  await Promise.allSettled([...writes, tx.done]);
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
