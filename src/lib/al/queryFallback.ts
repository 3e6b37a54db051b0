import type { ProjectSettings } from '../data/store/settings';
import type { StrategyName } from './strategies';
import { aboveChance } from './confidence';

/**
 * Which strategy chooses a project's next query. A loss head that ranks test images no better
 * than chance picks as well as random sampling, so with the setting on, entropy (which needs no
 * head) stands in until the head has learned. Strategy races and experiments compare strategies
 * as they are and never call this.
 */

export const LOSS_HEAD_STRATEGIES: readonly StrategyName[] = ['learning-loss', 'learning-loss-mse'];

/** The strategy that stands in for a loss head at chance. */
export const FALLBACK_STRATEGY: StrategyName = 'entropy';

export function usesLossHead(strategy: StrategyName): boolean {
  return LOSS_HEAD_STRATEGIES.includes(strategy);
}

/** The strategy for the query, given the head's ranking accuracy over `testCount` test images. */
export function queryStrategyFor(
  settings: Pick<ProjectSettings, 'strategy' | 'fallbackWhenAtChance'>, rankingAccuracy: number, testCount: number,
): StrategyName {
  const headAtChance = usesLossHead(settings.strategy) && !aboveChance(rankingAccuracy, testCount);
  return settings.fallbackWhenAtChance && headAtChance ? FALLBACK_STRATEGY : settings.strategy;
}
