/**
 * The two headers that make a page cross-origin isolated, so that the browser gives it
 * SharedArrayBuffer and the WebAssembly backend can train on several threads. Sent by the dev
 * server and `vite preview`; the service worker adds the same pair to what it serves
 * (src/offline/serviceWorker.ts), for a host that cannot set headers and for offline use.
 * The app loads nothing from another origin, so requiring CORP of every resource costs nothing.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
