import { describe, expect, it } from 'vitest';
import { selectTopK } from '../../src/lib/al/select';
import { createRng, sampleWithoutReplacement } from '../../src/lib/core/random';

describe('top-K selection', () => {
  it('returns exactly the K highest scores, highest first', () => {
    const ids = [10, 11, 12, 13, 14, 15];
    const scores = [0.3, 2.0, -1.0, 0.9, 5.5, 0.31];
    expect(selectTopK(ids, scores, 3)).toEqual([14, 11, 13]);
  });

  it('breaks ties by the smaller id, whatever the input order', () => {
    expect(selectTopK([7, 3, 5, 1], [1, 1, 1, 0], 2)).toEqual([3, 5]);
    expect(selectTopK([5, 7, 3, 1], [1, 1, 1, 0], 2)).toEqual([3, 5]);
  });

  it('ranks NaN scores last', () => {
    expect(selectTopK([1, 2, 3], [NaN, -4, 0], 3)).toEqual([3, 2, 1]);
  });

  it('returns the whole subset, sorted, when K exceeds it, and nothing for K = 0', () => {
    expect(selectTopK([4, 2], [0, 1], 5)).toEqual([2, 4]);
    expect(selectTopK([4, 2], [0, 1], 0)).toEqual([]);
  });

  it('refuses ids and scores of different lengths', () => {
    expect(() => selectTopK([1, 2], [1], 1)).toThrow(/2 ids but 1 scores/);
  });
});

describe('seeded sampling', () => {
  it('draws distinct items, the same ones for the same seed', () => {
    const pool = Array.from({ length: 100 }, (_, i) => i);
    const a = sampleWithoutReplacement(pool, 20, createRng(7));
    const b = sampleWithoutReplacement(pool, 20, createRng(7));
    const c = sampleWithoutReplacement(pool, 20, createRng(8));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a).size).toBe(20);
    expect(pool).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
