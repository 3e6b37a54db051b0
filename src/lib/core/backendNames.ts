/**
 * Names and descriptions of the compute backends, free of tfjs so that the UI thread can use them
 * without loading TensorFlow.js (only the trainer worker does).
 */

/**
 * In order of preference on a machine with a GPU. (Without one, WebGPU and WebGL run on a software
 * emulation and wasm is much faster: backendDecision.ts ranks them below it.)
 */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Names for people, in sentences and buttons. */
export const BACKEND_LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'plain JavaScript' };

/** Who picked the backend in use: `?backend=` in the address, the user's remembered choice, or the automatic order. */
export type BackendSource = 'address' | 'remembered' | 'automatic';

export interface BackendInfo {
  /** tfjs's name of the backend in use */
  name: BackendName;
  /** e.g. "WebGPU - SwiftShader (software)" */
  description: string;
  software: boolean;
  source: BackendSource;
  /** the threads the WebAssembly backend runs with (absent on other backends) */
  threads?: number;
  /** plain-words notes for the user: why this backend, fallbacks, software adapters */
  warnings: string[];
  /** another backend worth one click here, with the words of its button */
  offer: { name: BackendName; label: string } | null;
}

export function isBackendName(name: string | null | undefined): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name ?? '');
}
