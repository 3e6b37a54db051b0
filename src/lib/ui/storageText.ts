import type { StorageInfo } from '../data/store/storageInfo';
import { formatBytes } from '../core/byteCounts';

/**
 * The storage figure in words: what this site stores, of what the browser lets it store, and
 * what is left. Null when the browser does not say.
 */
export function storageFigure(info: StorageInfo | null): string | null {
  if (!info || info.usageBytes === null) return null;
  if (info.quotaBytes === null) return `${formatBytes(info.usageBytes)} used`;
  const free = Math.max(0, info.quotaBytes - info.usageBytes);
  return `${formatBytes(info.usageBytes)} used of ${formatBytes(info.quotaBytes)} available to this site (${formatBytes(free)} free)`;
}
