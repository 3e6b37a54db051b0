/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../ml/backend';
import { benchmarkBackend, type BenchmarkOptions } from '../ml/benchmark';
import type { BackendName } from '../core/backendNames';

/** Runs the speed benchmark in a worker, like real training, and posts the figures back. */

declare const self: DedicatedWorkerGlobalScope;

/** `flags`: tfjs environment flags to compare (e.g. WEBGPU_CONV_SEPARATE_IM2COL_SHADER), set before start. */
/** `wasmThreads`: the WebAssembly thread count (0: automatic). */
export type BenchRequest = { backend?: BackendName; wasmThreads: number; options: BenchmarkOptions; flags: Record<string, boolean> };

self.onmessage = async (event: MessageEvent<BenchRequest>) => {
  try {
    for (const [flag, value] of Object.entries(event.data.flags)) tf.env().set(flag, value);
    const backend = await chooseBackend({ fromAddress: event.data.backend, wasmThreads: event.data.wasmThreads });
    const result = await benchmarkBackend(event.data.options, (done, total) => self.postMessage({ type: 'step', done, total }));
    self.postMessage({ type: 'result', backend, result, userAgent: navigator.userAgent });
  } catch (error) {
    self.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
