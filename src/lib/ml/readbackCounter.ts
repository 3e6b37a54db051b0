import * as tf from '@tensorflow/tfjs';

/**
 * Counts device-to-CPU readbacks while `work` runs, by wrapping Tensor.data and Tensor.dataSync
 * for its duration (array and arraySync read through them). For benchmarks: every readback
 * stalls the GPU pipeline, so training must do few of them.
 */
export async function countReadbacks<T>(work: () => Promise<T>): Promise<{ result: T; readbacks: number }> {
  const prototype = tf.Tensor.prototype as unknown as Record<'data' | 'dataSync', (...args: unknown[]) => unknown>;
  const originals = { data: prototype.data, dataSync: prototype.dataSync };
  let readbacks = 0;
  for (const name of ['data', 'dataSync'] as const) {
    prototype[name] = function (this: tf.Tensor, ...args: unknown[]) {
      readbacks++;
      return originals[name].apply(this, args);
    };
  }
  try {
    return { result: await work(), readbacks };
  } finally {
    Object.assign(prototype, originals);
  }
}
