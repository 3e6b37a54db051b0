import { rankingLossOfArrays } from '../ml/rankingLoss';

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
  return {
    accuracy: correct / labels.length,
    meanCrossEntropy: lossSum / labels.length,
    meanRankingLoss: even > 0 ? rankingLossOfArrays(Array.from(predictedLoss).slice(0, even), Array.from(losses).slice(0, even), margin) : NaN,
    rankingAccuracy: rankingAccuracy(predictedLoss, losses),
  };
}
