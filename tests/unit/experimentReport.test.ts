import { describe, expect, it } from 'vitest';
import { accuracySummary, addTrial, parseRaceCsv, resultsCsv } from '../../scripts/experiment/report.mjs';

const csv = (a: number, b: number) =>
  'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds\n' +
  `learning-loss,1,200,0.5,0.6,0.9,10,1\nlearning-loss,2,300,${a},,0.8,12,1\nrandom,1,200,0.5,0.55,0.95,10,1\nrandom,2,300,${b},0.5,0.9,12,1\n`;

describe('the experiment reports', () => {
  it('reads the race CSV, with an undefined ranking accuracy as null', () => {
    const rounds = parseRaceCsv(csv(0.7, 0.6));
    expect(rounds['learning-loss'][1]).toEqual({ labeled: 300, testAccuracy: 0.7, rankingAccuracy: null, rankingLoss: 0.8, trainSeconds: 12, scoreSeconds: 1 });
    expect(rounds.random).toHaveLength(2);
  });

  it('averages trials per label count, with their spread', () => {
    const results: Parameters<typeof addTrial>[0] = { strategies: {} };
    addTrial(results, 1, parseRaceCsv(csv(0.7, 0.6)));
    addTrial(results, 2, parseRaceCsv(csv(0.8, 0.6)));
    const summary = accuracySummary(results);
    // learning loss at 300 labels: 0.7 and 0.8 -> mean 0.75, sample std sqrt(0.005)
    expect(summary['learning-loss'][1].mean).toBeCloseTo(0.75, 12);
    expect(summary['learning-loss'][1].std).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(summary['learning-loss'][1]).toMatchObject({ labeled: 300, min: 0.7, max: 0.8, n: 2 });
    expect(summary.random[1]).toMatchObject({ labeled: 300, mean: 0.6, std: 0, n: 2 });
    const lines = resultsCsv(results).trim().split('\n');
    expect(lines).toHaveLength(1 + 8);
    expect(lines[2]).toBe('learning-loss,1,2,300,0.7,,0.8,12,1');
  });
});
