import { describe, expect, it } from 'vitest';
import { queryStrategyFor } from '../../src/lib/al/queryFallback';

describe('the query strategy of a project cycle', () => {
  const on = { fallbackWhenAtChance: true };
  it('is entropy for a loss head at chance, with the setting on', () => {
    expect(queryStrategyFor({ ...on, strategy: 'learning-loss' }, 0.55, 100)).toBe('entropy');
    expect(queryStrategyFor({ ...on, strategy: 'learning-loss-mse' }, NaN, 100)).toBe('entropy');
  });

  it('stays the settings\' strategy for a head above chance, with the setting off, or for a strategy without a head', () => {
    expect(queryStrategyFor({ ...on, strategy: 'learning-loss' }, 0.6, 100)).toBe('learning-loss');
    expect(queryStrategyFor({ fallbackWhenAtChance: false, strategy: 'learning-loss' }, 0.5, 100)).toBe('learning-loss');
    expect(queryStrategyFor({ ...on, strategy: 'core-set' }, 0.5, 100)).toBe('core-set');
  });
});
