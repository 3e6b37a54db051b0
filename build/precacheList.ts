import { createHash } from 'node:crypto';

/**
 * What the service worker stores at install, and the name of the cache it stores it in.
 * Pure functions over the build's file list, so they can be tested without a build.
 */

/** Every cache of this app starts with this, so a new service worker deletes only its own old caches. */
export const CACHE_PREFIX = 'lossloop-precache-';

/** Build files the app does not need offline. */
const NOT_PRECACHED: RegExp[] = [
  // The service worker's own script: the browser fetches and updates it itself.
  /^sw\.js$/,
  // The demo data is fetched once, on the first visit, and then lives in IndexedDB; precaching it
  // would only double its 5 MB. Its licence is a page the app links to, so it stays.
  /^demo\/(?!LICENSE)/,
  // Source maps are for debugging, not for running.
  /\.map$/,
];

/**
 * The files to precache, as URL paths relative to the build's root (where sw.js lives), sorted
 * so that the same build always gives the same list. `files` uses '/' or '\\' separators.
 */
export function precacheFiles(files: readonly string[]): string[] {
  return files
    .map((file) => file.split('\\').join('/'))
    .filter((file) => !NOT_PRECACHED.some((pattern) => pattern.test(file)))
    .sort();
}

/**
 * A cache name that changes whenever any precached file changes: its path or its bytes. Hashed
 * assets change name with their content, but index.html, bench.html and the licence keep theirs,
 * so their bytes must count too (a CSP edit alone must still reach offline users).
 */
export function precacheName(files: readonly { path: string; bytes: Uint8Array }[]): string {
  const hash = createHash('sha256');
  for (const { path, bytes } of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${path}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return CACHE_PREFIX + hash.digest('hex').slice(0, 16);
}
