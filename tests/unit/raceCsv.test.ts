import { describe, expect, it } from 'vitest';
import { raceCsv } from '../../src/lib/data/export/raceCsv';
import { PRESETS } from '../../src/lib/data/settings';
import type { RaceRecord } from '../../src/lib/data/schema';

const point = (labeled: number, testAccuracy: number, rankingAccuracy = 0.5) => ({
  labeled, testAccuracy, rankingAccuracy, rankingLoss: 0.75, trainSeconds: 1.5, scoreSeconds: 0.25,
  // an older race's points have no cycle time
  ...(Number.isNaN(rankingAccuracy) ? {} : { cycleSeconds: 2 }),
});

describe('the race as CSV', () => {
  it('writes one row per strategy and round, in lane order, and leaves undefined numbers empty', () => {
    const race: RaceRecord = {
      projectId: 'p', settings: PRESETS.quick.settings, rounds: 2, testIds: [], testLabels: [], state: 'stopped', backend: 'cpu', startedAt: 0,
      lanes: [
        { strategy: 'learning-loss', labeledIds: [], points: [point(20, 0.4), point(28, 0.55)] },
        { strategy: 'random', labeledIds: [], points: [point(20, 0.4, NaN)] },
      ],
    };
    expect(raceCsv(race)).toBe(
      'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds,cycle_seconds\n' +
      'learning-loss,1,20,0.4,0.5,0.75,1.5,0.25,2\n' +
      'learning-loss,2,28,0.55,0.5,0.75,1.5,0.25,2\n' +
      'random,1,20,0.4,,0.75,1.5,0.25,\n',
    );
  });
});
