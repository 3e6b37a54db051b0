import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CEILING_CASES, ceilingFlops, measureCeiling, type CeilingCase } from '../../src/lib/ml/ceiling';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

describe('the ceiling cases', () => {
  it('count the floating-point operations of a convolution and a matrix product', () => {
    // 64 images x 28 x 28 outputs x 16 channels, each 3 x 3 x 16 multiply-adds: 231,211,008 operations
    expect(ceilingFlops(CEILING_CASES[0])).toBe(2 * 64 * 28 * 28 * 16 * 3 * 3 * 16);
    expect(ceilingFlops(CEILING_CASES[0])).toBe(231_211_008);
    // its im2col product: 50176 rows of 144 against 16 columns, the same work
    expect(ceilingFlops(CEILING_CASES[3])).toBe(231_211_008);
    expect(ceilingFlops({ name: 'm', kind: 'matmul', a: [2, 3], b: [3, 4] })).toBe(48);
  });

  it('time each case and leave no tensor behind', async () => {
    const cases: CeilingCase[] = [
      { name: 'small conv', kind: 'conv2d', input: [2, 6, 6, 3], filter: [3, 3, 3, 4] },
      { name: 'small matmul', kind: 'matmul', a: [8, 5], b: [5, 3] },
    ];
    const before = tf.memory().numTensors;
    const timings = await measureCeiling(cases, 3, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(timings.map((t) => t.case.name)).toEqual(['small conv', 'small matmul']);
    for (const t of timings) {
      expect(t.medianMillis).toBeGreaterThan(0);
      expect(t.gflops).toBeCloseTo(ceilingFlops(t.case) / t.medianMillis / 1e6, 9);
    }
  });
});
