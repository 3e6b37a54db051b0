import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { rankingLoss, rankingLossOfArrays, softRankingLoss, softRankingLossOfArrays } from '../../src/lib/ml/rankingLoss';
import { jointLoss } from '../../src/lib/ml/jointLoss';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

async function lossOf(predicted: number[], target: number[], margin = 1): Promise<number> {
  const value = rankingLoss(tf.tensor1d(predicted), tf.tensor1d(target), margin);
  const [v] = await value.data();
  value.dispose();
  return v;
}

describe('ranking loss', () => {
  // docs/method.md's worked examples (xi = 1), each a batch of two: one pair (0, 1).
  it('l = (0.7, 0.5), l_hat = (0.5, 0.4) gives 0.9', async () => {
    expect(await lossOf([0.5, 0.4], [0.7, 0.5])).toBeCloseTo(0.9, 6);
    expect(rankingLossOfArrays([0.5, 0.4], [0.7, 0.5])).toBeCloseTo(0.9, 12);
  });
  it('l = (0.5, 0.7), l_hat = (0.5, 0.4) gives 1.1', async () => {
    expect(await lossOf([0.5, 0.4], [0.5, 0.7])).toBeCloseTo(1.1, 6);
    expect(rankingLossOfArrays([0.5, 0.4], [0.5, 0.7])).toBeCloseTo(1.1, 12);
  });
  it('l = (0.7, 0.5), l_hat = (2.5, 0.4) gives 0', async () => {
    expect(await lossOf([2.5, 0.4], [0.7, 0.5])).toBe(0);
    expect(rankingLossOfArrays([2.5, 0.4], [0.7, 0.5])).toBe(0);
  });

  it('pairs sample k with sample B-1-k and averages over the B/2 pairs', async () => {
    // pairs: (0,3): l 0.9 > 0.1, sign +1, l_hat 0.2 - 0.0 = 0.2 -> 1 - 0.2 = 0.8
    //        (1,2): l 0.3 < 0.6, sign -1, l_hat 1.0 - 0.5 = 0.5 -> 1 + 0.5 = 1.5
    // mean = (0.8 + 1.5) / 2 = 1.15
    expect(await lossOf([0.2, 1.0, 0.5, 0.0], [0.9, 0.3, 0.6, 0.1])).toBeCloseTo(1.15, 6);
    expect(rankingLossOfArrays([0.2, 1.0, 0.5, 0.0], [0.9, 0.3, 0.6, 0.1])).toBeCloseTo(1.15, 12);
  });

  it('treats a tie of the real losses as sign -1, as the reference implementation does', async () => {
    // sign -1: max(0, +(0.5 - 0.4) + 1) = 1.1
    expect(await lossOf([0.5, 0.4], [0.3, 0.3])).toBeCloseTo(1.1, 6);
    expect(rankingLossOfArrays([0.5, 0.4], [0.3, 0.3])).toBeCloseTo(1.1, 12);
  });

  it('uses the margin', async () => {
    // sign +1, l_hat difference 0.1, margin 0.5 -> 0.4
    expect(await lossOf([0.5, 0.4], [0.7, 0.5], 0.5)).toBeCloseTo(0.4, 6);
  });

  it('refuses an odd or empty batch', () => {
    expect(() => rankingLoss(tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 2, 3]))).toThrow(/even/);
    expect(() => rankingLoss(tf.tensor1d([]), tf.tensor1d([]))).toThrow(/even/);
    expect(() => rankingLossOfArrays([1, 2, 3], [1, 2, 3])).toThrow(/even/);
  });

  it('has gradient -1/P and +1/P on the predictions of an active pair, and none into the real losses', async () => {
    // Two pairs (P = 2), both active: (0,3) sign +1 -> d/dl_hat0 = -1/2, d/dl_hat3 = +1/2;
    // (1,2) sign -1 -> d/dl_hat1 = +1/2, d/dl_hat2 = -1/2.
    const predicted = tf.tensor1d([0.2, 1.0, 0.5, 0.0]);
    const target = tf.tensor1d([0.9, 0.3, 0.6, 0.1]);
    const [dPredicted, dTarget] = tf.grads((p: tf.Tensor, t: tf.Tensor) => rankingLoss(p as tf.Tensor1D, t as tf.Tensor1D))([predicted, target]);
    expect(Array.from(await dPredicted.data())).toEqual([-0.5, 0.5, -0.5, 0.5]);
    expect(Array.from(await dTarget.data())).toEqual([0, 0, 0, 0]);
  });

  it('has zero gradient for a pair already ordered beyond the margin', async () => {
    const [dPredicted] = tf.grads((p: tf.Tensor, t: tf.Tensor) => rankingLoss(p as tf.Tensor1D, t as tf.Tensor1D))([tf.tensor1d([2.5, 0.4]), tf.tensor1d([0.7, 0.5])]);
    expect(Array.from(await dPredicted.data())).toEqual([0, 0]);
  });
});

