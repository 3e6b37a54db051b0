/**
 * A full disk in fake-indexeddb, which has no quota of its own: chosen writes fail the way a
 * browser refuses them when its storage for the site is full. The write is accepted, then its
 * request fails with a QuotaExceededError and the transaction aborts, so the failure arrives
 * later, as a rejection, not as a throw.
 */

export function quotaExceeded(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

/** fake-indexeddb's request queue, a private part of it: loosely typed on purpose. */
type QueuingStore = IDBObjectStore & {
  transaction: { _execRequestAsync(request: { source: IDBObjectStore; operation: () => never }): IDBRequest };
};

/**
 * Until the returned undo is called, every `put` for which `refused(storeName, value)` is true
 * fails as a full disk does; the others are written.
 */
export function refuseWrites(refused: (storeName: string, value: unknown) => boolean): () => void {
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: QueuingStore, value: unknown, key?: IDBValidKey) {
    if (!refused(this.name, value)) return put.call(this, value, key);
    return this.transaction._execRequestAsync({ source: this, operation: () => { throw quotaExceeded(); } });
  } as typeof put;
  return () => {
    IDBObjectStore.prototype.put = put;
  };
}
