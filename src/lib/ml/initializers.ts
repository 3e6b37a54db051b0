import * as tf from '@tensorflow/tfjs';
import { normal, type Rng } from '../core/random';

/**
 * Weight initialization drawn from lossloop's own seeded generator rather than tfjs's, so that
 * the same seed gives the same starting weights on every backend (a cpu run and a webgpu run can
 * then be compared number for number).
 */

function fill(size: number, draw: () => number): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = draw();
  return values;
}

/** He (Kaiming) normal for convolutions followed by ReLU: std = sqrt(2 / fan_in). */
export function heNormal(shape: number[], fanIn: number, rng: Rng): tf.Tensor {
  const std = Math.sqrt(2 / fanIn);
  return tf.tensor(fill(shape.reduce((a, b) => a * b, 1), () => normal(rng) * std), shape);
}

/** Uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)]: PyTorch's default for dense layers and biases. */
export function fanInUniform(shape: number[], fanIn: number, rng: Rng): tf.Tensor {
  const bound = 1 / Math.sqrt(fanIn);
  return tf.tensor(fill(shape.reduce((a, b) => a * b, 1), () => (rng() * 2 - 1) * bound), shape);
}
