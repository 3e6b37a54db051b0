import { describe, expect, it } from 'vitest';
import { argmaxRows, averageRanks, crossEntropyPerSample, rankingAccuracy, spearmanCorrelation, testMetrics } from '../../src/lib/ml/metrics';

describe('test metrics', () => {
  it('cross-entropy of a row is log-sum-exp minus the true logit', () => {
    // logits (0, ln 3): softmax (1/4, 3/4); CE of label 1 = -ln(3/4), of label 0 = -ln(1/4)
    const losses = crossEntropyPerSample([0, Math.log(3), 0, Math.log(3)], [1, 0], 2);
    expect(losses[0]).toBeCloseTo(-Math.log(0.75), 12);
    expect(losses[1]).toBeCloseTo(-Math.log(0.25), 12);
  });

  it('argmax takes the first of equal maxima', () => {
    expect(Array.from(argmaxRows([1, 3, 3, 5, 0, 0], 3))).toEqual([1, 0]);
  });

  it('ranking accuracy counts agreeing pairs and skips ties of the real loss', () => {
    // real (1, 2, 3, 3): pairs with distinct real losses: (0,1) (0,2) (0,3) (1,2) (1,3) = 5
    // predicted (0.1, 0.5, 0.2, 0.9): (0,1) agree, (0,2) agree, (0,3) agree, (1,2) disagree, (1,3) agree
    expect(rankingAccuracy([0.1, 0.5, 0.2, 0.9], [1, 2, 3, 3])).toBeCloseTo(4 / 5, 12);
    expect(rankingAccuracy([1, 2], [5, 5])).toBeNaN();
  });

  it('gathers accuracy, mean cross-entropy, ranking loss and ranking accuracy', () => {
    const logits = [2, 0, 0, 2, 2, 0, 0, 2]; // predicts 0, 1, 0, 1
    const labels = [0, 1, 1, 1]; // third is wrong
    const m = testMetrics(logits, [0.1, 0.2, 0.9, 0.3], labels, 2, 1);
    const good = Math.log(1 + Math.exp(-2));
    const bad = Math.log(1 + Math.exp(2));
    expect(m.accuracy).toBe(0.75);
    expect(m.meanCrossEntropy).toBeCloseTo((3 * good + bad) / 4, 12);
    // pairs (0,3): real good = good -> tie, sign -1: max(0, (0.1 - 0.3) + 1) = 0.8
    //       (1,2): real good < bad, sign -1: max(0, (0.2 - 0.9) + 1) = 0.3
    expect(m.meanRankingLoss).toBeCloseTo((0.8 + 0.3) / 2, 12);
    // distinct pairs: (0,2) (1,2) (2,3), the predicted 0.9 is highest for the one bad sample: all agree
    expect(m.rankingAccuracy).toBe(1);
  });
});

describe('rank statistics and the confusion matrix', () => {
  it('gives tied values their average rank', () => {
    expect(Array.from(averageRanks([10, 30, 20, 30]))).toEqual([0, 2.5, 1, 2.5]);
  });

  it('Spearman is 1 for the same order, -1 for the reverse, and matches a hand value', () => {
    expect(spearmanCorrelation([1, 2, 3, 4], [10, 20, 30, 400])).toBeCloseTo(1, 12);
    expect(spearmanCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // ranks a (0,1,2,3), b (1,0,2,3): rho = 1 - 6 * sum d^2 / (n (n^2 - 1)) = 1 - 6 * 2 / 60 = 0.8
    expect(spearmanCorrelation([1, 2, 3, 4], [2, 1, 3, 4])).toBeCloseTo(0.8, 12);
  });

  it('counts confusion[true][predicted] and derives per-class accuracy', () => {
    const m = testMetrics([2, 0, 0, 2, 2, 0, 0, 2], [0, 0, 0, 0], [0, 1, 1, 1], 2, 1);
    expect(m.confusion).toEqual([[1, 0], [1, 2]]);
    expect(m.perClassAccuracy).toEqual([1, 2 / 3]);
  });
});
