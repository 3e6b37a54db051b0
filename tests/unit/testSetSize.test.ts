import { describe, expect, it } from 'vitest';
import { suggestedTestSetSize } from '../../src/lib/state/testSetSize';

describe('the suggested size of a new test set', () => {
  it('is a fifth of the unlabeled pool, at most 200', () => {
    expect(suggestedTestSetSize(60)).toBe(12);
    expect(suggestedTestSetSize(1000)).toBe(200);
    expect(suggestedTestSetSize(60_000)).toBe(200);
  });

  it('is at least 10 where the pool has them, and never more than the pool', () => {
    expect(suggestedTestSetSize(30)).toBe(10); // a fifth would be 6
    expect(suggestedTestSetSize(7)).toBe(7);
    expect(suggestedTestSetSize(0)).toBe(0);
  });
});
