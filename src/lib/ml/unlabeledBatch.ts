import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/random';
import { makeBatch, type Augmentation, type ImageShape, type Normalization } from './batch';
import { forward, type Network, type RunningStatUpdate } from './network';
import { confidentPseudoLabels } from './pseudoLabels';
import { makeStrongBatch } from './strongAugment';

/**
 * Learning from unlabeled images in a training step. Two sources of targets:
 * - 'consistency' (FixMatch, Sohn et al. 2020): each step, a weak view of every drawn image is
 *   predicted by the network as it is now, and its prediction is the target where confident;
 * - 'pseudo-labels' (Lee 2013): the targets were fixed beforehand, from the last scoring of the
 *   pool, for the images that passed the threshold there; no extra forward pass a step.
 * Either way the network trains on a strong view of the image towards its target.
 */

export type UnlabeledSource = 'consistency' | 'pseudo-labels';

export interface UnlabeledTraining {
  source: UnlabeledSource;
  /** top probability a prediction needs to become a target (FixMatch: 0.95) */
  threshold: number;
  /** unlabeled images per labeled image in a step, mu (FixMatch: 7) */
  ratio: number;
  /** weight of the unlabeled loss, lambda_u (FixMatch: 1) */
  weight: number;
  /** whether the strong view may mirror an image */
  horizontalFlip: boolean;
}

/** Unlabeled images to train from; with `labels`, their fixed pseudo-labels. */
export interface UnlabeledPool {
  pixels: Uint8Array;
  count: number;
  labels?: Int32Array;
}

/** One step's unlabeled part: strong views, their targets, and which targets count. */
export interface UnlabeledBatch {
  strong: tf.Tensor4D;
  targets: tf.Tensor1D;
  mask: tf.Tensor1D;
}

export interface UnlabeledBatchContext {
  network: Network;
  pool: UnlabeledPool;
  settings: UnlabeledTraining;
  shape: ImageShape;
  normalization: Normalization;
  /** the weak view's augmentation: the labeled images' own */
  weak: Augmentation | null;
  rng: Rng;
}

/** How many unlabeled images a step of `labeledBatch` images draws: mu per labeled image, at least one, at most the pool. */
export function unlabeledBatchSize(labeledBatch: number, ratio: number, poolSize: number): number {
  return Math.min(poolSize, Math.max(1, Math.round(labeledBatch * ratio)));
}

/** Draws the step's unlabeled images and builds their part of the step; null when the pool is empty. */
export function unlabeledBatch(context: UnlabeledBatchContext, labeledBatch: number): UnlabeledBatch | null {
  const { pool, settings, shape, normalization, rng } = context;
  const size = unlabeledBatchSize(labeledBatch, settings.ratio, pool.count);
  if (size === 0) return null;
  const indices = drawDistinct(pool.count, size, rng);
  const dims: [number, number, number, number] = [size, shape.height, shape.width, shape.channels];
  const strong = tf.tensor4d(makeStrongBatch(pool.pixels, indices, shape, normalization, { horizontalFlip: settings.horizontalFlip }, rng), dims);
  if (pool.labels) {
    return { strong, targets: tf.tensor1d(indices.map((i) => pool.labels![i]), 'int32'), mask: tf.ones([size]) as tf.Tensor1D };
  }
  const weakAugment = context.weak ? { settings: context.weak, rng } : undefined;
  const weak = tf.tensor4d(makeBatch(pool.pixels, indices, shape, normalization, weakAugment), dims);
  const { labels, mask } = weakTargets(context.network, weak, settings.threshold);
  weak.dispose();
  return { strong, targets: labels, mask };
}

/**
 * The weak views' pseudo-labels, from a forward pass without gradients on the batch's own
 * statistics (FixMatch predicts them in the training batch); the running statistics are left alone.
 */
function weakTargets(network: Network, weak: tf.Tensor4D, threshold: number) {
  const discarded: RunningStatUpdate[] = [];
  const logits = tf.tidy(() => forward(network, weak, { training: true, detachTaps: true }, discarded).logits);
  const targets = confidentPseudoLabels(logits, threshold);
  logits.dispose();
  return targets;
}

/** `count` distinct indices below `n`, drawn with `rng` (a partial Fisher-Yates shuffle). */
export function drawDistinct(n: number, count: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (n - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, count);
}

export function disposeUnlabeledBatch(batch: UnlabeledBatch | null): void {
  if (!batch) return;
  batch.strong.dispose();
  batch.targets.dispose();
  batch.mask.dispose();
}
