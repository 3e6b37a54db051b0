import * as tf from '@tensorflow/tfjs';
import { stopGradient } from './stopGradient';

/**
 * The pairwise ranking loss of "Learning Loss for Active Learning" (Yoo & Kweon, 2019):
 *
 *   L(l_hat_p, l_p) = max(0, -sign(l_i, l_j) * (l_hat_i - l_hat_j) + margin)
 *
 * with sign = +1 when l_i > l_j and -1 otherwise (a tie counts as -1, as in the reference code).
 * A batch of B samples is split into B/2 pairs (k, B-1-k): the batch is shuffled already, so
 * pairing it with its own flip is a random pairing that needs no extra indices.
 */

function assertEvenBatch(size: number): void {
  if (size === 0 || size % 2 !== 0) {
    throw new Error(`The ranking loss pairs samples, so it needs an even, non-empty batch (got ${size}).`);
  }
}

/** The number of pairs of a batch of predicted and real losses, once both are checked. */
function pairCount(predictedLoss: tf.Tensor1D, targetLoss: tf.Tensor1D, name: string): number {
  const size = predictedLoss.shape[0];
  assertEvenBatch(size);
  if (targetLoss.shape[0] !== size) throw new Error(`${name}: ${size} predicted losses but ${targetLoss.shape[0]} real losses`);
  return size / 2;
}

/**
 * Mean ranking loss over the B/2 pairs. `targetLoss` is the real per-sample loss; it is a target,
 * so no gradient flows back into it.
 */
export function rankingLoss(predictedLoss: tf.Tensor1D, targetLoss: tf.Tensor1D, margin = 1): tf.Scalar {
  const half = pairCount(predictedLoss, targetLoss, 'rankingLoss');
  return tf.tidy(() => {
    const target = stopGradient(targetLoss);
    const predictedFirst = predictedLoss.slice(0, half);
    const predictedSecond = predictedLoss.reverse().slice(0, half);
    // step(d, -1) is +1 where d > 0 and -1 otherwise (ties included); unlike a comparison op it
    // has a (zero) gradient, which tfjs needs for every op between a variable and the loss.
    const sign = tf.step(target.slice(0, half).sub(target.reverse().slice(0, half)), -1);
    const hinge = tf.relu(sign.neg().mul(predictedFirst.sub(predictedSecond)).add(margin));
    return hinge.mean() as tf.Scalar;
  });
}

/**
 * The soft pairwise loss of LearningLoss++ (Shukla & Ahmed 2021): the pair's target is not the sign
 * of l_i - l_j but sigmoid(l_i - l_j), and the head's sigmoid(l_hat_i - l_hat_j) is pulled towards it
 * by the Kullback-Leibler divergence. Two images of nearly equal loss no longer demand a margin of
 * 1 between their predictions, which a head that ranks well must otherwise spend itself on; and
 * the loss is zero exactly when the predicted gap equals the real one.
 */
export function softRankingLoss(predictedLoss: tf.Tensor1D, targetLoss: tf.Tensor1D): tf.Scalar {
  const half = pairCount(predictedLoss, targetLoss, 'softRankingLoss');
  return tf.tidy(() => {
    const target = stopGradient(targetLoss);
    const gap = predictedLoss.slice(0, half).sub(predictedLoss.reverse().slice(0, half));
    const t = tf.sigmoid(target.slice(0, half).sub(target.reverse().slice(0, half)));
    // Binary cross-entropy on logits, softplus(d) - t*d, minus the target's own entropy: KL(t || sigmoid(d)).
    const crossEntropy = tf.softplus(gap).sub(t.mul(gap));
    const entropy = binaryEntropy(t as tf.Tensor1D);
    return crossEntropy.sub(entropy).mean() as tf.Scalar;
  });
}

/** -t log t - (1 - t) log(1 - t), with 0 log 0 taken as 0. */
function binaryEntropy(t: tf.Tensor1D): tf.Tensor1D {
  const tiny = 1e-12;
  const one = tf.onesLike(t);
  return t.mul(t.add(tiny).log()).add(one.sub(t).mul(one.sub(t).add(tiny).log())).neg() as tf.Tensor1D;
}

/** The soft loss over plain arrays: the test set's mean, read back as the training's. */
export function softRankingLossOfArrays(predicted: ArrayLike<number>, target: ArrayLike<number>): number {
  const size = predicted.length;
  assertEvenBatch(size);
  let sum = 0;
  for (let k = 0; k < size / 2; k++) {
    const gap = predicted[k] - predicted[size - 1 - k];
    const t = 1 / (1 + Math.exp(-(target[k] - target[size - 1 - k])));
    const softplus = Math.max(gap, 0) + Math.log1p(Math.exp(-Math.abs(gap)));
    const entropy = -(t > 0 ? t * Math.log(t) : 0) - (t < 1 ? (1 - t) * Math.log(1 - t) : 0);
    sum += softplus - t * gap - entropy;
  }
  return sum / (size / 2);
}

/** The same loss over plain arrays, for metrics computed after the tensors are read back. */
export function rankingLossOfArrays(predicted: ArrayLike<number>, target: ArrayLike<number>, margin = 1): number {
  const size = predicted.length;
  assertEvenBatch(size);
  let sum = 0;
  for (let k = 0; k < size / 2; k++) {
    const i = k;
    const j = size - 1 - k;
    const sign = target[i] > target[j] ? 1 : -1;
    sum += Math.max(0, -sign * (predicted[i] - predicted[j]) + margin);
  }
  return sum / (size / 2);
}
