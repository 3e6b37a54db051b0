import * as tf from '@tensorflow/tfjs';
import { rankingLoss } from './rankingLoss';

export interface LossWeights {
  /** weight of the ranking loss (paper: 1 for classification) */
  lambda: number;
  /** ranking margin xi (paper: 1) */
  margin: number;
}

export interface JointLoss {
  /** mean cross-entropy + lambda * mean ranking loss: what the optimizer minimizes */
  total: tf.Scalar;
  crossEntropy: tf.Scalar;
  ranking: tf.Scalar;
}

/** Cross-entropy of each sample, not reduced: the "real loss" the loss head learns to predict. */
export function perSampleCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels.toInt(), logits.shape[1]);
    return tf.logSoftmax(logits).mul(oneHot).sum(1).neg() as tf.Tensor1D;
  });
}

/** The training objective of METHOD.md: (1/B) sum CE + lambda * (2/B) sum over pairs of ranking loss. */
export function jointLoss(
  logits: tf.Tensor2D,
  predictedLoss: tf.Tensor1D,
  labels: tf.Tensor1D,
  weights: LossWeights,
): JointLoss {
  const perSample = perSampleCrossEntropy(logits, labels);
  const crossEntropy = perSample.mean() as tf.Scalar;
  const ranking = rankingLoss(predictedLoss, perSample, weights.margin);
  const total = crossEntropy.add(ranking.mul(weights.lambda)) as tf.Scalar;
  return { total, crossEntropy, ranking };
}
