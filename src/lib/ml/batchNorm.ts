import * as tf from '@tensorflow/tfjs';
import { stopGradient } from './stopGradient';

/**
 * Batch normalization in training mode with its closed-form backward pass. Composed from
 * elementwise ops, the automatic gradient broadcasts every per-channel value back to the full
 * activation shape and reduces it again, op after op; on WebAssembly that was a large share of a
 * training step. The closed form needs two reductions and one fused expression:
 *
 *   x̂ = (x - μ) / σ,  y = γ x̂ + β,  with μ, σ² the batch mean and (biased) variance per channel
 *   ∂β = Σ dy,  ∂γ = Σ dy x̂,  ∂x = γ / (σ N) (N dy - ∂β - x̂ ∂γ),  N = values per channel
 *
 * (Ioffe & Szegedy 2015), the sums running over batch, height and width.
 */

export interface BatchNormTraining {
  y: tf.Tensor4D;
  /** batch mean and biased variance per channel, outside any gradient (for the running statistics) */
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

const REDUCE_AXES = [0, 1, 2];

export function batchNormTraining(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): BatchNormTraining {
  // The statistics are inputs of the custom op with no gradient of their own: the closed-form ∂x
  // already accounts for how μ and σ depend on x.
  const { mean, variance } = tf.moments(stopGradient(x), REDUCE_AXES);
  // customGrad's typing passes the save function among the tensors.
  const normalize = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, scale, shift, mu, sigma2] = args as tf.Tensor[];
    const save = args[5] as tf.GradSaveFunc;
    const inverseStd = tf.rsqrt(tf.add(sigma2, epsilon));
    const normalized = tf.mul(tf.sub(input, mu), inverseStd);
    save([normalized, inverseStd, scale]);
    return {
      value: tf.add(tf.mul(normalized, scale), shift),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xHat, invStd, g] = saved;
        const n = dy.size / dy.shape[dy.shape.length - 1];
        const dShift = tf.sum(dy, REDUCE_AXES);
        const dScale = tf.sum(tf.mul(dy, xHat), REDUCE_AXES);
        const dInput = tf.mul(
          tf.div(tf.mul(g, invStd), n),
          tf.sub(tf.sub(tf.mul(dy, n), dShift), tf.mul(xHat, dScale)),
        );
        return [dInput, dScale, dShift, tf.zerosLike(mu), tf.zerosLike(sigma2)];
      },
    };
  });
  const y = normalize(x, gamma, beta, mean, variance) as tf.Tensor4D;
  return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}
