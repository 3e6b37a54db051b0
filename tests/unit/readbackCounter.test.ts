import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { countReadbacks } from '../../src/lib/ml/readbackCounter';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

describe('counting readbacks', () => {
  it('counts data, dataSync, array and arraySync once each, and unwraps afterwards', async () => {
    const t = tf.tensor1d([1, 2, 3]);
    const original = tf.Tensor.prototype.data;
    const { result, readbacks } = await countReadbacks(async () => {
      await t.data();
      t.dataSync();
      await t.array();
      t.arraySync();
      return 'done';
    });
    expect(result).toBe('done');
    expect(readbacks).toBe(4);
    const after = await countReadbacks(async () => tf.tidy(() => t.add(1)).dispose());
    expect(after.readbacks).toBe(0);
    expect(tf.Tensor.prototype.data).toBe(original);
    t.dispose();
  });
});
