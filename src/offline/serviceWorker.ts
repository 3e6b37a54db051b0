/**
 * The service worker that lets the built app start without a network after its first load.
 *
 * build/serviceWorkerPlugin.ts turns this file into dist/sw.js and puts four constants in front
 * of it: the files of that build, the name of the cache that holds them (it changes with any of
 * their bytes), the prefix every such cache name starts with, and the cross-origin isolation
 * headers. It is not used by the dev server.
 *
 * Every response it gives carries those headers, so the page is cross-origin isolated (and
 * WebAssembly can use threads) offline, and online on a host that cannot set headers, from the
 * first reload on.
 *
 * Only same-origin GET requests are answered here; everything else goes to the browser untouched
 * (the app makes no request to another origin, and its CSP forbids one).
 */

declare const self: ServiceWorkerGlobalScope;
/** Paths relative to this script: every file of the build the app may need offline. */
declare const PRECACHE_FILES: readonly string[];
/** This build's cache. */
declare const CACHE_NAME: string;
/** The start of every cache name this app has used, so old ones can be found and deleted. */
declare const CACHE_PREFIX: string;
/** COOP and COEP (build/crossOriginIsolation.ts). */
declare const ISOLATION_HEADERS: Readonly<Record<string, string>>;

const precached = new Set(PRECACHE_FILES.map((file) => new URL(file, self.location.href).href));
// The app has one page; an offline navigation to any other URL of the app (`/?backend=wasm`) gets it.
const appPage = new URL('index.html', self.location.href).href;

self.addEventListener('install', (event) => {
  // skipWaiting: a new build takes over as soon as it is stored, not once every tab has closed, so
  // the next load (online or not) is the new build. A tab still running the old one loaded its
  // chunks and its worker at start; only a file it fetched later would now come from the server.
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  // claim: the page that registered this worker on the first visit is controlled at once, so a
  // reload without a network already finds the app.
  event.waitUntil(deleteOldCaches().then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.respondWith(networkFirst(request).then(isolated));
  else if (precached.has(url.href)) event.respondWith(cacheFirst(request).then(isolated));
  // Anything else (the demo data on the first visit) goes to the network as if there were no worker.
});

/**
 * Stored responses are looked up by URL alone. Servers may answer `Vary: Origin` (vite preview
 * does), and the app's module scripts are requested with an Origin header that the install's
 * requests did not have, so matching on Vary would miss them; there is one response per URL anyway.
 */
const byUrl: CacheQueryOptions = { ignoreVary: true };

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE_NAME);
  // 'reload' skips the HTTP cache: an index.html kept there from an earlier build must not be
  // stored next to this build's assets.
  await cache.addAll([...precached].map((url) => new Request(url, { cache: 'reload' })));
}

async function deleteOldCaches(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => caches.delete(name)));
}

/** Hashed assets never change under the same name, so the stored copy is always right. */
async function cacheFirst(request: Request): Promise<Response> {
  // The network too, in case the browser evicted the cache: online that still works.
  return (await caches.match(request, { ...byUrl, cacheName: CACHE_NAME })) ?? fetch(request);
}

/**
 * Pages come from the network while there is one, so a new build is seen on the next load; only
 * when the request fails is the stored copy used: the same file (the licence, bench.html) or the app.
 */
async function networkFirst(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const cache = await caches.open(CACHE_NAME);
    const stored = (await cache.match(request, byUrl)) ?? (await cache.match(appPage, byUrl));
    if (stored) return stored;
    throw error;
  }
}

/**
 * The response with the cross-origin isolation headers. Only same-origin responses come here;
 * an opaque or network-error response has no readable headers and is given as it is.
 */
function isolated(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// A module for the type checker only (its names stay out of the app's global scope); the plugin
// removes the next line, since a service worker registered without { type: 'module' } is a classic script.
export {};
