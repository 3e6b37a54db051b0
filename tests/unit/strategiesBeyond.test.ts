import { describe, expect, it } from 'vitest';
import {
  badgeSelect, densityWeightedScores, entropyScores, lossDiverseSelect, meanCosineSimilarity, meanKlScores,
  selectQuery, STRATEGIES, STRATEGY_NAMES, strategyNeeds, voteEntropyScores, type StrategyInput,
} from '../../src/lib/al/strategies';
import { POOL_FACTOR } from '../../src/lib/al/strategies/lossDiversity';
import { usesLossHead } from '../../src/lib/al/queryFallback';

const { log, SQRT1_2 } = Math;
const rows = (values: number[][]) => new Float32Array(values.flat());
const expectCloseAll = (actual: ArrayLike<number>, expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 6));
};

// Three committee members, 2 classes, 3 samples. Hand softmax: (ln 3, 0) -> (3/4, 1/4),
// (ln 9, 0) -> (9/10, 1/10), (0, 0) -> (1/2, 1/2).
//   sample 0: all three (0, 0): every vote for class 0 (argmax tie -> first class), all agree;
//   sample 1: (3/4, 1/4), (1/4, 3/4), (3/4, 1/4): votes 2 : 1;
//   sample 2: (9/10, 1/10), (1/10, 9/10), (9/10, 1/10): votes 2 : 1, more extreme members.
const committee = [
  rows([[0, 0], [log(3), 0], [log(9), 0]]),
  rows([[0, 0], [0, log(3)], [0, log(9)]]),
  rows([[0, 0], [log(3), 0], [log(9), 0]]),
];
const kl = (p: number[], q: number[]) => p.reduce((sum, pc, c) => sum + pc * log(pc / q[c]), 0);
/** mean KL of two members p and one member r to their average, by the definition. */
const meanKl = (p: number[], r: number[]) => {
  const mean = p.map((pc, c) => (2 * pc + r[c]) / 3);
  return (2 * kl(p, mean) + kl(r, mean)) / 3;
};

describe('query by committee', () => {
  it('vote entropy: 0 when all agree, the entropy of a 2 : 1 vote otherwise', () => {
    const twoToOne = -((2 / 3) * log(2 / 3) + (1 / 3) * log(1 / 3)); // 0.6365
    expectCloseAll(voteEntropyScores(committee, 2), [0, twoToOne, twoToOne]);
    // a fourth member voting class 1 everywhere: 3 : 1 for sample 0, and 2 : 2 (ln 2, the most two
    // classes allow) for samples 1 and 2
    const threeToOne = -((3 / 4) * log(3 / 4) + (1 / 4) * log(1 / 4));
    expectCloseAll(voteEntropyScores([...committee, rows([[0, 1], [0, 1], [0, 1]])], 2), [threeToOne, log(2), log(2)]);
  });

  it('mean KL to the consensus, by hand: larger for the more extreme members', () => {
    const scores = meanKlScores(committee, 2);
    expectCloseAll(scores, [0, meanKl([3 / 4, 1 / 4], [1 / 4, 3 / 4]), meanKl([9 / 10, 1 / 10], [1 / 10, 9 / 10])]);
    expect(scores[2]).toBeGreaterThan(scores[1]);
  });

  it('the vote strategy breaks its ties by mean KL; the KL strategy ranks by KL alone', async () => {
    const input: StrategyInput = { ids: [10, 11, 12], predictedLoss: new Float32Array(3), logits: committee[2], numClasses: 2, committee, k: 3, seed: 1 };
    expect(await selectQuery('qbc-vote', input)).toEqual([12, 11, 10]);
    expect(await selectQuery('qbc-kl', input)).toEqual([12, 11, 10]);
    await expect(selectQuery('qbc-vote', { ...input, committee: undefined })).rejects.toThrow(/committee/);
  });

  it('refuses members of different sizes', () => {
    expect(() => voteEntropyScores([rows([[0, 0]]), rows([[0, 0], [0, 0]])], 2)).toThrow(/different numbers/);
  });
});

describe('density-weighted entropy', () => {
  // Unit directions (1,0), (0,1), (1/sqrt2, 1/sqrt2), (1,0): row 0's cosines to the four rows are
  // 1, 0, 1/sqrt2, 1, so its mean is (2 + 1/sqrt2) / 4.
  const features = rows([[1, 0], [0, 1], [1, 1], [2, 0]]);

  it('mean cosine similarity to the subset, itself included', () => {
    expectCloseAll(meanCosineSimilarity(features, 2), [(2 + SQRT1_2) / 4, (1 + SQRT1_2) / 4, (3 * SQRT1_2 + 1) / 4, (2 + SQRT1_2) / 4]);
  });

  it('a zero row has similarity 0 and adds 0 to the others', () => {
    expectCloseAll(meanCosineSimilarity(rows([[1, 0], [0, 0]]), 2), [1 / 2, 0]);
  });

  it('multiplies entropy by density, so the typical of two equally uncertain images goes first', async () => {
    const logits = rows([[0, 0], [0, 0], [log(3), 0], [0, 0]]); // rows 0, 1, 3 at the maximum entropy ln 2
    const h = entropyScores(logits, 2);
    const density = meanCosineSimilarity(features, 2);
    expectCloseAll(densityWeightedScores(logits, 2, features, 2), [0, 1, 2, 3].map((i) => h[i] * density[i]));
    const picks = await selectQuery('density-weighted', { ids: [0, 1, 2, 3], predictedLoss: new Float32Array(4), logits, numClasses: 2, features, featureDim: 2, k: 3, seed: 1 });
    // Row 1 is as uncertain as 0 and 3 but the least typical (ln 2 x 0.43 = 0.30); row 2, less
    // uncertain but typical (0.56 x 0.78 = 0.44), goes before it.
    expect(picks).toEqual([0, 3, 2]);
  });
});

