import { describe, expect, it, vi } from 'vitest';
import { entropyScores, leastConfidenceScores, marginScores } from '../../src/lib/al/strategies/uncertainty';
import { coreSetSelect } from '../../src/lib/al/strategies/coreSet';
import type { NearestDistances } from '../../src/lib/core/nearestDistances';
import { nearestDistancesCpu } from '../../src/lib/al/strategies/distances';
import {
  STRATEGIES,
  STRATEGY_NAMES,
  isStrategyName,
  selectQuery,
  type StrategyInput,
} from '../../src/lib/al/strategies';

const { log } = Math;
const logits = (rows: number[][]) => new Float32Array(rows.flat());
// Logits are stored as float32 (ln 3 is not exact), so hand values are compared to 6 digits.
const expectCloseAll = (actual: ArrayLike<number>, expected: number[]) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 6));
};

// Four 3-class rows with hand-computed softmax:
//   A: (ln 4, 0, 0)    -> p = (2/3, 1/6, 1/6)
//   B: (ln 2, ln 2, 0) -> p = (2/5, 2/5, 1/5)
//   C: (0, 0, 0)       -> p = (1/3, 1/3, 1/3)
//   D: (ln 3, ln 2, 0) -> p = (1/2, 1/3, 1/6)
const ABCD = logits([
  [log(4), 0, 0],
  [log(2), log(2), 0],
  [0, 0, 0],
  [log(3), log(2), 0],
]);

describe('entropy scores', () => {
  it('gives the exact entropy of 2-class rows', () => {
    // (0, 0): p = (1/2, 1/2) -> ln 2;  (ln 3, 0): p = (3/4, 1/4) -> ln 4 - (3/4) ln 3
    expectCloseAll(entropyScores(logits([[0, 0], [log(3), 0]]), 2), [log(2), log(4) - 0.75 * log(3)]);
  });

  it('gives the exact entropy of 3-class rows and ranks the most uniform first', () => {
    const h = entropyScores(ABCD, 3);
    expectCloseAll(h, [
      (2 / 3) * log(3 / 2) + (1 / 3) * log(6), // 0.8676
      (4 / 5) * log(5 / 2) + (1 / 5) * log(5), // 1.0549
      log(3), //                                   1.0986, the maximum for 3 classes
      (1 / 2) * log(2) + (1 / 3) * log(3) + (1 / 6) * log(6), // 1.0114
    ]);
    const order = [0, 1, 2, 3].sort((a, b) => h[b] - h[a]);
    expect(order).toEqual([2, 1, 3, 0]);
  });
});

describe('margin scores', () => {
  it('is minus the gap between the two highest probabilities', () => {
    // A: 2/3 - 1/6, B: 2/5 - 2/5, C: 0, D: 1/2 - 1/3
    expectCloseAll(marginScores(ABCD, 3), [-1 / 2, 0, 0, -1 / 6]);
    expectCloseAll(marginScores(logits([[log(3), 0], [0, log(3)]]), 2), [-1 / 2, -1 / 2]);
  });

  it('picks the smallest gap even where entropy would pick another row', () => {
    // X: ratios 4.5 : 4.5 : 1 -> p = (0.45, 0.45, 0.1), gap 0,   entropy 0.9490
    // Y: ratios 4 : 3 : 3     -> p = (0.4, 0.3, 0.3),    gap 0.1, entropy 1.0889
    const xy = logits([
      [log(4.5), log(4.5), 0],
      [log(4), log(3), log(3)],
    ]);
    const m = marginScores(xy, 3);
    expectCloseAll(m, [0, -0.1]);
    expect(m[0]).toBeGreaterThan(m[1]);
    const h = entropyScores(xy, 3);
    expectCloseAll(h, [0.9 * log(1 / 0.45) + 0.1 * log(10), 0.4 * log(2.5) + 0.6 * log(10 / 3)]);
    expect(h[1]).toBeGreaterThan(h[0]);
  });

  it('counts a missing second class as probability 0', () => {
    expect(Array.from(marginScores(new Float32Array([3, -2]), 1))).toEqual([-1, -1]);
  });
});

describe('least-confidence scores', () => {
  it('is 1 minus the highest probability', () => {
    expectCloseAll(leastConfidenceScores(ABCD, 3), [1 / 3, 3 / 5, 2 / 3, 1 / 2]);
  });

  it('picks the lowest top probability even where entropy would pick another row', () => {
    // P: p = (1/2, 1/2, 0): least confidence 0.5, entropy ln 2 = 0.693
    // Q: p = (0.6, 0.2, 0.2): least confidence 0.4, entropy 0.6 ln(5/3) + 0.4 ln 5 = 0.950
    const pq = logits([
      [0, 0, -1000],
      [log(3), 0, 0],
    ]);
    const lc = leastConfidenceScores(pq, 3);
    expectCloseAll(lc, [0.5, 0.4]);
    const h = entropyScores(pq, 3);
    expectCloseAll(h, [log(2), 0.6 * log(5 / 3) + 0.4 * log(5)]);
    expect(lc[0]).toBeGreaterThan(lc[1]);
    expect(h[1]).toBeGreaterThan(h[0]);
  });
});

