import { strategyNeeds, type StrategyName } from './strategies';
import { aboveChance } from './confidence';

/**
 * Which strategy chooses a project's next query. A loss head that ranks test images no better
 * than chance picks as well as random sampling, so with the setting on, entropy (which needs no
 * head) stands in until the head has learned. Strategy races and experiments compare strategies
 * as they are and never call this.
 */

/** The strategy that stands in for a loss head at chance. */
export const FALLBACK_STRATEGY: StrategyName = 'entropy';

/** Whether the strategy reads the loss head's predictions (and so is no better than them). */
export function usesLossHead(strategy: StrategyName): boolean {
  return strategyNeeds(strategy, 'predicted-loss');
}

/** The two project settings that decide the query strategy (a project's settings object fits). */
export interface QueryStrategySettings {
  strategy: StrategyName;
  fallbackWhenAtChance: boolean;
}

/** The strategy for the query, given the head's ranking accuracy over `testCount` test images. */
export function queryStrategyFor(settings: QueryStrategySettings, rankingAccuracy: number, testCount: number): StrategyName {
  const headAtChance = usesLossHead(settings.strategy) && !aboveChance(rankingAccuracy, testCount);
  return settings.fallbackWhenAtChance && headAtChance ? FALLBACK_STRATEGY : settings.strategy;
}
