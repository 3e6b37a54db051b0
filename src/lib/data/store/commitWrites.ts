/**
 * Issues the writes of one transaction and waits for every one of them and for the commit, so that
 * each failure reaches the caller and none is left unheard.
 *
 * Waiting for the transaction alone is not enough: when a write is refused (a full disk is a
 * QuotaExceededError on the request), idb's `tx.done` rejects as the error travels up to the
 * transaction, before the transaction records why it aborted, so the caller sees a bare
 * AbortError. The refused write's own promise rejects first, with the real error, and
 * Promise.all hands on the first rejection.
 */

/** The part of an idb transaction this needs. */
interface WriteTransaction {
  readonly done: Promise<void>;
  abort(): void;
}

/**
 * Runs `issue`, which starts the transaction's writes and pushes each one's promise onto `writes`,
 * then waits for all of them and for the commit; rejects with the first failure. A write refused
 * before it was even queued (a value the store cannot keep throws at once) aborts the transaction,
 * so that none of the writes issued before it are kept either.
 */
export async function commitWrites(tx: WriteTransaction, issue: (writes: Promise<unknown>[]) => void): Promise<void> {
  const writes: Promise<unknown>[] = [];
  try {
    issue(writes);
  } catch (error) {
    tx.abort();
    // The writes already queued now fail as aborted: heard here, so that only `error` goes on.
    await Promise.allSettled([...writes, tx.done]);
    throw error;
  }
  await Promise.all([...writes, tx.done]);
}
