import type { CycleRecord } from '../data/store/schema';
import type { StrategyName } from '../al/strategies';
import { accuracyInterval, aboveChance, rankingAccuracyInterval, type Interval } from '../al/confidence';

/** What a finished cycle's numbers are worth: how many test images measured them, and their intervals. */
export interface CycleConfidence {
  testImages: number;
  accuracy: Interval;
  ranking: Interval;
  /** the loss head ranks test images better than chance, by the interval */
  headAboveChance: boolean;
}

/**
 * The number of test images a cycle was measured on. Cycles from before the per-image results
 * were kept still have the confusion matrix, which counts every test image once.
 */
export function testImageCount(cycle: CycleRecord): number {
  return cycle.testSamples?.ids.length ?? cycle.metrics.confusion.flat().reduce((a, b) => a + b, 0);
}

export function cycleConfidence(cycle: CycleRecord): CycleConfidence {
  const n = testImageCount(cycle);
  return {
    testImages: n,
    accuracy: accuracyInterval(cycle.metrics.testAccuracy, n),
    ranking: rankingAccuracyInterval(cycle.metrics.rankingAccuracy, n),
    headAboveChance: aboveChance(cycle.metrics.rankingAccuracy, n),
  };
}

/** The strategy that chose a cycle's query (older cycles did not record it: their settings' strategy). */
export function queryStrategyOf(cycle: CycleRecord): StrategyName {
  return cycle.queryStrategy ?? cycle.settings.strategy;
}
