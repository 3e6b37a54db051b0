import { STRATEGIES } from '../../al/strategies';
import type { RaceLane } from './schema';

/**
 * A race lane is a strategy, with or without learning from unlabeled images: racing both shows a
 * class the gain of the pool beside the gain of the query. A lane's name keys it in the chart, the
 * table and the CSV; its label is what people read.
 */

/** The suffix of a lane that learns from unlabeled images. */
export const WITH_UNLABELED = '+unlabeled';

export function laneName(lane: Pick<RaceLane, 'strategy' | 'unlabeledTraining'>): string {
  return lane.unlabeledTraining && lane.unlabeledTraining !== 'off' ? `${lane.strategy}${WITH_UNLABELED}` : lane.strategy;
}

export function laneLabel(lane: Pick<RaceLane, 'strategy' | 'unlabeledTraining'>): string {
  const label = STRATEGIES[lane.strategy].label;
  return lane.unlabeledTraining && lane.unlabeledTraining !== 'off' ? `${label} + unlabeled images` : label;
}
