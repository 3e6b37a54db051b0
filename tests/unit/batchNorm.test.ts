import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { batchNormTraining } from '../../src/lib/ml/batchNorm';
import { createRng } from '../../src/lib/core/random';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

/** Batch norm written op by op, differentiated by tfjs: the reference for the closed form. */
function composed(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return x.sub(mean).mul(tf.rsqrt(variance.add(epsilon))).mul(gamma).add(beta);
}

describe('batch norm with its closed-form gradient', () => {
  it('gives the hand-worked gradient of four values in one channel', () => {
    // x = 1, 2, 3, 4: mean 2.5, variance 1.25, x̂ = (-3, -1, 1, 3) / sqrt(5); dy = (1, 0, 0, 0):
    // ∂β = 1, ∂γ = -3 / sqrt(5), ∂x = (1 / (sqrt(1.25) x 4)) (4 dy - 1 - x̂ ∂γ) = (0.26833, -0.35777, -0.08944, 0.17889)
    const x = tf.tensor4d([1, 2, 3, 4], [4, 1, 1, 1]);
    const gamma = tf.tensor1d([1]);
    const beta = tf.tensor1d([0]);
    const dy = tf.tensor4d([1, 0, 0, 0], [4, 1, 1, 1]);
    const grads = tf.grads((a, g, b) => batchNormTraining(a as tf.Tensor4D, g, b, 0).y.mul(dy).sum())([x, gamma, beta]);
    const [dx, dGamma, dBeta] = grads.map((t) => Array.from(t.dataSync()));
    expect(dBeta[0]).toBeCloseTo(1, 6);
    expect(dGamma[0]).toBeCloseTo(-3 / Math.sqrt(5), 6);
    [0.26833, -0.35777, -0.08944, 0.17889].forEach((v, i) => expect(dx[i]).toBeCloseTo(v, 5));
    const { y, mean, variance } = batchNormTraining(x, gamma, beta, 0);
    [-3, -1, 1, 3].forEach((v, i) => expect(y.dataSync()[i]).toBeCloseTo(v / Math.sqrt(5), 6));
    expect(mean.dataSync()[0]).toBeCloseTo(2.5, 6);
    expect(variance.dataSync()[0]).toBeCloseTo(1.25, 6);
  });

  it('matches the gradient of batch norm composed op by op, over batch, height, width and channels', () => {
    const rng = createRng(3);
    const random = (shape: number[]) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng() * 4 - 1), shape);
    const x = random([3, 4, 5, 2]) as tf.Tensor4D;
    const gamma = random([2]);
    const beta = random([2]);
    const weights = random([3, 4, 5, 2]);
    const loss = (bn: (a: tf.Tensor4D, g: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
      tf.grads((a, g, b) => bn(a as tf.Tensor4D, g, b).mul(weights).square().sum())([x, gamma, beta]).map((t) => t.dataSync());
    const closed = loss((a, g, b) => batchNormTraining(a, g, b, 1e-5).y);
    const reference = loss((a, g, b) => composed(a, g, b, 1e-5));
    closed.forEach((values, i) => values.forEach((v, j) => expect(v).toBeCloseTo(reference[i][j], 4)));
  });

  it('leaves no tensor behind in a gradient step', () => {
    const x = tf.randomNormal([4, 3, 3, 2]) as tf.Tensor4D;
    const gamma = tf.ones([2]);
    const beta = tf.zeros([2]);
    const before = tf.memory().numTensors;
    const grads = tf.tidy(() => tf.grads((a, g, b) => batchNormTraining(a as tf.Tensor4D, g, b, 1e-5).y.sum())([x, gamma, beta]));
    expect(tf.memory().numTensors).toBe(before + grads.length);
    tf.dispose(grads);
  });
});
