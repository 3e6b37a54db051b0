/**
 * Learning loss with diversity, the gap the paper's own discussion names: top-K by predicted loss
 * can spend a whole query on near-duplicates of one confusing kind of image. This strategy keeps
 * the loss head's judgement as a filter and lets core-set's greedy k-center spread the query: of
 * the subset, the POOL_FACTOR x K highest predicted losses are the candidates, and K of them are
 * picked farthest-first from the labeled set and from each other in penultimate features.
 */

import type { NearestDistances } from '../../core/nearestDistances';
import { selectTopK } from '../select';
import { coreSetSelect } from './coreSet';

/**
 * How many times K the high-loss pool holds. 4 keeps the pool to the top 40% of the paper's
 * subset (K = 1,000 of 10,000) while leaving the k-center room to choose.
 */
export const POOL_FACTOR = 4;

/**
 * Indices (into the candidates) of `k` picks, in pick order: greedy k-center over the
 * POOL_FACTOR x k candidates of highest predicted loss (ties to the smaller index, NaN losses
 * last), with the labeled set's features as the starting centers.
 */
export async function lossDiverseSelect(
  predictedLoss: ArrayLike<number>,
  features: Float32Array,
  labeled: Float32Array,
  dim: number,
  k: number,
  nearestDistances?: NearestDistances,
): Promise<number[]> {
  const n = predictedLoss.length;
  if (features.length !== n * dim) {
    throw new Error(`lossDiverseSelect: ${n} candidates need ${n * dim} feature values, got ${features.length}`);
  }
  const indices = Array.from({ length: n }, (_, i) => i);
  const pool = selectTopK(indices, predictedLoss, Math.max(0, Math.floor(k)) * POOL_FACTOR);
  const poolFeatures = new Float32Array(pool.length * dim);
  pool.forEach((candidate, row) => poolFeatures.set(features.subarray(candidate * dim, (candidate + 1) * dim), row * dim));
  const picks = await coreSetSelect(poolFeatures, labeled, dim, k, nearestDistances);
  return picks.map((row) => pool[row]);
}
