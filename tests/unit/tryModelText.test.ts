import { describe, expect, it } from 'vitest';
import { lossStandingText, percentText, rankedClasses, unlikeText } from '../../src/lib/ui/tryModelText';
import type { Unlikeness } from '../../src/lib/worker/protocol';

describe('the answer of a tried image, in words', () => {
  it('lists every class, the most probable first, ties in the order the network gives them', () => {
    const ranked = rankedClasses([0.1, 0.6, 0.1, 0.2], ['a', 'b', 'c', 'd']);
    expect(ranked.map((r) => r.name)).toEqual(['b', 'd', 'a', 'c']);
    expect(ranked.map((r) => r.index)).toEqual([1, 3, 0, 2]);
    expect(ranked.map((r) => r.percent)).toEqual(['60.0%', '20.0%', '10.0%', '10.0%']);
  });

  it('keeps all of twelve classes', () => {
    const names = Array.from({ length: 12 }, (_, i) => `class ${i}`);
    const probabilities = names.map((_, i) => (i + 1) / 78); // 1 + 2 + ... + 12 = 78
    const ranked = rankedClasses(probabilities, names);
    expect(ranked).toHaveLength(12);
    expect(ranked[0]).toMatchObject({ name: 'class 11', percent: '15.4%' }); // 12/78
    expect(ranked[11]).toMatchObject({ name: 'class 0', percent: '1.3%' }); // 1/78
  });

  it('never rounds a probability to certainty or to nothing', () => {
    expect(percentText(0)).toBe('0.0%');
    expect(percentText(0.0004)).toBe('<0.1%');
    expect(percentText(0.0005)).toBe('0.1%');
    expect(percentText(0.1234)).toBe('12.3%');
    expect(percentText(0.9994)).toBe('99.9%');
    expect(percentText(0.9996)).toBe('>99.9%');
    expect(percentText(1)).toBe('100.0%');
  });

  it('puts the predicted loss among the test images, and says how often such images were right', () => {
    expect(lossStandingText({ measured: 200, lower: 146, neighbours: 20, neighboursCorrect: 15 }, 3)).toBe(
      'Higher than 73% of the 200 test images cycle 3 was measured on; the model classified 15 of the 20 test images closest to it in predicted loss correctly (75%).',
    );
    expect(lossStandingText({ measured: 200, lower: 200, neighbours: 20, neighboursCorrect: 4 }, 3)).toMatch(/^Higher than every one of the 200 test images/);
    expect(lossStandingText({ measured: 200, lower: 0, neighbours: 20, neighboursCorrect: 20 }, 3)).toMatch(/^Lower than every one of the 200 test images/);
    // 1 of 1,000 is 0.1%: neither 0% nor "every one".
    expect(lossStandingText({ measured: 1000, lower: 1, neighbours: 20, neighboursCorrect: 20 }, 2)).toMatch(/^Higher than 1% of the 1,000 test images cycle 2/);
    expect(lossStandingText({ measured: 1000, lower: 999, neighbours: 20, neighboursCorrect: 20 }, 2)).toMatch(/^Higher than 99% of/);
    expect(lossStandingText(null, 4)).toBe('Cycle 4 kept no test-set measurements to compare it with.');
  });
});

describe('the mark of an image unlike the training data', () => {
  const unlike = (reasons: Unlikeness['reasons']): Unlikeness => ({
    reasons, measured: 2000, grain: 1.15, grainRange: { min: 0.12, max: 0.68 }, distance: 4.6, largestDistance: 3.1,
  });

  it('says nothing for an image like the test images, or without test images to compare with', () => {
    expect(unlikeText(unlike([]), 3)).toBeNull();
    expect(unlikeText(null, 3)).toBeNull();
  });

  it('names what sets it apart, in plain words, and what that means for the answer', () => {
    expect(unlikeText(unlike(['grainier', 'layout']), 3)).toBe(
      'Unlike the training data: compared with the 2,000 test images cycle 3 was measured on, '
      + 'its neighbouring pixels differ more than in any of them, as in noise; its light and dark areas are placed unlike any of theirs. '
      + 'The answer above says little about such an image, however sure it looks.',
    );
    expect(unlikeText(unlike(['smoother', 'loss-lower']), 1)).toContain(
      'it is smoother than any of them, like a flat colour or a gradient; its predicted loss is lower than any of theirs.',
    );
    expect(unlikeText({ ...unlike(['loss-higher']), measured: 1 }, 1)).toContain('compared with the 1 test image cycle 1 was measured on, its predicted loss is higher than any of theirs.');
  });
});
