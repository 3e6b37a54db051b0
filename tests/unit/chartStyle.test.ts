import { describe, expect, it } from 'vitest';
import { canvasDash, laneStyle, line, SERIES_COLORS } from '../../src/lib/ui/charts/chartStyle';
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
