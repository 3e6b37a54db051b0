import { describe, expect, it } from 'vitest';
import { accuracySummary, addTrial, meanInterval, parseRaceCsv, picksPerRoundTable, picksTable, resultsCsv, roundsTable, summaryMarkdown } from '../../scripts/experiment/report.mjs';

const csv = (a: number, b: number) =>
  'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds,query_already_right\n' +
  `learning-loss,1,200,0.5,0.6,0.9,10,1,13,0.25\nlearning-loss,2,300,${a},,0.8,12,1,15,\nrandom,1,200,0.5,0.55,0.95,10,1,13,0.75\nrandom,2,300,${b},0.5,0.9,12,1,15,\n`;

describe('the experiment reports', () => {
  it('reads the race CSV, with an undefined ranking accuracy as null', () => {
    const rounds = parseRaceCsv(csv(0.7, 0.6));
    expect(rounds['learning-loss'][1]).toEqual({ labeled: 300, testAccuracy: 0.7, rankingAccuracy: null, rankingLoss: 0.8, trainSeconds: 12, scoreSeconds: 1, cycleSeconds: 15, queryAlreadyRight: null });
    expect(rounds['learning-loss'][0].queryAlreadyRight).toBe(0.25);
    expect(rounds.random).toHaveLength(2);
  });

  it('reads columns by name: an older CSV without cycle seconds, and columns it does not know', () => {
    const older = 'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds\nrandom,1,200,0.5,0.55,0.95,10,1\n';
    expect(parseRaceCsv(older).random[0]).toMatchObject({ labeled: 200, cycleSeconds: null, queryAlreadyRight: null });
    const wider = 'strategy,round,labeled,test_accuracy,test_accuracy_low,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds\nrandom,1,200,0.5,0.45,0.55,0.95,10,1,12\n';
    expect(parseRaceCsv(wider).random[0]).toEqual({ labeled: 200, testAccuracy: 0.5, rankingAccuracy: 0.55, rankingLoss: 0.95, trainSeconds: 10, scoreSeconds: 1, cycleSeconds: 12, queryAlreadyRight: null });
    expect(() => parseRaceCsv('strategy,round,labeled\n')).toThrow(/lacks the columns test_accuracy/);
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
    expect(lines[1]).toBe('learning-loss,1,1,200,0.5,0.6,0.9,10,1,13,0.25');
    expect(lines[2]).toBe('learning-loss,1,2,300,0.7,,0.8,12,1,15,');
  });

  it("gives a mean's 95% interval over trials with Student's t", () => {
    // 0.70, 0.72, 0.74: mean 0.72, sd 0.02, half-width 4.303 x 0.02 / sqrt(3) = 0.049687
    const m = meanInterval([0.7, 0.72, 0.74, NaN])!;
    expect(m.mean).toBeCloseTo(0.72, 12);
    expect(m.sd).toBeCloseTo(0.02, 12);
    expect(m.high - m.mean).toBeCloseTo(0.049687, 5);
    expect(m.n).toBe(3);
    expect(meanInterval([NaN])).toBeNull();
    expect(meanInterval([0.5])).toMatchObject({ mean: 0.5, low: 0.5, high: 0.5 });
  });

  it('tabulates every round with the share of its query already known and its cycle seconds', () => {
    const results: Parameters<typeof addTrial>[0] = { strategies: {} };
    addTrial(results, 1, parseRaceCsv(csv(0.7, 0.6)));
    addTrial(results, 2, parseRaceCsv(csv(0.8, 0.6)));
    const rows = roundsTable(results).split('\n');
    // 0.7 and 0.8: half-width 12.706 x 0.070711 / sqrt(2) = 0.6353
    expect(rows[2]).toBe('| learning-loss | 200 | 50.0 (50.0-50.0) | 60.0 | 25.0 | 13.0 |');
    expect(rows[3]).toBe('| learning-loss | 300 | 75.0 (11.5-100.0) |  |  | 15.0 |');
    expect(rows[4]).toBe('| random | 200 | 50.0 (50.0-50.0) | 55.0 | 75.0 | 13.0 |');
  });

  it('sums each strategy’s picks by class over rounds and trials', () => {
    const withPicks = (a: number, b: number) => 'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds,picked_Shirt,picked_Bag\n'
      + `learning-loss,1,200,0.5,0.6,0.9,10,1,13,${a},${4 - a}\nlearning-loss,2,300,0.6,,0.8,12,1,15,,\n`
      + `random,1,200,0.5,0.55,0.95,10,1,13,${b},${4 - b}\nrandom,2,300,0.6,0.5,0.9,12,1,15,,\n`;
    const results: Parameters<typeof addTrial>[0] = { strategies: {} };
    expect(picksTable(results)).toBeNull();
    addTrial(results, 1, parseRaceCsv(withPicks(3, 1)));
    addTrial(results, 2, parseRaceCsv(withPicks(4, 2)));
    // learning loss: Shirt 3 + 4 = 7 of 8 (88%), Bag 1 + 0 = 1 (13%); random: Shirt 1 + 2 = 3 (38%), Bag 3 + 2 = 5 (63%)
    expect(picksTable(results)!.split('\n')).toEqual([
      '| strategy | Shirt | Bag | picked |',
      '|---|---|---|---|',
      '| learning-loss | 7 (88%) | 1 (13%) | 8 |',
      '| random | 3 (38%) | 5 (63%) | 8 |',
    ]);
    const summary = summaryMarkdown({ ...results, protocol: 'p', backend: 'wasm', adapter: 'cpu', settings: {} } as Parameters<typeof summaryMarkdown>[0], 'node x', 1);
    expect(summary).toContain('| learning-loss | 7 (88%) | 1 (13%) | 8 |');
    // Per query: the second round picked nothing (the last), so only the first round is listed.
    expect(picksPerRoundTable(results)!.split('\n')).toEqual([
      '| strategy | query after round | Shirt | Bag | picked |',
      '|---|---|---|---|---|',
      '| learning-loss | 1 | 7 (88%) | 1 (13%) | 8 |',
      '| random | 1 | 3 (38%) | 5 (63%) | 8 |',
    ]);
  });

  it('names IDX classes (class_0, class_1, ...) as the protocol knows them, and lists trials by seed', () => {
    const idx = 'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds,picked_class_0,picked_class_1\n'
      + 'random,1,200,0.5,0.55,0.95,10,1,13,1,3\n';
    const results: Parameters<typeof addTrial>[0] = { strategies: {} };
    addTrial(results, 2, parseRaceCsv(idx));
    addTrial(results, 1, parseRaceCsv(idx));
    expect(results.strategies.random.trials.map((t) => t.seed)).toEqual([1, 2]);
    expect(picksTable(results, ['T-shirt', 'trouser'])!.split('\n')[0]).toBe('| strategy | T-shirt | trouser | picked |');
    expect(picksTable(results)!.split('\n')[0]).toBe('| strategy | class_0 | class_1 | picked |');
  });
});
