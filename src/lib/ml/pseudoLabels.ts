import * as tf from '@tensorflow/tfjs';
import { stopGradient } from './stopGradient';

/**
 * The unlabeled part of FixMatch's loss (Sohn et al. 2020): the model's prediction on a weak view
 * of an unlabeled image is its pseudo-label where the top probability reaches the threshold; the
 * strong view of the same image is trained towards it. Images below the threshold count as zero
 * but stay in the mean's denominator, as in FixMatch, so a model that trusts little of the pool
 * learns little from it.
 */

export interface PseudoLabels {
  /** the most likely class of each image */
  labels: tf.Tensor1D;
  /** 1 where the top probability reaches the threshold, else 0 */
  mask: tf.Tensor1D;
}

/** Pseudo-labels from the logits of the weak views; no gradient flows back through them. */
export function confidentPseudoLabels(weakLogits: tf.Tensor2D, threshold: number): PseudoLabels {
  const [labels, mask] = tf.tidy(() => {
    const probabilities = tf.softmax(stopGradient(weakLogits));
    return [probabilities.argMax(1).toInt(), probabilities.max(1).greaterEqual(threshold).toFloat()];
  }) as [tf.Tensor1D, tf.Tensor1D];
  return { labels, mask };
}

/** (1/N) * sum of mask_i * cross-entropy(logits_i, label_i) over the N unlabeled images. */
export function maskedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, mask: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels.toInt(), logits.shape[1]);
    const perImage = tf.logSoftmax(logits).mul(oneHot).sum(1).neg();
    return perImage.mul(stopGradient(mask)).mean() as tf.Scalar;
  });
}
