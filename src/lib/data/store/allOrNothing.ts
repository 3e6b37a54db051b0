/** The part of an idb transaction that allOrNothing needs. */
interface Transaction {
  readonly done: Promise<void>;
  abort(): void;
}

/** The writes `work` issued without awaiting each: allOrNothing waits for them and hears every failure. */
export type IssuedWrites = Promise<unknown>[];

/**
 * Runs `work` in `tx` and resolves with its result once every write it issued succeeded and the
 * transaction has committed. Any failure, thrown by `work` or from a write, aborts the transaction,
 * so nothing of the failed work is kept, and is what the caller gets:
 *
 * - Writes may be issued without awaiting each (thousands of samples go faster queued, and each
 *   await hands the main thread back and waits for it again); `work` pushes their promises onto
 *   `writes`. IndexedDB runs a transaction's requests in order, so a read issued after a write sees it.
 * - A refused write's own promise rejects first, with the real error (a full disk is a
 *   QuotaExceededError on the request), before `tx.done` rejects with a bare AbortError; waiting
 *   for both together hands on that first rejection.
 * - After an abort every write still pending fails as aborted: those failures are expected, and
 *   heard here, so none goes unhandled.
 */
export async function allOrNothing<T, Tx extends Transaction>(tx: Tx, work: (tx: Tx, writes: IssuedWrites) => Promise<T> | T): Promise<T> {
  const writes: IssuedWrites = [];
  try {
    const result = await work(tx, writes);
    await Promise.all([...writes, tx.done]);
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // already ended: a failed write aborts its transaction by itself
    }
    await Promise.allSettled([...writes, tx.done]);
    throw error;
  }
}
