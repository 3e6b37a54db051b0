import { isBackendName, type BackendName } from '../core/backendNames';
import type { BackendWishes } from '../ml/backendDecision';

/**
 * The backend the user picked, remembered in this browser across reloads and projects. It is a
 * preference of this device (its GPU, its browser), not project data, so it lives in localStorage.
 */
const BACKEND_CHOICE_KEY = 'lossloop.backend';
/** The WebAssembly thread count, a property of this machine like the backend. */
const WASM_THREADS_KEY = 'lossloop.wasmThreads';

/**
 * `?backend=` in the address, then the remembered choice; the trainer decides from both. The
 * thread count: `?threads=` (benchmarks, tests), then the remembered setting, else automatic.
 */
export function readBackendWishes(address: URL): BackendWishes {
  const fromAddress = address.searchParams.get('backend');
  const remembered = localStorage.getItem(BACKEND_CHOICE_KEY);
  return {
    fromAddress: isBackendName(fromAddress) ? fromAddress : undefined,
    remembered: isBackendName(remembered) ? remembered : undefined,
    wasmThreads: rememberedWasmThreads(address),
  };
}

/** The thread count asked for, or 0 for automatic. */
export function rememberedWasmThreads(address: URL = new URL(location.href)): number {
  const count = Number(address.searchParams.get('threads') ?? localStorage.getItem(WASM_THREADS_KEY) ?? 0);
  return Number.isInteger(count) && count > 0 ? count : 0;
}

/** Remembers a thread count (0: automatic) and reloads: tfjs starts its threads once per page. */
export function switchWasmThreads(count: number): void {
  if (count > 0) localStorage.setItem(WASM_THREADS_KEY, String(count));
  else localStorage.removeItem(WASM_THREADS_KEY);
  const address = new URL(location.href);
  address.searchParams.delete('threads');
  location.assign(address.href);
}

/**
 * Remembers `choice` (null: back to the automatic choice) and reloads on it. The backend starts
 * once per page, in the trainer, so a switch is a reload. `?backend=` would outrank the new
 * choice, so it leaves the address; other parameters stay.
 */
export function switchBackend(choice: BackendName | null): void {
  if (choice) localStorage.setItem(BACKEND_CHOICE_KEY, choice);
  else localStorage.removeItem(BACKEND_CHOICE_KEY);
  const address = new URL(location.href);
  address.searchParams.delete('backend');
  location.assign(address.href);
}
