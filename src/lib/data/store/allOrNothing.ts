/** The part of an idb transaction that allOrNothing needs. */
interface Transaction {
  readonly done: Promise<void>;
  abort(): void;
}

/**
 * Runs `work` in `tx` and resolves with its result once the transaction has committed. Any error,
 * thrown by `work` or from a write, aborts the transaction, so nothing of the failed work is kept,
 * and is what the caller gets (not the AbortError the abort itself causes).
 */
export async function allOrNothing<T, Tx extends Transaction>(tx: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    const result = await work(tx);
    await tx.done;
    return result;
  } catch (error) {
    tx.done.catch(() => {}); // the abort below is the intended outcome; the error is what to report
    try {
      tx.abort();
    } catch {
      // already ended: a failed write aborts its transaction by itself
    }
    throw error;
  }
}
