import { beforeAll, describe, expect, it } from 'vitest';
import { benchmarkBackend } from '../../src/lib/ml/benchmark';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

describe('the backend benchmark', () => {
  it('reads back once per 8 training steps and at the end of the epoch, and leaves no tensor behind', async () => {
    const result = await benchmarkBackend({
      network: { inputShape: [6, 6, 1], numClasses: 3, stageWidths: [2, 3], blocksPerStage: 1, headUnits: 3 },
      batchSize: 4, warmupSteps: 1, timedSteps: 3, scoreImages: 10, epochSteps: 10, leakCycles: 3,
    });
    expect(result.stepMillis).toHaveLength(3);
    expect(result.medianStepMillis).toBeGreaterThan(0);
    expect(result.trainSamplesPerSecond).toBeCloseTo(4000 / result.medianStepMillis, 6);
    // 10 steps: one readback after step 8, one for the last 2 steps; nothing per step
    expect(result.readbacksPerEpoch).toBe(2);
    expect(result.tensorGrowth).toBe(0);
    expect(result.tensorGrowthOverCycles).toBe(0);
  });
});
