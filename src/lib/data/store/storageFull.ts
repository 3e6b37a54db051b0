/**
 * The browser's storage for this site running full: how the store reports it, and what a person
 * can do about it, in the words every place that says so shares (the demo's panel, an import's
 * failure), so that a full disk reads the same wherever it is met.
 */

/**
 * Whether an error means the storage is full. The store reports it as a QuotaExceededError,
 * thrown, or as the cause of another error (an import's own message keeps it as its cause).
 */
export function isStorageFull(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 10; cause = (cause as { cause?: unknown }).cause, depth++) {
    if ((cause as { name?: unknown }).name === 'QuotaExceededError') return true;
  }
  return false;
}

/** That the storage is full, in plain words: a sentence without its full stop, to go on with a figure. */
export const NO_ROOM_LEFT = "This browser has no room left for lossloop's data";

/** What to free, in the order a person would try it. */
export const HOW_TO_MAKE_ROOM = "To make room, delete projects of lossloop you no longer need (Project, then Delete…), clear other websites' data in the browser's settings (Privacy, Site data), or free disk space on this computer.";
