import * as tf from '@tensorflow/tfjs';
// Vite copies the binaries into the build and gives their URLs: tfjs-backend-wasm would otherwise
// look for them next to its own script, which a bundler has moved.
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { registerWasmKernels } from './registerWasmKernels';
import { makeThreadedFactoryPortable } from './threadedFactory';

let prepared: Promise<void> | null = null;

/**
 * Makes the wasm backend available for training in the browser worker: loads
 * tfjs-backend-wasm, tells it where its binaries are and how many threads to use, and registers
 * the kernels it lacks and lossloop's fused ones. It does not switch to wasm; the caller does,
 * with tf.setBackend('wasm').
 * Safe to call again; the thread count of the first call holds for the page's life (tfjs starts
 * its thread pool once), so a new count is a reload.
 */
export function prepareWasmBackend(threads: number): Promise<void> {
  prepared ??= load(threads).catch((error: unknown) => {
    prepared = null; // let a later call try again
    throw error;
  });
  return prepared;
}

async function load(threads: number): Promise<void> {
  // Loaded on demand, so the worker bundle carries the wasm glue code only where it is used.
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (threads > 1) {
    makeThreadedFactoryPortable();
    wasm.setThreadsCount(threads);
    liftHalfCoreCap(threads);
  } else {
    // One thread: the plain SIMD build, lighter than a threaded build with a pool of one.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  // The object form: every binary by its file name.
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  registerWasmKernels();
}

/**
 * tfjs-backend-wasm's C++ caps its thread pool at half of navigator.hardwareConcurrency, read once
 * as the module starts (it assumes two hardware threads per core), which leaves a 2-core machine
 * on one thread. The count asked for here is already chosen (core/wasmThreads.ts, by measurement),
 * so this worker reports twice that count to the module. Nothing in the worker reads the figure
 * after the backend has been chosen.
 */
function liftHalfCoreCap(threads: number): void {
  Object.defineProperty(self.navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
}

/** The threads the wasm backend really runs with (after tf.setBackend('wasm')). */
export async function wasmThreadsInUse(): Promise<number> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return wasm.getThreadsCount();
}
