import type { RaceRecord } from '../store/schema';
import { accuracyInterval, rankingAccuracyInterval } from '../../al/confidence';

/**
 * A race's points as CSV, one row per strategy and round: what a teacher pastes into a
 * spreadsheet. Numbers are written in full precision; times in seconds. The number of test images
 * and the 95% intervals come last, so that readers of the first columns need no change.
 */
export const RACE_CSV_HEADER = 'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds,'
  + 'test_images,test_accuracy_low,test_accuracy_high,ranking_accuracy_low,ranking_accuracy_high';

export function raceCsv(race: RaceRecord): string {
  const n = race.testIds.length;
  const rows = race.lanes.flatMap((lane) => lane.points.map((p, round) => {
    const accuracy = accuracyInterval(p.testAccuracy, n);
    // An unmeasured ranking accuracy has no interval either.
    const ranking = Number.isFinite(p.rankingAccuracy) ? rankingAccuracyInterval(p.rankingAccuracy, n) : { low: NaN, high: NaN };
    return [lane.strategy, round + 1, p.labeled, p.testAccuracy, p.rankingAccuracy, p.rankingLoss, p.trainSeconds, p.scoreSeconds, p.cycleSeconds ?? NaN,
      n, accuracy.low, accuracy.high, ranking.low, ranking.high]
      .map((value) => (typeof value === 'number' && !Number.isFinite(value) ? '' : String(value)))
      .join(',');
  }));
  return [RACE_CSV_HEADER, ...rows].join('\n') + '\n';
}