describe('uncertainty scores: numerical stability and bad input', () => {
  it('handles logits like 1000 and -1000 without overflow', () => {
    const big = logits([
      [1000, 1000],
      [1000, 0],
      [-1000, -1000],
      [1001, 1000],
    ]);
    // (1001, 1000) is the same softmax as (1, 0): p = (e / (1 + e), 1 / (1 + e)) = (0.7310586, 0.2689414)
    const p1 = Math.E / (1 + Math.E);
    expectCloseAll(entropyScores(big, 2), [log(2), 0, log(2), log(1 + Math.E) - p1]);
    expectCloseAll(marginScores(big, 2), [0, -1, 0, -(2 * p1 - 1)]);
    expectCloseAll(leastConfidenceScores(big, 2), [0.5, 0, 0.5, 1 - p1]);
    const small = logits([[1, 0]]);
    expect(entropyScores(big, 2)[3]).toBeCloseTo(entropyScores(small, 2)[0], 12);
    expect(marginScores(big, 2)[3]).toBeCloseTo(marginScores(small, 2)[0], 12);
    expect(leastConfidenceScores(big, 2)[3]).toBeCloseTo(leastConfidenceScores(small, 2)[0], 12);
  });

  it('scores a row with a NaN logit NaN (ranked last by selectTopK) and leaves other rows alone', () => {
    const rows = logits([
      [NaN, 0],
      [0, 0],
    ]);
    for (const f of [entropyScores, marginScores, leastConfidenceScores]) {
      const s = f(rows, 2);
      expect(s[0]).toBeNaN();
      expect(Number.isNaN(s[1])).toBe(false);
    }
  });

  it('refuses logits that are not a whole number of rows', () => {
    expect(() => entropyScores(new Float32Array(5), 2)).toThrow(/5 logits is not a multiple of 2/);
    expect(() => marginScores(new Float32Array(4), 0)).toThrow(/positive integer/);
  });
});

describe('nearest distances (plain JS)', () => {
  it('returns the squared distance of each point to its nearest center', async () => {
    // centers (0, 1) and (3, 0)
    // (0, 0): 1 or 9 -> 1;  (3, 4): 18 or 16 -> 16;  (2, 1): 4 or 2 -> 2
    const d = await nearestDistancesCpu(new Float32Array([0, 0, 3, 4, 2, 1]), 3, new Float32Array([0, 1, 3, 0]), 2, 2);
    expect(Array.from(d)).toEqual([1, 16, 2]);
    const d3 = await nearestDistancesCpu(new Float32Array([1, 2, 3]), 1, new Float32Array([0, 0, 0]), 1, 3);
    expect(Array.from(d3)).toEqual([14]);
  });

  it('gives +Infinity with no centers and refuses mismatched shapes', async () => {
    expect(Array.from(await nearestDistancesCpu(new Float32Array([1, 2, 3, 4]), 2, new Float32Array(0), 0, 2))).toEqual([
      Infinity,
      Infinity,
    ]);
    await expect(nearestDistancesCpu(new Float32Array(3), 2, new Float32Array(0), 0, 2)).rejects.toThrow(/2 x 2 = 4 values, got 3/);
  });
});

// 2-D core-set candidates c0 = (1, 0), c1 = (4, 0), c2 = (0, 3), c3 = (4, 1)
const candidates = new Float32Array([1, 0, 4, 0, 0, 3, 4, 1]);

