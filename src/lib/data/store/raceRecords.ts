import type { StrategyName } from '../../al/strategies';
import type { ProjectSettings, UnlabeledTrainingChoice } from './settings';
import type { PseudoLabeled } from './schema';

/** What a strategy race stores (data/store/races.ts): the race, its lanes and their points. */

/** One strategy's measurement after one round of a race (the same fields as an experiment's rounds). */
export interface RacePoint {
  labeled: number;
  testAccuracy: number;
  rankingAccuracy: number;
  rankingLoss: number;
  trainSeconds: number;
  scoreSeconds: number;
  /** the whole round: loading, training, measuring, scoring, choosing (absent in older races) */
  cycleSeconds?: number;
  /** share of the round's query the model already guessed right at 90% or more (al/alreadyRight.ts); absent for the last round */
  queryAlreadyRight?: number;
}

export interface RaceLane {
  strategy: StrategyName;
  /** this lane's own choice of learning from unlabeled images (absent: the race's settings decide) */
  unlabeledTraining?: UnlabeledTrainingChoice;
  /** the pool images this strategy has had labeled by the simulated oracle so far */
  labeledIds: number[];
  points: RacePoint[];
  /** the last round's confident guesses, for the next round (unlabeled training from pseudo-labels) */
  pseudoLabeled?: PseudoLabeled;
}

/**
 * A strategy race: several strategies, each labeling from the hidden true labels, from the same
 * initial set and seed under the same settings. Saved after every point, so a closed tab loses at
 * most the round in progress. It never touches the project's own labels.
 */
export interface RaceRecord {
  projectId: string;
  settings: ProjectSettings;
  /** points per strategy: the initial set, then one more query per round */
  rounds: number;
  testIds: number[];
  testLabels: number[];
  lanes: RaceLane[];
  state: 'running' | 'stopped' | 'finished';
  backend: string;
  startedAt: number;
}
