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
import { densityWeightedScores } from './density';
import { meanKlScores, voteEntropyScores } from './committee';
import { badgeSelect } from './badge';
import { lossDiverseSelect, POOL_FACTOR } from './lossDiversity';

export type StrategyName =
  | 'learning-loss'
  | 'learning-loss-mse'
  | 'loss-diverse'
  | 'random'
  | 'entropy'
  | 'margin'
  | 'least-confidence'
  | 'density-weighted'
  | 'qbc-vote'
  | 'qbc-kl'
  | 'core-set'
  | 'badge';

/** What a strategy reads besides the subset's ids; the cycle computes only what is needed. */
export type StrategyNeed =
  | 'predicted-loss'
  | 'logits'
  /** penultimate features of the scored subset */
  | 'features'
  /** penultimate features of the labeled set too */
  | 'labeled-features'
  /** the logits of a committee of the last epochs' weights (ml/committee.ts) */
  | 'committee';

export interface StrategyInfo {
  label: string;
  /** one line on what the strategy favours, shown beside its name in the race and the settings */
  description: string;
  needs: readonly StrategyNeed[];
}

/** Members of a query-by-committee committee: the weights at the end of the last this many epochs. */
export const COMMITTEE_SIZE = 5;

export const STRATEGIES: Record<StrategyName, StrategyInfo> = {
  'learning-loss': {
    label: 'Learning loss',
    description: 'Highest loss predicted by the loss module trained with the ranking loss (Yoo & Kweon 2019).',
    needs: ['predicted-loss'],
  },
  'learning-loss-mse': {
    label: 'Learning loss (MSE)',
    description: 'Highest predicted loss, with the loss module trained by mean squared error (the paper\'s ablation).',
    needs: ['predicted-loss'],
  },
  'loss-diverse': {
    label: 'Learning loss + diversity',
    description: `High predicted loss, spread out: k-center over the ${POOL_FACTOR}K highest predicted losses, so one confusing kind of image cannot fill the query.`,
    needs: ['predicted-loss', 'features', 'labeled-features'],
  },
  random: {
    label: 'Random',
    description: 'K samples drawn uniformly from the scored subset.',
    needs: [],
  },
  entropy: {
    label: 'Entropy',
    description: 'Highest entropy of the softmax output.',
    needs: ['logits'],
  },
  margin: {
    label: 'Margin',
    description: 'Smallest gap between the two highest softmax probabilities.',
    needs: ['logits'],
  },
  'least-confidence': {
    label: 'Least confidence',
    description: 'Lowest highest softmax probability.',
    needs: ['logits'],
  },
  'density-weighted': {
    label: 'Density-weighted entropy',
    description: 'Uncertain images typical of the pool: entropy times mean feature similarity to the subset (Settles & Craven 2008).',
    needs: ['logits', 'features'],
  },
  'qbc-vote': {
    label: 'Committee vote',
    description: `Most disagreement on the top class among the last ${COMMITTEE_SIZE} epochs' weights (vote entropy, ties by mean KL).`,
    needs: ['committee'],
  },
  'qbc-kl': {
    label: 'Committee KL',
    description: `Most disagreement on the class probabilities among the last ${COMMITTEE_SIZE} epochs' weights (mean KL to their average). Below random on Fashion-MNIST in lossloop's benchmarks.`,
    needs: ['committee'],
  },
  'core-set': {
    label: 'Core-set',
    description: 'Greedy k-center selection in the penultimate-layer feature space (Sener & Savarese 2018).',
    needs: ['features', 'labeled-features'],
  },
  badge: {
    label: 'BADGE',
    description: 'Large and varied expected changes to the last layer: k-means++ over gradient embeddings (Ash et al. 2020).',
    needs: ['logits', 'features'],
  },
};

