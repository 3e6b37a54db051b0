import { describe, expect, it } from 'vitest';
import { pickedColumns, raceCsv } from '../../src/lib/data/formats/raceCsv';
import { parseRaceCsv } from '../../scripts/experiment/report.mjs';
import { PRESETS } from '../../src/lib/data/store/settings';
import type { RaceRecord } from '../../src/lib/data/store/schema';

const point = (labeled: number, testAccuracy: number, rankingAccuracy = 0.5) => ({
  labeled, testAccuracy, rankingAccuracy, rankingLoss: 0.75, trainSeconds: 1.5, scoreSeconds: 0.25,
  // an older race's points have no cycle time
  ...(Number.isNaN(rankingAccuracy) ? {} : { cycleSeconds: 2 }),
});

const ids100 = Array.from({ length: 100 }, (_, i) => i);

describe('the race as CSV', () => {
  it('writes one row per strategy and round, in lane order, and leaves undefined numbers empty', () => {
    const race: RaceRecord = {
      projectId: 'p', settings: PRESETS.quick.settings, rounds: 2, testIds: ids100, testLabels: ids100.map(() => 0), state: 'stopped', backend: 'cpu', startedAt: 0,
      lanes: [
        { strategy: 'learning-loss', labeledIds: [], points: [{ ...point(20, 0.4), queryAlreadyRight: 0.25 }, point(28, 0.55)] },
        { strategy: 'random', labeledIds: [], points: [point(20, 0.4, NaN)] },
      ],
    };
    const lines = raceCsv(race).split('\n');
    expect(lines[0]).toBe('strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds,'
      + 'test_images,test_accuracy_low,test_accuracy_high,ranking_accuracy_low,ranking_accuracy_high,query_already_right');
    // the share of the query already known: the first round's, none for the last or an older race
    expect(lines.slice(1, 4).map((line) => line.split(',')[14])).toEqual(['0.25', '', '']);
    // The first columns as they always were.
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 9).join(','))).toEqual([
      'learning-loss,1,20,0.4,0.5,0.75,1.5,0.25,2',
      'learning-loss,2,28,0.55,0.5,0.75,1.5,0.25,2',
      'random,1,20,0.4,,0.75,1.5,0.25,',
      '',
    ]);
    // Then 100 test images and the 95% intervals; an unmeasured ranking accuracy has none.
    const tail = (line: string) => line.split(',').slice(9).map((v) => (v === '' ? null : Number(v)));
    const [n, accuracyLow, accuracyHigh, rankingLow, rankingHigh] = tail(lines[2]);
    expect(n).toBe(100);
    // 55 of 100: Wilson center (0.55 + 0.019208) / 1.038416 = 0.54815, half 1.96 / 1.038416 · sqrt(0.002475 + 0.000096) = 0.09571
    expect(accuracyLow).toBeCloseTo(0.4524, 4);
    expect(accuracyHigh).toBeCloseTo(0.6439, 4);
    // 0.5 over 100 images = 225 trials: center 0.5, half 1.96 / 1.017074 · sqrt(1/900 + 3.8416/202500) = 0.06478
    expect(rankingLow).toBeCloseTo(0.4352, 4);
    expect(rankingHigh).toBeCloseTo(0.5648, 4);
    expect(tail(lines[3]).slice(3, 5)).toEqual([null, null]);
    // The experiment runner reads it by column name, the new columns left alone.
    expect(parseRaceCsv(raceCsv(race)).random).toEqual([{ labeled: 20, testAccuracy: 0.4, rankingAccuracy: null, rankingLoss: 0.75, trainSeconds: 1.5, scoreSeconds: 0.25, cycleSeconds: null, queryAlreadyRight: null }]);
    expect(parseRaceCsv(raceCsv(race))['learning-loss'][0].queryAlreadyRight).toBe(0.25);
  });

  it('adds each round’s picks by true class after the other columns when the true labels are known', () => {
    const race: RaceRecord = {
      projectId: 'p', settings: PRESETS.quick.settings, rounds: 3, testIds: ids100, testLabels: ids100.map(() => 0), state: 'finished', backend: 'cpu', startedAt: 0,
      lanes: [
        // initial 10, 11; round 1 picked 5, 3; round 2 picked 7, 1; round 3 measured only
        { strategy: 'learning-loss', labeledIds: [10, 11, 5, 3, 7, 1], points: [point(2, 0.4), point(4, 0.5), point(6, 0.6)] },
      ],
    };
    const classOf = (id: number) => ({ 1: 0, 3: 2, 5: 2, 7: 1, 10: 0, 11: 1 } as Record<number, number>)[id];
    const lines = raceCsv(race, { classNames: ['T-shirt/top', 'Coat', 'Ankle boot'], classOf }).trim().split('\n');
    const header = lines[0].split(',');
    // the columns before stay where they were
    expect(header.slice(0, 15).join(',')).toBe(raceCsv(race).split('\n')[0]);
    expect(header.slice(15)).toEqual(['picked_T-shirt_top', 'picked_Coat', 'picked_Ankle_boot']);
    // round 1: 5 and 3 are both Ankle boot; round 2: 7 is a Coat, 1 a T-shirt; round 3 picked none
    expect(lines.slice(1).map((line) => line.split(',').slice(15).join(','))).toEqual(['0,0,2', '1,1,0', ',,']);
    // The experiment runner reads them as a count per class.
    expect(parseRaceCsv(lines.join('\n'))['learning-loss'].map((r) => r.picked)).toEqual([
      { 'T-shirt_top': 0, Coat: 0, Ankle_boot: 2 }, { 'T-shirt_top': 1, Coat: 1, Ankle_boot: 0 }, undefined]);
  });

  it('names the picks columns readably and uniquely', () => {
    expect(pickedColumns(['a,b', 'a b', '', 'Bag'])).toEqual(['picked_a_b', 'picked_a_b_1', 'picked_2', 'picked_Bag']);
  });
});
