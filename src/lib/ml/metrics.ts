import { rankingLossOfArrays } from './rankingLoss';

/**
 * Per-cycle measurements computed from read-back predictions: plain arrays in, numbers out.
 */

export interface TestMetrics {
  accuracy: number;
  meanCrossEntropy: number;
  /** mean ranking loss over the pairs (k, n-1-k) of the test set, as in training */
  meanRankingLoss: number;
  /** fraction of all pairs whose predicted-loss order agrees with the true-loss order */
  rankingAccuracy: number;
  /** Spearman rank correlation of predicted and real losses */
  spearman: number;
  /** accuracy of each true class (NaN for a class absent from the test set) */
  perClassAccuracy: number[];
  /** confusion[true][predicted] = count */
  confusion: number[][];
}

/** Cross-entropy of each row of logits against its label (log-sum-exp computed stably). */
export function crossEntropyPerSample(logits: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): Float64Array {
  const losses = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let max = -Infinity;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, logits[i * numClasses + c]);
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += Math.exp(logits[i * numClasses + c] - max);
    losses[i] = max + Math.log(sum) - logits[i * numClasses + labels[i]];
  }
  return losses;
}

export function argmaxRows(logits: ArrayLike<number>, numClasses: number): Int32Array {
  const rows = logits.length / numClasses;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (logits[i * numClasses + c] > logits[i * numClasses + best]) best = c;
    out[i] = best;
  }
  return out;
}

/**
 * Fraction of pairs (i < j) with distinct real losses that the predicted losses order the same
 * way. Pairs whose real losses tie carry no order and are left out.
 */
export function rankingAccuracy(predicted: ArrayLike<number>, target: ArrayLike<number>): number {
  let agree = 0;
  let total = 0;
  for (let i = 0; i < target.length; i++) {
    for (let j = i + 1; j < target.length; j++) {
      if (target[i] === target[j]) continue;
      total++;
      if ((target[i] > target[j]) === (predicted[i] > predicted[j])) agree++;
    }
  }
  return total === 0 ? NaN : agree / total;
}

/** Ranks 0..n-1 of the values, ties given their average rank (as Spearman's rho needs). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    for (let i = start; i <= end; i++) ranks[order[i]] = (start + end) / 2;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rho: the Pearson correlation of the ranks. */
export function spearmanCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const n = ra.length;
  const mean = (n - 1) / 2;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i] - mean) * (rb[i] - mean);
    va += (ra[i] - mean) ** 2;
    vb += (rb[i] - mean) ** 2;
  }
  return va === 0 || vb === 0 ? NaN : cov / Math.sqrt(va * vb);
}

export function confusionMatrix(predicted: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): number[][] {
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) matrix[labels[i]][predicted[i]]++;
  return matrix;
}

export function testMetrics(
  logits: ArrayLike<number>,
  predictedLoss: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
  margin: number,
): TestMetrics {
  const losses = crossEntropyPerSample(logits, labels, numClasses);
  const predictedClass = argmaxRows(logits, numClasses);
  let correct = 0;
  let lossSum = 0;
  for (let i = 0; i < labels.length; i++) {
    if (predictedClass[i] === labels[i]) correct++;
    lossSum += losses[i];
  }
  // The pairing needs an even count; an odd test set leaves its last sample out of this one figure.
  const even = labels.length - (labels.length % 2);
  const confusion = confusionMatrix(predictedClass, labels, numClasses);
  return {
    accuracy: correct / labels.length,
    spearman: spearmanCorrelation(predictedLoss, losses),
    perClassAccuracy: confusion.map((row, c) => row[c] / row.reduce((a, b) => a + b, 0)),
    confusion,
    meanCrossEntropy: lossSum / labels.length,
    meanRankingLoss: even > 0 ? rankingLossOfArrays(Array.from(predictedLoss).slice(0, even), Array.from(losses).slice(0, even), margin) : NaN,
    rankingAccuracy: rankingAccuracy(predictedLoss, losses),
  };
}
