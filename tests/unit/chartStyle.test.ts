import { describe, expect, it } from 'vitest';
import { canvasDash, COUNT_STEPS, countAxis, laneStyle, line, percentTick, SERIES_COLORS } from '../../src/lib/ui/charts/chartStyle';
import { legendRows } from '../../src/lib/ui/charts/chartPng';

describe("a race's lanes", () => {
  it('never draws two lanes alike, even with every strategy in the race', () => {
    const strategies = ['learning-loss', 'learning-loss-mse', 'loss-diverse', 'random', 'entropy', 'margin', 'least-confidence',
      'density-weighted', 'qbc-vote', 'qbc-kl', 'core-set', 'badge'];
    const styles = strategies.map((s, i) => laneStyle(i, s));
    expect(new Set(styles.map((s) => `${s.color} ${s.pattern}`)).size).toBe(12);
    expect(styles[0]).toEqual({ color: SERIES_COLORS[0], pattern: 'solid' });
    expect(styles[1].pattern).toBe('dashed');
    // The ninth lane takes the first colour again, dotted.
    expect(styles[8]).toEqual({ color: SERIES_COLORS[0], pattern: 'dotted' });
  });

  it('draws each pattern as its dash array', () => {
    expect(line('a', '#fff', 'fraction', 'solid').dash).toBeUndefined();
    expect(line('a', '#fff', 'fraction', 'dashed').dash).toEqual([6, 4]);
    expect(line('a', '#fff', 'fraction', 'dotted').dash).toEqual([2, 4]);
    // the charts' ranking-loss lines, on the loss scale
    expect(line('a', '#fff', 'loss', 'dashed').dash).toEqual([6, 4]);
    expect(canvasDash('solid')).toEqual([]);
  });
});

describe("the PNG's legend", () => {
  it('wraps onto rows no wider than the chart, each entry whole', () => {
    // 100 wide: 40 + 50 fit, 30 would pass 100; then 30 + 60; then 120 alone, too wide but kept.
    expect(legendRows([40, 50, 30, 60, 120], 100)).toEqual([[0, 1], [2, 3], [4]]);
    expect(legendRows([], 100)).toEqual([]);
  });
});

describe('an axis of counts', () => {
  it('steps by whole numbers only, 1-2-5 a decade and 25 from the tens on', () => {
    expect(COUNT_STEPS.slice(0, 10)).toEqual([1, 2, 5, 10, 20, 25, 50, 100, 200, 250]);
    expect(COUNT_STEPS.every(Number.isInteger)).toBe(true);
    expect(COUNT_STEPS.at(-1)).toBe(5_000_000);
    expect(countAxis('labeled images')).toMatchObject({ label: 'labeled images', incrs: COUNT_STEPS });
  });
});

describe('an axis of accuracies', () => {
  it('reads in percent, to one decimal at most', () => {
    expect([0.075, 0.1, 0.125, 1, 0].map(percentTick)).toEqual(['7.5%', '10%', '12.5%', '100%', '0%']);
    // 0.7 * 100 is 70.00000000000001 in floating point: still "70%"
    expect(percentTick(0.7)).toBe('70%');
  });
});
