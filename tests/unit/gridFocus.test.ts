import { describe, expect, it } from 'vitest';
import { nextOpenCard, type FocusCard } from '../../src/lib/ui/gridFocus';

/** Cards 10..15; `labels` gives each its stored label (null: unlabeled). */
function cards(labels: (number | null)[]): FocusCard[] {
  return labels.map((label, i) => ({ id: 10 + i, label }));
}

describe('where the grid moves its focus on its own', () => {
  it('goes to the next unlabeled card, passing over labeled ones', () => {
    // #0 just labeled (pending), #1 and #2 labeled before: the next key belongs to #3.
    expect(nextOpenCard(cards([null, 4, 7, null, null]), 0, new Set([10]))).toBe(3);
  });

  it('wraps round to an unlabeled card before the current one', () => {
    expect(nextOpenCard(cards([null, 2, null, 5, 5]), 2, new Set([12]))).toBe(0);
  });

  it('passes over cards whose label is still being written', () => {
    expect(nextOpenCard(cards([null, null, null, null]), 0, new Map([[10, 1], [11, 2], [12, null]]))).toBe(3);
  });

  it('answers -1 when every card has its label, stored or on its way', () => {
    expect(nextOpenCard(cards([1, 2, null]), 1, new Set([12]))).toBe(-1);
    expect(nextOpenCard([], -1, new Set())).toBe(-1);
  });

  it('starts at the first card for a new query (from -1), also when the first is labeled', () => {
    expect(nextOpenCard(cards([null, null]), -1, new Set())).toBe(0);
    expect(nextOpenCard(cards([3, 3, null]), -1, new Set())).toBe(2);
  });

  it('comes back to the card it starts from when that is the only unlabeled one', () => {
    expect(nextOpenCard(cards([1, null, 1]), 1, new Set())).toBe(1);
  });
});
