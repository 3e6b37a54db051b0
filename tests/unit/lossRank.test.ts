import { describe, expect, it } from 'vitest';
import { lossRanks } from '../../src/lib/al/lossRank';
import { lossBarFraction, lossRankText, lossRankWords } from '../../src/lib/ui/lossRankText';

describe('the rank by predicted loss among the scored samples', () => {
  it('counts 1 for the highest, in the order the indices are asked for', () => {
    const predicted = [0.2, -0.97, 3.1, 0.5, -2];
    expect(lossRanks(predicted, [2, 3, 0, 1, 4])).toEqual([1, 2, 3, 4, 5]);
    expect(lossRanks(predicted, [1, 2])).toEqual([4, 1]);
    expect(lossRanks(Float32Array.from(predicted), [4])).toEqual([5]);
  });

  it('gives equal values the better rank, and ranks NaN below every number', () => {
    expect(lossRanks([1, 5, 5, 2], [1, 2, 3, 0])).toEqual([1, 1, 3, 4]);
    expect(lossRanks([NaN, -100, 0], [0, 1, 2])).toEqual([3, 2, 1]);
  });

  it('has nothing to rank for an empty query', () => {
    expect(lossRanks([1, 2], [])).toEqual([]);
  });
});

describe('the rank in words', () => {
  it('says the top percentage, rounded up so it never overstates and never reads "top 0%"', () => {
    expect(lossRankText(1, 500)).toBe('top 1% of 500 scored');
    expect(lossRankText(3, 500)).toBe('top 1% of 500 scored');
    expect(lossRankText(5, 500)).toBe('top 1% of 500 scored');
    expect(lossRankText(6, 500)).toBe('top 2% of 500 scored');
    expect(lossRankText(60, 500)).toBe('top 12% of 500 scored');
    expect(lossRankText(61, 500)).toBe('top 13% of 500 scored');
    expect(lossRankText(250, 500)).toBe('top 50% of 500 scored');
    expect(lossRankText(1, 10000)).toBe('top 1% of 10,000 scored');
  });

  it('tells the lower half from the bottom', () => {
    expect(lossRankText(251, 500)).toBe('bottom 50% of 500 scored');
    expect(lossRankText(480, 500)).toBe('bottom 5% of 500 scored');
    expect(lossRankText(500, 500)).toBe('bottom 1% of 500 scored');
  });

  it('gives the plain rank when too few were scored for a percentage', () => {
    expect(lossRankText(3, 40)).toBe('rank 3 of 40 scored');
    expect(lossRankText(1, 1)).toBe('rank 1 of 1 scored');
    expect(lossRankText(1, 100)).toBe('top 1% of 100 scored');
  });

  it('draws a full bar for the highest predicted loss and an empty one for the lowest', () => {
    expect(lossBarFraction(1, 500)).toBe(1);
    expect(lossBarFraction(500, 500)).toBe(0);
    expect(lossBarFraction(3, 5)).toBe(0.5);
    expect(lossBarFraction(1, 1)).toBe(1);
  });
});

describe('the rank in two parts, for a narrow card', () => {
  it('splits the standing from what it is among', () => {
    expect(lossRankWords(3, 500)).toEqual({ standing: 'top 1%', among: 'of 500 scored' });
    expect(lossRankWords(480, 500)).toEqual({ standing: 'bottom 5%', among: 'of 500 scored' });
    expect(lossRankWords(3, 24)).toEqual({ standing: 'rank 3', among: 'of 24 scored' });
  });
});
