/**
 * One tab at a time may change the store: two tabs labeling and training on the same project
 * would overwrite each other's work. The writer holds a Web Lock for as long as it lives; another
 * tab finds it taken and stays read-only until the user moves the work to it ("steal"), which
 * takes the lock from the first tab, and that tab learns it is read-only now.
 */

const LOCK_NAME = 'lossloop-writer';

export interface TabLock {
  /** whether this tab may write */
  held: boolean;
}

/**
 * Tries to become the writer. `onLost` runs if another tab later steals the lock.
 * With `steal`, takes the lock even if another tab holds it.
 */
export function acquireTabLock(onLost: () => void, steal = false): Promise<TabLock> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return Promise.resolve({ held: true }); // no Web Locks (old browser): one tab assumed
  return new Promise((resolve) => {
    const options: LockOptions = steal ? { steal: true } : { ifAvailable: true };
    locks
      .request(LOCK_NAME, options, (lock) => {
        resolve({ held: lock !== null });
        // Held until the tab closes: a promise that never settles.
        return lock ? new Promise<void>(() => {}) : undefined;
      })
      .catch(() => onLost()); // rejected with AbortError when another tab steals the lock
  });
}