describe('BADGE', () => {
  // 2 classes, 2 features. Gradient embeddings g = (p - onehot(argmax p)) (x) h, written out:
  //   c0: p (1/2, 1/2), h (2, 0) -> (-1, 0, 1, 0),        |g|^2 = 2
  //   c1: p (3/4, 1/4), h (0, 2) -> (0, -1/2, 0, 1/2),    |g|^2 = 1/2
  //   c2: p (1/4, 3/4), h (2, 0) -> (1/2, 0, -1/2, 0),    |g|^2 = 1/2
  //   c3: p (3/4, 1/4), h (1, 0) -> (-1/4, 0, 1/4, 0),    |g|^2 = 1/8
  // First pick c0 (largest). Squared distances to c0: c1 2.5, c2 4.5, c3 1.125 (total 8.125).
  const logits = rows([[0, 0], [log(3), 0], [0, log(3)], [log(3), 0]]);
  const features = rows([[2, 0], [0, 2], [2, 0], [1, 0]]);

  it('starts from the largest gradient and draws the next in proportion to squared distance', () => {
    // u = 0.5: 0.5 x 8.125 = 4.06 falls past c1 (2.5) into c2. Then the distances to the nearest
    // pick are c1 min(2.5, 1) = 1 and c3 min(1.125, 1.125): 0.5 x 2.125 = 1.06 falls past c1 into c3.
    expect(badgeSelect(logits, 2, features, 2, 4, () => 0.5)).toEqual([0, 2, 3, 1]);
    // u = 0.1: 0.81 falls in c1's 2.5
    expect(badgeSelect(logits, 2, features, 2, 2, () => 0.1)).toEqual([0, 1]);
  });

  it('never picks a candidate twice, even when all are duplicates', () => {
    const same = rows([[0, 0], [0, 0], [0, 0]]);
    const picks = badgeSelect(same, 2, rows([[1, 1], [1, 1], [1, 1]]), 2, 3, () => 0.7);
    expect([...picks].sort()).toEqual([0, 1, 2]);
    expect(badgeSelect(same, 2, rows([[1, 1], [1, 1], [1, 1]]), 2, 5, () => 0.7)).toHaveLength(3);
  });

  it('is reproducible from the seed through selectQuery, and needs features', async () => {
    const input: StrategyInput = { ids: [7, 8, 9, 10], predictedLoss: new Float32Array(4), logits, numClasses: 2, features, featureDim: 2, k: 3, seed: 4 };
    const first = await selectQuery('badge', input);
    expect(first[0]).toBe(7);
    expect(await selectQuery('badge', input)).toEqual(first);
    await expect(selectQuery('badge', { ...input, features: undefined })).rejects.toThrow(/features/);
  });
});

describe('learning loss with diversity', () => {
  // One feature; the labeled image sits at 0. Candidate 9 is the farthest of all (100) but has the
  // lowest predicted loss: only the top POOL_FACTOR x k losses may be picked.
  const positions = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
  const losses = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
  const features = new Float32Array(positions);
  const labeled = new Float32Array([0]);

  it('k-center over the highest predicted losses only', async () => {
    expect(POOL_FACTOR).toBe(4);
    // k = 1: the pool is candidates 0-3 (positions 1-4); the farthest from 0 is position 4
    expect(await lossDiverseSelect(losses, features, labeled, 1, 1)).toEqual([3]);
    // k = 2: the pool is 0-7 (1-8); first 8, then the farthest from {0, 8}: 4
    expect(await lossDiverseSelect(losses, features, labeled, 1, 2)).toEqual([7, 3]);
  });

  it('maps picks back to ids through selectQuery and asks for the labeled features', async () => {
    const input: StrategyInput = { ids: positions.map((p) => p * 10), predictedLoss: new Float32Array(losses), logits: new Float32Array(20), numClasses: 2, features, featureDim: 1, labeledFeatures: labeled, k: 2, seed: 1 };
    expect(await selectQuery('loss-diverse', input)).toEqual([80, 40]);
    await expect(selectQuery('loss-diverse', { ...input, labeledFeatures: undefined })).rejects.toThrow(/labeledFeatures/);
  });
});

describe('what each strategy needs', () => {
  it('names every input a strategy reads, and a line on what it favours', () => {
    expect(strategyNeeds('loss-diverse', 'labeled-features')).toBe(true);
    expect(strategyNeeds('badge', 'labeled-features')).toBe(false);
    expect(strategyNeeds('qbc-kl', 'committee')).toBe(true);
    expect(strategyNeeds('entropy', 'features')).toBe(false);
    for (const name of STRATEGY_NAMES) expect(STRATEGIES[name].description.length).toBeGreaterThan(20);
  });

  it('the loss-head strategies are those that read the predicted loss', () => {
    expect(STRATEGY_NAMES.filter(usesLossHead)).toEqual(['learning-loss', 'learning-loss-mse', 'loss-diverse']);
  });
});
