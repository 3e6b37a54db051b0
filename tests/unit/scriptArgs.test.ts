import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../scripts/app-session.mjs';
import { cycleSecondsInAll } from '../../scripts/experiment/report.mjs';

describe("the scripts' command line", () => {
  it('reads --name value pairs, and a --flag without a value as true', () => {
    expect(parseArgs(['--out', 'DIR', '--report-only'])).toEqual({ out: 'DIR', 'report-only': true });
    expect(parseArgs(['--report-only', '--out', 'DIR', '--set', 'lambda=-1'])).toEqual({ 'report-only': true, out: 'DIR', set: 'lambda=-1' });
  });
});

describe('the time a run holds', () => {
  it('sums every cycle of every lane, a round without seconds counting nothing', () => {
    const round = (cycleSeconds: number | null) => ({ labeled: 1, testAccuracy: 0.5, rankingAccuracy: null, rankingLoss: 0, trainSeconds: 0, scoreSeconds: 0, cycleSeconds });
    const results = { strategies: { a: { trials: [{ seed: 1, rounds: [round(100), round(200)] }] }, b: { trials: [{ seed: 1, rounds: [round(50), round(null)] }] } } };
    expect(cycleSecondsInAll(results)).toBe(350);
  });
});
