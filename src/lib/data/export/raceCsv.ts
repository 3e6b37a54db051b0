import type { RaceRecord } from '../schema';

/**
 * A race's points as CSV, one row per strategy and round: what a teacher pastes into a
 * spreadsheet. Numbers are written in full precision; times in seconds.
 */
export function raceCsv(race: RaceRecord): string {
  const header = 'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds';
  const rows = race.lanes.flatMap((lane) => lane.points.map((p, round) =>
    [lane.strategy, round + 1, p.labeled, p.testAccuracy, p.rankingAccuracy, p.rankingLoss, p.trainSeconds, p.scoreSeconds, p.cycleSeconds ?? NaN]
      .map((value) => (typeof value === 'number' && !Number.isFinite(value) ? '' : String(value)))
      .join(',')));
  return [header, ...rows].join('\n') + '\n';
}
