import { beforeAll, describe, expect, it } from 'vitest';
import { benchmarkBackend, stepThroughput, type BenchmarkOptions } from '../../src/lib/ml/benchmark';
import { kernelCosts } from '../../src/lib/ml/kernelProfile';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

const tinyRun: BenchmarkOptions = {
  network: { inputShape: [6, 6, 1], numClasses: 3, stageWidths: [2, 3], blocksPerStage: 1, headUnits: 3 },
  batchSize: 4, warmupSteps: 1, timedSteps: 3, scoreImages: 10, epochSteps: 10, leakCycles: 3,
};

describe('the backend benchmark', () => {
  it('reads back once per 8 training steps and at the end of the epoch, and leaves no tensor behind', async () => {
    const result = await benchmarkBackend(tinyRun);
    expect(result.stepMillis).toHaveLength(3);
    expect(result.stepMillis).toContain(result.medianStepMillis);
    expect(result.medianStepMillis).toBeGreaterThan(0);
    expect(result.scoreSamplesPerSecond).toBeGreaterThan(0);
    // 10 steps: one readback after step 8, one for the last 2 steps; nothing per step
    expect(result.readbacksPerEpoch).toBe(2);
    expect(result.epochSteps).toBe(10);
    expect(result.tensorGrowth).toBe(0);
    expect(result.tensorGrowthOverCycles).toBe(0);
    expect(result.leakCycles).toBe(3);
  });

  it('counts exactly one readback per started group of 8 steps, whatever the epoch size', async () => {
    // steps -> readbacks: 1 -> 1 (the end), 8 -> 1 (after step 8, nothing left for the end),
    // 9 -> 2, 16 -> 2, 17 -> 3
    const expected: [number, number][] = [[1, 1], [8, 1], [9, 2], [16, 2], [17, 3]];
    for (const [epochSteps, readbacks] of expected) {
      const result = await benchmarkBackend({ ...tinyRun, timedSteps: 1, scoreImages: 2, leakCycles: 0, epochSteps });
      expect({ epochSteps, readbacks: result.readbacksPerEpoch }).toEqual({ epochSteps, readbacks });
    }
  });
});

describe('training throughput from step times', () => {
  it('takes the median step and turns it into samples per second', () => {
    // sorted 12.5, 25, 50: median 25 ms for 4 samples = 160 samples/s
    expect(stepThroughput([50, 12.5, 25], 4)).toEqual({ medianStepMillis: 25, trainSamplesPerSecond: 160 });
    // one slow step (a garbage collection) does not move it: sorted 20, 20, 900 -> 20 ms, 64 samples = 3200/s
    expect(stepThroughput([20, 900, 20], 64)).toEqual({ medianStepMillis: 20, trainSamplesPerSecond: 3200 });
  });

  it('takes the upper middle step of an even count', () => {
    // sorted 10, 20, 30, 40: index 2 is 30 ms; 6 samples / 0.03 s = 200 samples/s
    expect(stepThroughput([40, 10, 30, 20], 6)).toEqual({ medianStepMillis: 30, trainSamplesPerSecond: 200 });
  });

  it('refuses a run with no timed steps rather than report infinite speed', () => {
    expect(() => stepThroughput([], 4)).toThrow(/no steps/);
  });

  it('profiles one more step kernel by kernel when asked', async () => {
    const result = await benchmarkBackend({ ...tinyRun, timedSteps: 1, leakCycles: 0, profile: true });
    const conv = result.kernels!.find((k) => k.kernel === 'Conv2D')!;
    // The forward convolutions: the stem, two per block, and the projection of the second stage.
    expect(conv.calls).toBe(1 + 2 * 2 + 1);
    expect(result.kernels!.some((k) => k.kernel === 'Conv2DBackpropFilter')).toBe(true);
    expect(result.profiledStepMillis).toBeGreaterThan(0);
    expect(result.tensorGrowth).toBe(0);
    expect((await benchmarkBackend({ ...tinyRun, timedSteps: 1, leakCycles: 0 })).kernels).toBeNull();
  });
});

describe('kernel costs', () => {
  it('sums the profiled kernels by name, most expensive first', () => {
    const kernel = (name: string, kernelTimeMs: number | { error: string }) => ({ name, kernelTimeMs }) as never;
    const costs = kernelCosts({ kernels: [kernel('Conv2D', 3), kernel('Relu', 0.5), kernel('Conv2D', 4.5), kernel('Add', 1), kernel('Relu', { error: 'no timer' })] });
    expect(costs).toEqual([
      { kernel: 'Conv2D', calls: 2, millis: 7.5 },
      { kernel: 'Add', calls: 1, millis: 1 },
      { kernel: 'Relu', calls: 2, millis: 0.5 },
    ]);
  });
});
