/// <reference lib="webworker" />
import { runBenchRequest, type BenchRequest } from '../ml/benchRun';

/** Runs the speed benchmark in a worker, like real training, and posts the figures back. */

declare const self: DedicatedWorkerGlobalScope;

export type { BenchRequest };

self.onmessage = async (event: MessageEvent<BenchRequest>) => {
  try {
    const { backend, result } = await runBenchRequest(event.data, (done, total) => self.postMessage({ type: 'step', done, total }));
    self.postMessage({ type: 'result', backend, result, userAgent: navigator.userAgent });
  } catch (error) {
    self.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
