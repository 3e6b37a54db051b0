import { describe, expect, it } from 'vitest';
import { continueFrom, missingStrategies } from '../../scripts/experiment/resume.mjs';
import { addTrial } from '../../scripts/experiment/report.mjs';

const round = (labeled: number, testAccuracy = 0.7) => ({
  labeled, testAccuracy, rankingAccuracy: null, rankingLoss: 0.5, trainSeconds: 1, scoreSeconds: 1, cycleSeconds: null,
});
type Round = ReturnType<typeof round>;
const run = () => ({
  protocol: 'fmnist-quick', backend: 'wasm', data: '/data', loop: 'race', rounds: 2,
  settings: { epochs: 20, stageWidths: [16, 32, 64] }, strategies: {} as Record<string, { trials: { seed: number; rounds: Round[] }[] }>,
});

describe('resuming an experiment', () => {
  it('goes on from the results of the same run and skips every complete (trial, strategy)', () => {
    const earlier = run();
    addTrial(earlier, 1, { 'learning-loss': [round(500), round(1000)], random: [round(500), round(1000)] });
    // Seed 2 was cut short: random has one round of two, learning loss nothing.
    addTrial(earlier, 2, { random: [round(500)] });
    const results = continueFrom(earlier, run());
    expect(results).toBe(earlier);
    expect(missingStrategies(results, 1, ['learning-loss', 'random'])).toEqual([]);
    expect(missingStrategies(results, 2, ['learning-loss', 'random'])).toEqual(['learning-loss', 'random']);
    // A strategy added to the command is missing from every trial.
    expect(missingStrategies(results, 1, ['learning-loss', 'random', 'entropy'])).toEqual(['entropy']);
  });

  it('counts a round without a test accuracy as unfinished', () => {
    const results = run();
    addTrial(results, 1, { random: [round(500), round(1000, Number.NaN)] });
    expect(missingStrategies(results, 1, ['random'])).toEqual(['random']);
  });

  it('replaces an interrupted trial instead of keeping it twice', () => {
    const results = run();
    addTrial(results, 2, { random: [round(500)] });
    addTrial(results, 2, { random: [round(500, 0.71), round(1000, 0.76)] });
    expect(results.strategies.random.trials).toEqual([{ seed: 2, rounds: [round(500, 0.71), round(1000, 0.76)] }]);
  });

  it('refuses the results of another run, naming what differs', () => {
    const other = { ...run(), rounds: 6, settings: { epochs: 200, stageWidths: [16, 32, 64] } };
    expect(() => continueFrom(other, run(), 'out/results.json')).toThrow(
      'out/results.json holds another run (its rounds, settings differ): choose another --out, or delete it to start again.',
    );
  });
});
