import { describe, expect, it } from 'vitest';
import { aboutDuration, measuredSpeed, nextCycleCost } from '../../src/lib/state/cycleCost';
import { fittedBatchSize } from '../../src/lib/core/schedule';
import { PRESETS } from '../../src/lib/data/store/settings';
import type { CycleRecord } from '../../src/lib/data/store/schema';

const quick = { ...PRESETS.quick.settings, epochs: 10, minSteps: 300, batchSize: 32, testSize: 2000, subsetM: 1000 };

/** A finished cycle: 100 labels, 75 epochs of 4 steps (3 x 32 + 4), so 7,500 samples in 30 s. */
function cycle(backend = 'wasm', settings = quick): CycleRecord {
  return {
    labeledCount: 100, settings, backend, trainSeconds: 30, scoreSeconds: 0.5, subsetSize: 1000,
    epochs: Array.from({ length: 75 }, (_, epoch) => ({ epoch, crossEntropy: 1, rankingLoss: 1, trainAccuracy: 0.5 })),
  } as CycleRecord;
}

describe('the cost of the next cycle', () => {
  it('fits the batch to the labeled set', () => {
    expect(fittedBatchSize(32, 100)).toBe(32);
    expect(fittedBatchSize(32, 21)).toBe(20);
  });

  it("measures a cycle's speed: 7,500 samples in 30 s, 1,000 scored in 0.5 s", () => {
    expect(measuredSpeed(cycle())).toEqual({ trainPerSecond: 250, scorePerSecond: 2000 });
  });

  it('predicts from the last cycle on the same backend and network', () => {
    // 200 labels at batch 32: 7 steps an epoch (6 x 32 + 8); 300 steps need 43 epochs = 301 steps,
    // 43 x 200 = 8,600 samples at 250/s = 34.4 s; 2,000 test + 1,000 scored at 2,000/s = 1.5 s.
    const cost = nextCycleCost([cycle()], quick, { labeledCount: 200, unlabeledCount: 9800, testCount: 2000, backend: 'wasm' });
    expect(cost.steps).toBe(301);
    expect(cost.epochs).toBe(43);
    expect(cost.seconds).toBeCloseTo(35.9, 10);
  });

  it('knows no time before a cycle on this backend and network has run', () => {
    const next = { labeledCount: 200, unlabeledCount: 9800, testCount: 2000, backend: 'wasm' };
    expect(nextCycleCost([], quick, next)).toEqual({ steps: 301, epochs: 43, seconds: null });
    expect(nextCycleCost([cycle('webgpu')], quick, next).seconds).toBeNull();
    expect(nextCycleCost([cycle('wasm', { ...quick, stageWidths: [16, 32, 64] })], quick, next).seconds).toBeNull();
  });

  it('says an estimate in round figures', () => {
    expect(aboutDuration(2)).toBe('about 5 s');
    expect(aboutDuration(37.4)).toBe('about 35 s');
    expect(aboutDuration(38)).toBe('about 40 s');
    expect(aboutDuration(200)).toBe('about 3 min');
    expect(aboutDuration(3 * 3600)).toBe('about 3.0 h');
  });
});
