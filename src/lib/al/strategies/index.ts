/**
 * The query strategies: learning loss (the method) and the baselines of docs/method.md, behind one
 * function so that every strategy runs under the identical recipe and differs only in the query.
 */

import { createRng, sampleWithoutReplacement } from '../../core/random';
import { selectTopK } from '../select';
import { coreSetSelect } from './coreSet';
import type { NearestDistances } from '../../core/nearestDistances';
import { nearestDistancesCpu } from './distances';
import { entropyScores, leastConfidenceScores, marginScores } from './uncertainty';

export type StrategyName =
  | 'learning-loss'
  | 'learning-loss-mse'
  | 'random'
  | 'entropy'
  | 'margin'
  | 'least-confidence'
  | 'core-set';

export interface StrategyInfo {
  label: string;
  description: string;
  /** what the scored subset must provide besides its ids */
  uses: 'predicted-loss' | 'logits' | 'features' | 'nothing';
}

export const STRATEGIES: Record<StrategyName, StrategyInfo> = {
  'learning-loss': {
    label: 'Learning loss',
    description: 'Highest loss predicted by the loss module trained with the ranking loss (Yoo & Kweon 2019).',
    uses: 'predicted-loss',
  },
  'learning-loss-mse': {
    label: 'Learning loss (MSE)',
    description: 'Highest predicted loss, with the loss module trained by mean squared error (the paper\'s ablation).',
    uses: 'predicted-loss',
  },
  random: {
    label: 'Random',
    description: 'K samples drawn uniformly from the scored subset.',
    uses: 'nothing',
  },
  entropy: {
    label: 'Entropy',
    description: 'Highest entropy of the softmax output.',
    uses: 'logits',
  },
  margin: {
    label: 'Margin',
    description: 'Smallest gap between the two highest softmax probabilities.',
    uses: 'logits',
  },
  'least-confidence': {
    label: 'Least confidence',
    description: 'Lowest highest softmax probability.',
    uses: 'logits',
  },
  'core-set': {
    label: 'Core-set',
    description: 'Greedy k-center selection in the penultimate-layer feature space (Sener & Savarese 2018).',
    uses: 'features',
  },
};

export const STRATEGY_NAMES = Object.keys(STRATEGIES) as StrategyName[];

export function isStrategyName(value: unknown): value is StrategyName {
  return typeof value === 'string' && Object.hasOwn(STRATEGIES, value);
}

/** The scored subset S, row i of every array belonging to `ids[i]`. */
export interface StrategyInput {
  ids: number[];
  /** [n] output of the loss-prediction module */
  predictedLoss: Float32Array;
  /** [n * numClasses] row-major logits of the target network */
  logits: Float32Array;
  numClasses: number;
  /** [n * featureDim] penultimate-layer features of the subset (core-set only) */
  features?: Float32Array;
  /** [m * featureDim] penultimate-layer features of the labeled set; empty if nothing is labeled (core-set only) */
  labeledFeatures?: Float32Array;
  featureDim?: number;
  /** how many samples to query */
  k: number;
  /** seed of the random strategy */
  seed: number;
  /** squared nearest-center distances (core-set only); defaults to the plain-JS version */
  nearestDistances?: NearestDistances;
}

/**
 * The ids of the samples to ask the human about, most wanted first (random: in draw order).
 * At most `k` ids, all distinct; every id of the subset if `k` is larger than it.
 */
export async function selectQuery(name: StrategyName, input: StrategyInput): Promise<number[]> {
  const { ids, k } = input;
  switch (name) {
    case 'learning-loss':
    case 'learning-loss-mse':
      return selectTopK(ids, input.predictedLoss, k);
    case 'entropy':
      return selectTopK(ids, entropyScores(input.logits, input.numClasses), k);
    case 'margin':
      return selectTopK(ids, marginScores(input.logits, input.numClasses), k);
    case 'least-confidence':
      return selectTopK(ids, leastConfidenceScores(input.logits, input.numClasses), k);
    case 'random':
      return sampleWithoutReplacement(ids, k, createRng(input.seed));
    case 'core-set': {
      const { features, labeledFeatures, featureDim } = input;
      const missing = [
        features === undefined && 'features',
        labeledFeatures === undefined && 'labeledFeatures',
        featureDim === undefined && 'featureDim',
      ].filter((x): x is string => typeof x === 'string');
      if (features === undefined || labeledFeatures === undefined || featureDim === undefined) {
        throw new Error(`selectQuery('core-set'): missing ${missing.join(', ')} (penultimate-layer features are required)`);
      }
      if (features.length !== ids.length * featureDim) {
        throw new Error(
          `selectQuery('core-set'): ${ids.length} ids need ${ids.length * featureDim} feature values, got ${features.length}`,
        );
      }
      const picks = await coreSetSelect(features, labeledFeatures, featureDim, k, input.nearestDistances ?? nearestDistancesCpu);
      return picks.map((i) => ids[i]);
    }
    default: {
      const unknown: never = name;
      throw new Error(`selectQuery: unknown strategy ${String(unknown)}`);
    }
  }
}

export { coreSetSelect } from './coreSet';
export { nearestDistancesCpu } from './distances';
export { entropyScores, leastConfidenceScores, marginScores } from './uncertainty';