describe('soft ranking loss (LearningLoss++)', () => {
  const soft = async (predicted: number[], target: number[]) => {
    const value = softRankingLoss(tf.tensor1d(predicted), tf.tensor1d(target));
    const [v] = await value.data();
    value.dispose();
    return v;
  };

  // l = (0.7, 0.5): target sigmoid(0.2) = 0.5498340; l_hat = (0.5, 0.4): gap 0.1.
  // KL = softplus(0.1) - 0.549834 * 0.1 - H(0.549834) = 0.0012412.
  it('l = (0.7, 0.5), l_hat = (0.5, 0.4) gives KL(sigmoid(0.2) || sigmoid(0.1)) = 0.0012412', async () => {
    expect(await soft([0.5, 0.4], [0.7, 0.5])).toBeCloseTo(0.0012412, 6);
    expect(softRankingLossOfArrays([0.5, 0.4], [0.7, 0.5])).toBeCloseTo(0.00124119, 7);
  });

  it('is larger for the wrong order: l = (0.5, 0.7) with the same predictions gives 0.0112080', async () => {
    expect(await soft([0.5, 0.4], [0.5, 0.7])).toBeCloseTo(0.011208, 6);
    expect(softRankingLossOfArrays([0.5, 0.4], [0.5, 0.7])).toBeCloseTo(0.01120799, 7);
  });

  it('is zero when the predicted gap equals the real one, margin or not', async () => {
    expect(await soft([0.6, 0.4], [0.7, 0.5])).toBeCloseTo(0, 6);
    expect(softRankingLossOfArrays([3.1, 3.0, 2.0, 3.0], [1.1, 1.0, 0, 1.0])).toBeCloseTo(0, 12);
  });

  it('has gradient (sigmoid(gap) - target) / P on the first of a pair, its negative on the second', async () => {
    const predicted = tf.variable(tf.tensor1d([0.5, 0.4]));
    const { grads } = tf.variableGrads(() => softRankingLoss(predicted, tf.tensor1d([0.7, 0.5])), [predicted]);
    const g = Array.from(await grads[predicted.name].data());
    // sigmoid(0.1) - sigmoid(0.2) = -0.0248548, one pair
    expect(g[0]).toBeCloseTo(-0.0248548, 6);
    expect(g[1]).toBeCloseTo(0.0248548, 6);
  });
});

describe('the joint loss', () => {
  it('is mean cross-entropy plus lambda times the ranking loss', async () => {
    // logits (0, ln 3) for both samples: CE of label 1 = -ln(3/4), of label 0 = -ln(1/4)
    const logits = tf.tensor2d([[0, Math.log(3)], [0, Math.log(3)]]);
    const labels = tf.tensor1d([1, 0], 'int32');
    // real losses l0 = 0.288 < l1 = 1.386: sign -1; l_hat (0.5, 0.4): max(0, 0.1 + 1) = 1.1
    const predicted = tf.tensor1d([0.5, 0.4]);
    const meanCe = (-Math.log(0.75) - Math.log(0.25)) / 2;
    const { total, crossEntropy, ranking } = jointLoss(logits, predicted, labels, { lambda: 0.5, margin: 1 });
    expect((await crossEntropy.data())[0]).toBeCloseTo(meanCe, 5);
    expect((await ranking.data())[0]).toBeCloseTo(1.1, 5);
    expect((await total.data())[0]).toBeCloseTo(meanCe + 0.5 * 1.1, 5);
  });

  it('uses the mean squared error in the MSE ablation', async () => {
    const logits = tf.tensor2d([[0, Math.log(3)], [0, Math.log(3)]]);
    const labels = tf.tensor1d([1, 0], 'int32');
    const predicted = tf.tensor1d([0.5, 0.4]);
    const l0 = -Math.log(0.75);
    const l1 = -Math.log(0.25);
    const { ranking } = jointLoss(logits, predicted, labels, { lambda: 1, margin: 1, objective: 'mse' });
    expect((await ranking.data())[0]).toBeCloseTo(((0.5 - l0) ** 2 + (0.4 - l1) ** 2) / 2, 5);
  });
});
