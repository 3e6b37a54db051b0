import * as tf from '@tensorflow/tfjs';

/** Unit tests run on tfjs's pure-JS cpu backend: exact, and the same on every machine. */
export async function useCpuBackend(): Promise<typeof tf> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the tfjs cpu backend did not start');
  await tf.ready();
  return tf;
}
