import { describe, expect, it } from 'vitest';
import { detachedAtStep, learningRateAtStep, samplesPerEpoch, stepsPerEpoch, trainingSchedule } from '../../src/lib/core/schedule';

/** Every figure below is worked out by hand from the rule in src/lib/core/schedule.ts. */

const base = { lrDropFraction: 0.8, detachFraction: 0.6 };

describe('steps of one epoch', () => {
  it('counts full batches and an even rest of two or more', () => {
    expect(stepsPerEpoch(100, 32)).toBe(4); // 32+32+32, rest 4
    expect(stepsPerEpoch(96, 32)).toBe(3);
    expect(stepsPerEpoch(97, 32)).toBe(3); // rest 1 is left out
    expect(stepsPerEpoch(99, 32)).toBe(4); // rest 3 -> 2
    expect(stepsPerEpoch(500, 64)).toBe(8); // 7 x 64 + 52
    expect(samplesPerEpoch(99, 32)).toBe(98);
    expect(samplesPerEpoch(500, 64)).toBe(500);
    expect(samplesPerEpoch(11, 4)).toBe(10);
  });
});

describe('the schedule of a cycle', () => {
  it("keeps the paper's 200 epochs: detach at epoch 120, learning rate x0.1 at epoch 160", () => {
    // 1,000 labels at batch 128: 7 x 128 + 104 = 8 steps an epoch, 1,600 steps.
    const s = trainingSchedule(1000, { ...base, epochs: 200, minSteps: 0, batchSize: 128 });
    expect(s).toEqual({ epochs: 200, stepsPerEpoch: 8, totalSteps: 1600, lrDropStep: 1280, detachStep: 960 });
    expect(detachedAtStep(959, s)).toBe(false);
    expect(detachedAtStep(960, s)).toBe(true);
    expect(learningRateAtStep(1279, s, 0.1)).toBe(0.1);
    expect(learningRateAtStep(1280, s, 0.1)).toBeCloseTo(0.01, 12);
  });

  it('trains 100 labels long enough: 10 epochs would be 40 steps, 300 steps need 75 epochs', () => {
    const s = trainingSchedule(100, { ...base, epochs: 10, minSteps: 300, batchSize: 32 });
    expect(s).toEqual({ epochs: 75, stepsPerEpoch: 4, totalSteps: 300, lrDropStep: 240, detachStep: 180 });
  });

  it('rounds the epochs up: 150 steps over 8-step epochs is 19 epochs (152 steps)', () => {
    const s = trainingSchedule(500, { ...base, epochs: 5, minSteps: 150, batchSize: 64 });
    expect(s.epochs).toBe(19);
    expect(s.totalSteps).toBe(152);
    expect(s.lrDropStep).toBe(122); // round(121.6)
    expect(s.detachStep).toBe(91); // round(91.2)
  });

  it('lets the epochs rule once the labeled set is large', () => {
    // 2,000 labels at batch 32: 63 steps an epoch (62 x 32 + 16), 10 epochs = 630 >= 300.
    const s = trainingSchedule(2000, { ...base, epochs: 10, minSteps: 300, batchSize: 32 });
    expect(s.epochs).toBe(10);
    expect(s.totalSteps).toBe(630);
  });

  it('with minSteps 0 trains exactly the epochs asked', () => {
    expect(trainingSchedule(100, { ...base, epochs: 10, minSteps: 0, batchSize: 32 }).epochs).toBe(10);
  });

  it('places the drop and the detach mid-epoch when the fractions fall there', () => {
    // 3 epochs of 5 steps: drop at round(0.8 x 15) = 12, the third step of the last epoch.
    const s = trainingSchedule(40, { ...base, epochs: 3, minSteps: 0, batchSize: 8 });
    expect(s.totalSteps).toBe(15);
    expect(s.lrDropStep).toBe(12);
    expect(s.detachStep).toBe(9);
  });
});
