/**
 * Names and descriptions of the compute backends, free of tfjs so that the UI thread can use them
 * without loading TensorFlow.js (only the trainer worker does).
 */

/**
 * In order of preference on a machine with a GPU. (Without one, WebGPU and WebGL run on a software
 * emulation and wasm is much faster: the start-up warning says so.)
 */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendInfo {
  /** tfjs's name of the backend in use */
  name: BackendName;
  /** e.g. "WebGPU - SwiftShader (software)" */
  description: string;
  software: boolean;
  /** plain-words warnings for the user: fallbacks, software adapters */
  warnings: string[];
}

export function isBackendName(name: string | null | undefined): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name ?? '');
}
