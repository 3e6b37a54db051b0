import type { RaceRecord } from '../store/schema';
import { accuracyInterval, rankingAccuracyInterval } from '../../al/confidence';
import { classCounts, picksPerRound } from '../../al/picks';
import { laneName } from '../store/raceLanes';

/**
 * A race's points as CSV, one row per lane and round (a lane is a strategy, `+unlabeled` when it
 * learns from unlabeled images too): what a teacher pastes into a
 * spreadsheet. Numbers are written in full precision; times in seconds. The number of test images
 * and the 95% intervals come last, so that readers of the first columns need no change; when the
 * true labels are known, one `picked_<class>` column per class follows: how many of the images the
 * round's query picked (labeled for the next round) are of that class, empty for a round that
 * picked none (the last). `query_already_right` is the share of the round's query that its model
 * already guessed right at 90% or more (empty for the last round, and in races made before it was kept).
 */
export const RACE_CSV_HEADER = 'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds,'
  + 'test_images,test_accuracy_low,test_accuracy_high,ranking_accuracy_low,ranking_accuracy_high,query_already_right';

/** The true classes of the race's images, to count each round's picks by class. */
export interface RaceTruth {
  classNames: readonly string[];
  classOf: (id: number) => number | undefined;
}

export const PICKED_PREFIX = 'picked_';

/** A class's picks column: its name kept readable, with anything a CSV reader could trip on replaced; unique. */
export function pickedColumns(classNames: readonly string[]): string[] {
  const columns: string[] = [];
  classNames.forEach((name, i) => {
    const column = PICKED_PREFIX + (name.replace(/[^\w-]+/g, '_') || String(i));
    columns.push(columns.includes(column) ? `${column}_${i}` : column);
  });
  return columns;
}

export function raceCsv(race: RaceRecord, truth?: RaceTruth): string {
  const n = race.testIds.length;
  const classCount = truth?.classNames.length ?? 0;
  const header = truth ? [RACE_CSV_HEADER, ...pickedColumns(truth.classNames)].join(',') : RACE_CSV_HEADER;
  const rows = race.lanes.flatMap((lane) => {
    const picks = truth ? picksPerRound(lane.labeledIds, lane.points.map((p) => p.labeled)) : [];
    return lane.points.map((p, round) => {
      const accuracy = accuracyInterval(p.testAccuracy, n);
      // An unmeasured ranking accuracy has no interval either.
      const ranking = Number.isFinite(p.rankingAccuracy) ? rankingAccuracyInterval(p.rankingAccuracy, n) : { low: NaN, high: NaN };
      const picked = picks[round] ?? [];
      const pickedCells = truth && picked.length > 0 ? classCounts(picked, truth.classOf, classCount) : new Array<number>(classCount).fill(NaN);
      return [laneName(lane), round + 1, p.labeled, p.testAccuracy, p.rankingAccuracy, p.rankingLoss, p.trainSeconds, p.scoreSeconds, p.cycleSeconds ?? NaN,
        n, accuracy.low, accuracy.high, ranking.low, ranking.high, p.queryAlreadyRight ?? NaN, ...pickedCells]
        .map((value) => (typeof value === 'number' && !Number.isFinite(value) ? '' : String(value)))
        .join(',');
    });
  });
  return [header, ...rows].join('\n') + '\n';
}
