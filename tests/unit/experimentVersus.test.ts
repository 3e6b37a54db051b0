import { describe, expect, it } from 'vitest';
import { beyondPaperTable, pairedDifference, versusRandomTable } from '../../scripts/experiment/versus.mjs';

const round = (labeled: number, testAccuracy: number) => ({ labeled, testAccuracy, rankingAccuracy: null, rankingLoss: 0, trainSeconds: 0, scoreSeconds: 0, cycleSeconds: null });
/** Test accuracies in points per seed, for rounds of 500 and 1000 labels. */
const lane = (...bySeed: [number, number][]) => ({
  trials: bySeed.map(([a, b], i) => ({ seed: i + 1, rounds: [round(500, a / 100), round(1000, b / 100)] })),
});
const results = {
  strategies: {
    random: lane([70, 74], [72, 76]),
    'learning-loss': lane([70, 75], [72, 79]),
    entropy: lane([70, 76], [72, 77]),
    'loss-diverse': lane([70, 80], [72, 80]),
  },
};

describe('every strategy against random', () => {
  it('pairs by seed and gives the mean (sd) of the differences', () => {
    // learning loss - random at 1000: seed 1 75 - 74 = +1, seed 2 79 - 76 = +3: mean 2, sd sqrt(2).
    const d = pairedDifference(results, 'learning-loss', 'random', 1)!;
    expect(d.mean).toBeCloseTo(2, 10);
    expect(d.sd).toBeCloseTo(Math.SQRT2, 10);
    expect(d.n).toBe(2);
    expect(pairedDifference(results, 'learning-loss', 'badge', 1)).toBeNull();
  });

  it('tabulates each rival per round', () => {
    // entropy at 1000: +2, +1 -> +1.5 (0.7); loss-diverse: +6, +4 -> +5.0 (1.4); two seeds each.
    expect(versusRandomTable(results)!.split('\n')).toEqual([
      '| labels | learning-loss | entropy | loss-diverse |',
      '|---|---|---|---|',
      '| 500 | +0.0 (0.0, n=2) | +0.0 (0.0, n=2) | +0.0 (0.0, n=2) |',
      '| 1000 | +2.0 (1.4, n=2) | +1.5 (0.7, n=2) | +5.0 (1.4, n=2) |',
    ]);
    expect(versusRandomTable({ strategies: { entropy: results.strategies.entropy } })).toBeNull();
  });
});

describe('the goal of a strategy beyond the paper', () => {
  it('checks at-or-above the best of three every round, and the lead over random beyond the spread from 1,000 labels', () => {
    // 1000 labels: loss-diverse 80, 80 -> 80.0 (sd 0); best of three learning loss 77.0; random 75.0 (sd 1.41);
    // lead 5.0 > spread 1.4. At 500 every strategy is 71.0: at or above (equal), no lead verdict.
    expect(beyondPaperTable(results, 'loss-diverse')!.split('\n').slice(2)).toEqual([
      '| 500 | 71.0 (n=2) | 71.0 (learning-loss) | yes | +0.0 | 1.4 |  |',
      '| 1000 | 80.0 (n=2) | 77.0 (learning-loss) | yes | +5.0 | 1.4 | yes |',
    ]);
  });

  it('says no when the candidate trails the best, or leads random by less than the spread', () => {
    const close = { strategies: { ...results.strategies, 'loss-diverse': lane([70, 75], [72, 76]) } };
    // 1000: loss-diverse 75.5 (sd 0.71) below learning loss 77.0; lead 0.5 over random, spread 1.4.
    expect(beyondPaperTable(close, 'loss-diverse')).toContain('| 1000 | 75.5 (n=2) | 77.0 (learning-loss) | **no** | +0.5 | 1.4 | **no** |');
    // One trial has no spread: the lead waits for a second.
    const once = { strategies: { random: lane([70, 74]), 'loss-diverse': lane([70, 80]) } };
    expect(beyondPaperTable(once, 'loss-diverse')).toContain('| 1000 | 80.0 (n=1) | 74.0 (random) | yes | +6.0 | – | needs 2+ trials |');
    expect(beyondPaperTable({ strategies: { random: results.strategies.random } }, 'loss-diverse')).toBeNull();
  });
});
