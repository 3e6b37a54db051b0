import * as tf from '@tensorflow/tfjs';
import { rankingLoss, softRankingLoss } from './rankingLoss';
import { stopGradient } from './stopGradient';

/**
 * How the loss head learns: the paper's ranking loss (hard targets: the sign of the gap), the soft
 * ranking of LearningLoss++ (the gap's sigmoid), or mean squared error (the paper's ablation).
 */
export type LossPredictionObjective = 'ranking' | 'soft-ranking' | 'mse';

export interface LossWeights {
  /** paper: 'ranking'; 'mse' is the ablation that the paper shows works worse */
  objective?: LossPredictionObjective;
  /** weight of the ranking loss (paper: 1 for classification) */
  lambda: number;
  /** ranking margin xi (paper: 1) */
  margin: number;
}

export interface JointLoss {
  /** mean cross-entropy + lambda * mean ranking loss: what the optimizer minimizes */
  total: tf.Scalar;
  crossEntropy: tf.Scalar;
  /** the loss head's own loss: the ranking loss, or the MSE in the ablation */
  ranking: tf.Scalar;
}

/** Cross-entropy of each sample, not reduced: the "real loss" the loss head learns to predict. */
export function perSampleCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels.toInt(), logits.shape[1]);
    return tf.logSoftmax(logits).mul(oneHot).sum(1).neg() as tf.Tensor1D;
  });
}

/** The training objective of docs/method.md: (1/B) sum CE + lambda * (2/B) sum over pairs of ranking loss. */
export function jointLoss(
  logits: tf.Tensor2D,
  predictedLoss: tf.Tensor1D,
  labels: tf.Tensor1D,
  weights: LossWeights,
): JointLoss {
  const perSample = perSampleCrossEntropy(logits, labels);
  const crossEntropy = perSample.mean() as tf.Scalar;
  const ranking = weights.objective === 'mse'
    ? (predictedLoss.sub(stopGradient(perSample)).square().mean() as tf.Scalar)
    : weights.objective === 'soft-ranking'
      ? softRankingLoss(predictedLoss, perSample)
      : rankingLoss(predictedLoss, perSample, weights.margin);
  const total = crossEntropy.add(ranking.mul(weights.lambda)) as tf.Scalar;
  return { total, crossEntropy, ranking };
}
