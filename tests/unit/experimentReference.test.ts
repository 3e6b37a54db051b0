import { describe, expect, it } from 'vitest';
import { allowedGap, besideReferenceTable, meanSd, pairedDifferenceTable } from '../../scripts/experiment/reference.mjs';

const round = (labeled: number, testAccuracy: number) => ({ labeled, testAccuracy, rankingAccuracy: null, rankingLoss: 0, trainSeconds: 0, scoreSeconds: 0, cycleSeconds: null });
const results = {
  strategies: {
    'learning-loss': { trials: [{ seed: 1, rounds: [round(500, 0.7), round(1000, 0.76)] }, { seed: 2, rounds: [round(500, 0.72), round(1000, 0.74)] }] },
    random: { trials: [{ seed: 2, rounds: [round(500, 0.72), round(1000, 0.77)] }, { seed: 1, rounds: [round(500, 0.7), round(1000, 0.75)] }] },
  },
};
const reference = {
  strategies: {
    'learning-loss': [{ labeled: 500, testAccuracyPercent: { mean: 71.1, sd: 0.9 } }, { labeled: 1000, testAccuracyPercent: { mean: 75.3, sd: 0.2 } }],
    entropy: [{ labeled: 500, testAccuracyPercent: { mean: 71.1, sd: 0.9 } }],
  },
};

describe('curves beside the reference', () => {
  it('allows 2 reference sd or 1.5 points, whichever is larger', () => {
    expect(allowedGap(0.9)).toBeCloseTo(1.8, 12);
    expect(allowedGap(0.2)).toBe(1.5);
    const { mean, sd } = meanSd([70, 72]);
    expect(mean).toBe(71);
    expect(sd).toBeCloseTo(Math.SQRT2, 12);
  });

  it('puts every shared strategy and label count beside the reference, with the verdict', () => {
    // learning loss at 500: 70, 72 -> 71.0 (sd 1.4), 0.1 below 71.1, allowed 1.8: within.
    // At 1000: 76, 74 -> 75.0 (1.4), 0.3 below 75.3, allowed 1.5: within. Entropy was not raced.
    expect(besideReferenceTable(results, reference)!.split('\n').slice(2)).toEqual([
      '| learning-loss | 500 | 71.0 (1.4, n=2) | 71.1 (0.9) | -0.1 | ±1.8 | yes |',
      '| learning-loss | 1000 | 75.0 (1.4, n=2) | 75.3 (0.2) | -0.3 | ±1.5 | yes |',
    ]);
    const far = { strategies: { 'learning-loss': { trials: [{ seed: 1, rounds: [round(500, 0.68)] }] } } };
    expect(besideReferenceTable(far, reference)).toContain('| learning-loss | 500 | 68.0 (n=1) | 71.1 (0.9) | -3.1 | ±1.8 | **no** |');
    expect(besideReferenceTable({ strategies: {} }, reference)).toBeNull();
  });

  it('pairs learning loss and random by seed, whatever order the trials are in', () => {
    // 1000 labels: seed 1 76 - 75 = +1, seed 2 74 - 77 = -3: mean -1, sd sqrt(8) = 2.8
    expect(pairedDifferenceTable(results, 'learning-loss', 'random')!.split('\n').slice(2)).toEqual([
      '| 500 | +0.0 (seed 1), +0.0 (seed 2) | +0.0 (0.0, n=2) |',
      '| 1000 | +1.0 (seed 1), -3.0 (seed 2) | -1.0 (2.8, n=2) |',
    ]);
    expect(pairedDifferenceTable(results, 'learning-loss', 'entropy')).toBeNull();
  });
});
