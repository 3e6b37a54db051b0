import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { FINGERPRINT_TOLERANCE, fingerprintDifference, stepFingerprint } from '../../src/lib/ml/selfCheck';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

describe('the backend self-check', () => {
  it('fingerprints one training step: the loss and one gradient sum per weight, the same each time', async () => {
    const before = tf.memory().numTensors;
    const a = await stepFingerprint();
    const b = await stepFingerprint();
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(20);
    expect(a.every((v) => Number.isFinite(v))).toBe(true);
    expect(a.slice(1).some((v) => v > 0)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts small rounding differences and rejects zeros, NaN and changed lengths', () => {
    const reference = [2.0, 0.5, 0.001, 3];
    expect(fingerprintDifference([2.0001, 0.50002, 0.001, 3], reference)).toBeLessThan(FINGERPRINT_TOLERANCE);
    // a broken kernel returning zeros
    expect(fingerprintDifference([2.0, 0, 0.001, 3], reference)).toBe(1);
    expect(fingerprintDifference([NaN, 0.5, 0.001, 3], reference)).toBe(Infinity);
    expect(fingerprintDifference([2.0, 0.5], reference)).toBe(Infinity);
  });
});
