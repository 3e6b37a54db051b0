/**
 * Density-weighted uncertainty ("information density", Settles & Craven 2008): an uncertain image
 * is worth more when many others look like it, since its label then teaches the network about
 * all of them; an uncertain outlier teaches little. Score = entropy x (mean similarity to the
 * scored subset), the similarity being the cosine of the penultimate features.
 */

import { entropyScores } from './uncertainty';

/**
 * Mean cosine similarity of each row to every row of the subset (itself included):
 * (1/n) sum_j cos(x_i, x_j) = x_i/|x_i| . (1/n) sum_j x_j/|x_j|, so O(n * dim), not O(n^2 * dim).
 * A zero row has no direction: its similarity is 0, and it counts as 0 in the others' means.
 */
export function meanCosineSimilarity(features: ArrayLike<number>, dim: number): Float64Array {
  if (!Number.isInteger(dim) || dim < 1 || features.length % dim !== 0) {
    throw new Error(`meanCosineSimilarity: ${features.length} feature values is not a multiple of dim ${dim}`);
  }
  const n = features.length / dim;
  const norms = new Float64Array(n);
  const meanDirection = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += features[i * dim + j] ** 2;
    norms[i] = Math.sqrt(sum);
    if (norms[i] > 0) for (let j = 0; j < dim; j++) meanDirection[j] += features[i * dim + j] / norms[i] / n;
  }
  const similarity = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (norms[i] === 0) continue;
    let dot = 0;
    for (let j = 0; j < dim; j++) dot += (features[i * dim + j] / norms[i]) * meanDirection[j];
    similarity[i] = dot;
  }
  return similarity;
}

/**
 * Entropy of the softmax times the mean cosine similarity. The features are averages of ReLU
 * outputs, so every cosine is in [0, 1] and the product keeps entropy's order among equally
 * typical images.
 */
export function densityWeightedScores(logits: ArrayLike<number>, numClasses: number, features: ArrayLike<number>, dim: number): Float64Array {
  const entropy = entropyScores(logits, numClasses);
  const density = meanCosineSimilarity(features, dim);
  if (density.length !== entropy.length) {
    throw new Error(`densityWeightedScores: ${entropy.length} rows of logits but ${density.length} rows of features`);
  }
  return entropy.map((h, i) => h * density[i]);
}
