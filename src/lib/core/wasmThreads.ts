/**
 * How many threads the WebAssembly backend trains with. Pure, so the page (the setting's menu) and
 * the trainer (the start) decide alike, and every case is tested.
 *
 * Threads need shared memory, which a browser gives only to a cross-origin isolated page (served
 * with COOP `same-origin` and COEP `require-corp`; `npm start`, `npm run preview` and the offline
 * copy's service worker send both). tfjs-backend-wasm starts a pool of 8 workers, so more than 8
 * threads would wait for each other.
 */

export const MAX_WASM_THREADS = 8;

/**
 * The automatic count: half the cores, at least 1 and at most 4. Measured side by side on a
 * 2-core machine (docs/benchmarks.md, "Threads"): 2 threads trained the demo network 12% slower
 * than 1 and scored 10% slower, because the page and the browser need the other core; only the
 * larger reference network gained (5% training, 55% scoring). Above 4 threads a network this small
 * gains little. More threads are a setting away.
 */
export function automaticWasmThreads(hardwareConcurrency: number): number {
  return Math.max(1, Math.min(4, Math.floor((Math.floor(hardwareConcurrency) || 1) / 2)));
}

export interface WasmThreadFacts {
  /** the person's setting: 0 or absent for automatic */
  requested?: number;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
}

export interface WasmThreadChoice {
  threads: number;
  /** why the count differs from what was asked or expected, in plain words; null when it does not */
  note: string | null;
}

export function chooseWasmThreads({ requested, hardwareConcurrency, crossOriginIsolated }: WasmThreadFacts): WasmThreadChoice {
  const wanted = requested && requested > 0 ? Math.min(Math.floor(requested), MAX_WASM_THREADS) : automaticWasmThreads(hardwareConcurrency);
  if (wanted > 1 && !crossOriginIsolated) {
    return {
      threads: 1,
      note: 'WebAssembly runs on one thread: this page is not cross-origin isolated, so the browser gives it no shared memory. '
        + 'Serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp '
        + '(npm start and npm run preview do), or reload once the offline copy is installed: it adds them.',
    };
  }
  const note = requested && requested > MAX_WASM_THREADS ? `WebAssembly uses at most ${MAX_WASM_THREADS} threads.` : null;
  return { threads: wanted, note };
}
