/**
 * How much this browser lets lossloop keep. Persistence asks the browser not to evict the data
 * under storage pressure (labels are hours of work); the estimate is shown so a user sees the
 * cost of a big pool before the quota runs out.
 */

export interface StorageInfo {
  usageBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean;
}

/** Asks once, at start-up, that the browser keep this site's data; returns whether it will. */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = globalThis.navigator?.storage;
  if (!storage) return false;
  if (await storage.persisted?.()) return true;
  return (await storage.persist?.().catch(() => false)) ?? false;
}

/** What the site stores now, against its quota. */
export async function storageInfo(): Promise<StorageInfo> {
  const storage = globalThis.navigator?.storage;
  if (!storage) return { usageBytes: null, quotaBytes: null, persisted: false };
  const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? false]);
  return { usageBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null, persisted };
}