export function strategyNeeds(name: StrategyName, need: StrategyNeed): boolean {
  return STRATEGIES[name].needs.includes(need);
}

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
  /** [n * featureDim] penultimate-layer features of the subset (strategies that need 'features') */
  features?: Float32Array;
  /** [m * featureDim] penultimate-layer features of the labeled set; empty if nothing is labeled ('labeled-features') */
  labeledFeatures?: Float32Array;
  featureDim?: number;
  /** [n * numClasses] logits of each committee member, oldest first ('committee') */
  committee?: Float32Array[];
  /** how many samples to query */
  k: number;
  /** seed of the strategies that draw at random (random, BADGE) */
  seed: number;
  /** squared nearest-center distances (k-center strategies); defaults to the plain-JS version */
  nearestDistances?: NearestDistances;
}

/** The subset's features, checked against its size; an error names the strategy and what is missing. */
function subsetFeatures(name: StrategyName, input: StrategyInput): { features: Float32Array; dim: number } {
  const { features, featureDim } = input;
  if (features === undefined || featureDim === undefined) {
    throw new Error(`selectQuery('${name}'): missing ${features === undefined ? 'features' : 'featureDim'} (penultimate-layer features are required)`);
  }
  if (features.length !== input.ids.length * featureDim) {
    throw new Error(`selectQuery('${name}'): ${input.ids.length} ids need ${input.ids.length * featureDim} feature values, got ${features.length}`);
  }
  return { features, dim: featureDim };
}

function labeledFeaturesOf(name: StrategyName, input: StrategyInput): Float32Array {
  if (input.labeledFeatures === undefined) throw new Error(`selectQuery('${name}'): missing labeledFeatures (penultimate-layer features are required)`);
  return input.labeledFeatures;
}

function committeeOf(name: StrategyName, input: StrategyInput): Float32Array[] {
  if (!input.committee || input.committee.length === 0) throw new Error(`selectQuery('${name}'): missing the committee's logits`);
  return input.committee;
}

/**
 * The ids of the samples to ask the human about, most wanted first (random: in draw order).
 * At most `k` ids, all distinct; every id of the subset if `k` is larger than it.
 */
export async function selectQuery(name: StrategyName, input: StrategyInput): Promise<number[]> {
  const { ids, k } = input;
  const toIds = (indices: number[]) => indices.map((i) => ids[i]);
  switch (name) {
    case 'learning-loss':
    case 'learning-loss-mse':
      return selectTopK(ids, input.predictedLoss, k);
    case 'loss-diverse': {
      const { features, dim } = subsetFeatures(name, input);
      return toIds(await lossDiverseSelect(input.predictedLoss, features, labeledFeaturesOf(name, input), dim, k, input.nearestDistances));
    }
    case 'entropy':
      return selectTopK(ids, entropyScores(input.logits, input.numClasses), k);
    case 'margin':
      return selectTopK(ids, marginScores(input.logits, input.numClasses), k);
    case 'least-confidence':
      return selectTopK(ids, leastConfidenceScores(input.logits, input.numClasses), k);
    case 'density-weighted': {
      const { features, dim } = subsetFeatures(name, input);
      return selectTopK(ids, densityWeightedScores(input.logits, input.numClasses, features, dim), k);
    }
    case 'qbc-vote': {
      const committee = committeeOf(name, input);
      return selectTopK(ids, voteEntropyScores(committee, input.numClasses), k, meanKlScores(committee, input.numClasses));
    }
    case 'qbc-kl':
      return selectTopK(ids, meanKlScores(committeeOf(name, input), input.numClasses), k);
    case 'random':
      return sampleWithoutReplacement(ids, k, createRng(input.seed));
    case 'core-set': {
      const { features, dim } = subsetFeatures(name, input);
      return toIds(await coreSetSelect(features, labeledFeaturesOf(name, input), dim, k, input.nearestDistances ?? nearestDistancesCpu));
    }
    case 'badge': {
      const { features, dim } = subsetFeatures(name, input);
      return toIds(badgeSelect(input.logits, input.numClasses, features, dim, k, createRng(input.seed)));
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
export { badgeSelect } from './badge';
export { densityWeightedScores, meanCosineSimilarity } from './density';
export { meanKlScores, voteEntropyScores } from './committee';
export { lossDiverseSelect } from './lossDiversity';
