import * as tf from '@tensorflow/tfjs';
import type { BackendInfo, BackendName } from '../core/backendNames';
import { chooseBackend } from './backend';
import { benchmarkBackend, type BenchmarkOptions, type BenchmarkResult } from './benchmark';

/**
 * One benchmark run: set the tfjs flags, start the backend asked for (with its one-step
 * self-check against the CPU, as the app does), and measure. The browser runs it in
 * worker/bench.worker.ts, Node in scripts/bench/nodeRuntime.mjs.
 */

/** `flags`: tfjs environment flags to compare (e.g. WEBGPU_CONV_SEPARATE_IM2COL_SHADER), set before start. */
export interface BenchRequest {
  backend?: BackendName;
  /** the WebAssembly thread count (0: automatic) */
  wasmThreads: number;
  options: BenchmarkOptions;
  flags: Record<string, boolean>;
}

export async function runBenchRequest(
  request: BenchRequest, onStep: (done: number, total: number) => void = () => {},
): Promise<{ backend: BackendInfo; result: BenchmarkResult }> {
  for (const [flag, value] of Object.entries(request.flags)) tf.env().set(flag, value);
  const backend = await chooseBackend({ fromAddress: request.backend, wasmThreads: request.wasmThreads });
  return { backend, result: await benchmarkBackend(request.options, onStep) };
}
