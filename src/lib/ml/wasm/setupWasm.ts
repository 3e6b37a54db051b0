import * as tf from '@tensorflow/tfjs';
// Vite copies the binaries into the build and gives their URLs: tfjs-backend-wasm would otherwise
// look for them next to its own script, which a bundler has moved.
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmGradients } from './registerWasmGradients';

let prepared: Promise<void> | null = null;

/**
 * Makes the wasm backend available for training in the browser worker: loads
 * tfjs-backend-wasm, tells it where its binaries are, and registers the kernels it lacks.
 * It does not switch to wasm; the caller does, with tf.setBackend('wasm'). Safe to call again.
 */
export function prepareWasmBackend(): Promise<void> {
  prepared ??= load().catch((error: unknown) => {
    prepared = null; // let a later call try again
    throw error;
  });
  return prepared;
}

async function load(): Promise<void> {
  // Loaded on demand, so the worker bundle carries the wasm glue code only where it is used.
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Single-threaded on purpose: under cross-origin isolation tfjs would pick the threaded
  // build, whose workers fail once bundled by Vite ("e is not defined"), leaving setBackend
  // hanging. tfjs would use 1 thread on a 2-core machine anyway.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // The object form: every binary by its file name (the threaded one is never fetched, but
  // setWasmPaths requires all three).
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  registerWasmGradients();
}