describe('core-set (greedy k-center)', () => {
  const origin = new Float32Array([0, 0]);

  it('picks the farthest from the labeled set, then the farthest from labeled + picks', async () => {
    // squared distances to (0, 0): 1, 16, 9, 17 -> c3
    // with c3 = (4, 1):            1,  1, 9      -> c2
    // with c2 = (0, 3):            1,  1         -> tie, smaller index c0, then c1
    expect(await coreSetSelect(candidates, origin, 2, 4)).toEqual([3, 2, 0, 1]);
    expect(await coreSetSelect(candidates, origin, 2, 2)).toEqual([3, 2]);
  });

  it('starts from candidate 0 when nothing is labeled', async () => {
    // c0 first; squared distances to c0: c1 9, c2 10, c3 10 -> tie, c2
    // with c2 = (0, 3): c1 min(9, 25) = 9, c3 min(10, 20) = 10 -> c3, then c1
    expect(await coreSetSelect(candidates, new Float32Array(0), 2, 4)).toEqual([0, 2, 3, 1]);
  });

  it('breaks ties by the smaller index', async () => {
    // to (0, 0): (1, 0) 1, (2, 0) 4, (0, 2) 4 -> tie, index 1
    // with (2, 0): (1, 0) 1, (0, 2) min(4, 8) = 4 -> index 2, then 0
    expect(await coreSetSelect(new Float32Array([1, 0, 2, 0, 0, 2]), origin, 2, 3)).toEqual([1, 2, 0]);
  });

  it('never picks a candidate twice, even among duplicates, and handles k = 0 and k > n', async () => {
    const same = new Float32Array([5, 5, 5, 5, 5, 5]);
    expect(await coreSetSelect(same, new Float32Array([5, 5]), 2, 3)).toEqual([0, 1, 2]);
    expect(await coreSetSelect(candidates, origin, 2, 10)).toEqual([3, 2, 0, 1]);
    expect(await coreSetSelect(candidates, origin, 2, 0)).toEqual([]);
  });

  it('calls the injected distance function once, for candidates x labeled set', async () => {
    const spy = vi.fn<NearestDistances>(nearestDistancesCpu);
    const labeled = new Float32Array([0, 0, 10, 10]);
    expect(await coreSetSelect(candidates, labeled, 2, 3, spy)).toEqual([3, 2, 0]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith(candidates, 4, labeled, 2, 2);
    const none = vi.fn<NearestDistances>(nearestDistancesCpu);
    await coreSetSelect(candidates, new Float32Array(0), 2, 3, none);
    expect(none).not.toHaveBeenCalled();
  });

  it('refuses bad shapes and a distance function that returns the wrong length', async () => {
    await expect(coreSetSelect(new Float32Array(3), origin, 2, 1)).rejects.toThrow(/3 candidate feature values is not a multiple of dim 2/);
    const short: NearestDistances = async () => new Float32Array(1);
    await expect(coreSetSelect(candidates, origin, 2, 1, short)).rejects.toThrow(/returned 1 distances for 4 candidates/);
  });
});

describe('strategy registry and selectQuery', () => {
  const ids = [10, 20, 30, 40];
  const base: StrategyInput = {
    ids,
    predictedLoss: new Float32Array([0.1, 0.9, 0.5, 0.7]),
    logits: ABCD, // 10: A, 20: B, 30: C, 40: D
    numClasses: 3,
    features: candidates,
    labeledFeatures: new Float32Array([0, 0]),
    featureDim: 2,
    k: 2,
    seed: 5,
  };

  it('describes every strategy', () => {
    expect(STRATEGY_NAMES).toEqual([
      'learning-loss',
      'learning-loss-mse',
      'loss-diverse',
      'random',
      'entropy',
      'margin',
      'least-confidence',
      'density-weighted',
      'qbc-vote',
      'qbc-kl',
      'core-set',
      'badge',
    ]);
    for (const name of STRATEGY_NAMES) {
      expect(STRATEGIES[name].label.length).toBeGreaterThan(0);
      expect(STRATEGIES[name].description.length).toBeGreaterThan(0);
    }
    expect(isStrategyName('entropy')).toBe(true);
    expect(isStrategyName('toString')).toBe(false);
  });

  it('returns the ids chosen by each strategy', async () => {
    expect(await selectQuery('learning-loss', base)).toEqual([20, 40]);
    expect(await selectQuery('learning-loss-mse', base)).toEqual([20, 40]);
    // entropy: C 1.0986, B 1.0549, D 1.0114, A 0.8676
    expect(await selectQuery('entropy', base)).toEqual([30, 20]);
    // margin: B and C tie at gap 0 -> smaller id first; then D (-1/6)
    expect(await selectQuery('margin', { ...base, k: 3 })).toEqual([20, 30, 40]);
    // least confidence: C 2/3, B 3/5, D 1/2, A 1/3
    expect(await selectQuery('least-confidence', { ...base, k: 4 })).toEqual([30, 20, 40, 10]);
    // core-set: candidate indices 3, 2 (see the core-set tests)
    expect(await selectQuery('core-set', base)).toEqual([40, 30]);
    const random = await selectQuery('random', base);
    expect(random).toHaveLength(2);
    expect(new Set(random).size).toBe(2);
    for (const id of random) expect(ids).toContain(id);
  });

  it('passes the injected distance function to core-set', async () => {
    const spy = vi.fn<NearestDistances>(nearestDistancesCpu);
    expect(await selectQuery('core-set', { ...base, k: 4, nearestDistances: spy })).toEqual([40, 30, 10, 20]);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('samples randomly with a seed: same seed same picks, distinct ids, exactly k', async () => {
    const pool = Array.from({ length: 100 }, (_, i) => 1000 + i);
    const input = { ...base, ids: pool, k: 20 };
    const a = await selectQuery('random', { ...input, seed: 7 });
    const b = await selectQuery('random', { ...input, seed: 7 });
    const c = await selectQuery('random', { ...input, seed: 8 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toHaveLength(20);
    expect(new Set(a).size).toBe(20);
    for (const id of a) expect(pool).toContain(id);
    expect(await selectQuery('random', { ...base, k: 9 })).toHaveLength(4);
  });

  it('refuses core-set without features, naming what is missing', async () => {
    await expect(selectQuery('core-set', { ...base, features: undefined })).rejects.toThrow(/missing features/);
    await expect(selectQuery('core-set', { ...base, featureDim: undefined })).rejects.toThrow(/missing featureDim/);
    await expect(selectQuery('core-set', { ...base, labeledFeatures: undefined })).rejects.toThrow(/missing labeledFeatures/);
    await expect(selectQuery('core-set', { ...base, featureDim: 3 })).rejects.toThrow(/4 ids need 12 feature values, got 8/);
  });
});
