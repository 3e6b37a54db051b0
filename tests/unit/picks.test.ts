import { describe, expect, it } from 'vitest';
import { classCounts, pickHistogram, picksPerRound } from '../../src/lib/al/picks';

describe('the picks of each round', () => {
  // initial set 10, 11; round 1 picked 5, 3; round 2 picked 7, 1; round 3 (the last) picked nothing
  const labeledIds = [10, 11, 5, 3, 7, 1];

  it('slices each round’s query from the ordered labeled ids', () => {
    expect(picksPerRound(labeledIds, [2, 4, 6])).toEqual([[5, 3], [7, 1], []]);
  });

  it('gives a stopped run’s last round the ids labeled after it', () => {
    // the run stopped after round 2 had queried: its picks are the rest of the ids
    expect(picksPerRound(labeledIds, [2, 4])).toEqual([[5, 3], [7, 1]]);
    expect(picksPerRound([10, 11], [])).toEqual([]);
  });

  it('counts ids per class and leaves out unknown or out-of-range classes', () => {
    const classOf = (id: number) => ({ 1: 0, 3: 2, 5: 2, 7: 1, 9: 4 } as Record<number, number>)[id];
    expect(classCounts([5, 3, 7, 1, 9, 42], classOf, 3)).toEqual([1, 1, 2]);
    expect(classCounts([], classOf, 2)).toEqual([0, 0]);
  });

  it('gives rounds × classes', () => {
    const classOf = (id: number) => id % 3;
    // round 1: 5 -> 2, 3 -> 0; round 2: 7 -> 1, 1 -> 1; round 3: none
    expect(pickHistogram(labeledIds, [2, 4, 6], classOf, 3)).toEqual([[1, 0, 1], [0, 2, 0], [0, 0, 0]]);
  });
});
