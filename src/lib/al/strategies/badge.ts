/**
 * BADGE (Ash et al. 2020), "expected model change" with diversity: each candidate is represented
 * by the gradient its label would give the last layer's weights if the label were the predicted
 * class, g_i = (p_i - onehot(argmax p_i)) (outer product) h_i, with p_i the softmax and h_i the
 * penultimate features. Its norm is how much the image would move the model; k-means++ seeding
 * over these vectors picks large gradients that point in different directions.
 *
 * The vectors are never built: for outer products <a (x) h, b (x) k> = <a, b><h, k>, so a squared
 * distance costs O(classes + dim) instead of O(classes * dim).
 */

import { softmaxRows } from './uncertainty';

interface Embeddings {
  /** [n * numClasses] p_i - onehot(argmax p_i) */
  residuals: Float64Array;
  features: ArrayLike<number>;
  /** |g_i|^2 = |residual_i|^2 |h_i|^2 */
  squaredNorms: Float64Array;
  numClasses: number;
  dim: number;
}

function dot(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, length: number): number {
  let sum = 0;
  for (let t = 0; t < length; t++) sum += a[i * length + t] * b[j * length + t];
  return sum;
}

function gradientEmbeddings(logits: ArrayLike<number>, numClasses: number, features: ArrayLike<number>, dim: number): Embeddings {
  const residuals = softmaxRows(logits, numClasses);
  const n = residuals.length / numClasses;
  if (!Number.isInteger(dim) || dim < 1 || features.length !== n * dim) {
    throw new Error(`badgeSelect: ${n} rows of logits need ${n} x ${dim} feature values, got ${features.length}`);
  }
  const squaredNorms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let predicted = 0;
    for (let c = 1; c < numClasses; c++) if (residuals[i * numClasses + c] > residuals[i * numClasses + predicted]) predicted = c;
    residuals[i * numClasses + predicted] -= 1;
    squaredNorms[i] = dot(residuals, i, residuals, i, numClasses) * dot(features, i, features, i, dim);
  }
  return { residuals, features, squaredNorms, numClasses, dim };
}

/** |g_i - g_j|^2, clamped at 0 (the expansion can round a zero distance to a tiny negative). */
function squaredDistance(e: Embeddings, i: number, j: number): number {
  const cross = dot(e.residuals, i, e.residuals, j, e.numClasses) * dot(e.features, i, e.features, j, e.dim);
  return Math.max(0, e.squaredNorms[i] + e.squaredNorms[j] - 2 * cross);
}

/**
 * Indices (into the candidates) of `k` BADGE picks, in pick order: first the largest gradient
 * (as BADGE's own code starts), then each next one drawn with probability proportional to its
 * squared distance from the nearest pick so far (k-means++ seeding), with `rng` for the draws.
 * A candidate already picked is at distance 0 and never drawn again; when every distance left is
 * 0 (duplicates of the picks), the next pick is uniform over the rest. A row with NaN logits or
 * features has no distance: only that uniform fallback can pick it.
 */
export function badgeSelect(
  logits: ArrayLike<number>, numClasses: number, features: ArrayLike<number>, dim: number, k: number, rng: () => number,
): number[] {
  const e = gradientEmbeddings(logits, numClasses, features, dim);
  const n = e.squaredNorms.length;
  const count = Math.min(n, Math.max(0, Math.floor(k)));
  const picked = new Uint8Array(n);
  const picks: number[] = [];
  const pick = (i: number) => {
    picked[i] = 1;
    picks.push(i);
  };
  if (count === 0) return picks;

  let first = 0;
  for (let i = 1; i < n; i++) if (e.squaredNorms[i] > e.squaredNorms[first] || Number.isNaN(e.squaredNorms[first])) first = i;
  pick(first);
  const nearest = new Float64Array(n);
  for (let i = 0; i < n; i++) nearest[i] = picked[i] ? 0 : squaredDistance(e, i, first);

  while (picks.length < count) {
    let total = 0;
    for (let i = 0; i < n; i++) if (!picked[i] && Number.isFinite(nearest[i])) total += nearest[i];
    pick(total > 0 ? drawByWeight(nearest, picked, total, rng) : drawUniform(picked, n - picks.length, rng));
    const latest = picks[picks.length - 1];
    for (let i = 0; i < n; i++) if (!picked[i]) nearest[i] = Math.min(nearest[i], squaredDistance(e, i, latest));
  }
  return picks;
}

/** An unpicked index drawn with probability weight / total (NaN weights count as 0). */
function drawByWeight(weights: Float64Array, picked: Uint8Array, total: number, rng: () => number): number {
  let target = rng() * total;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    if (picked[i] || !Number.isFinite(weights[i]) || weights[i] <= 0) continue;
    last = i;
    target -= weights[i];
    if (target < 0) return i;
  }
  return last; // rounding left a sliver of `total` past the last weight
}

/** An unpicked index drawn uniformly; `left` is how many are unpicked. */
function drawUniform(picked: Uint8Array, left: number, rng: () => number): number {
  let skip = Math.floor(rng() * left);
  for (let i = 0; i < picked.length; i++) {
    if (picked[i]) continue;
    if (skip === 0) return i;
    skip--;
  }
  throw new Error('drawUniform: no index left');
}
