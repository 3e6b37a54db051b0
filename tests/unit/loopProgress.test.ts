import { describe, expect, it } from 'vitest';
import { cycleFractionAtEpoch, cycleProgressHooks, timeLeftEstimator, type CycleProgress } from '../../src/lib/loop/progress';
import { cycleWork, FORWARD_COST, phaseShares, totalWork, unlabeledWorkFactor } from '../../src/lib/loop/cycleWork';
import { cycleTrainedSamples } from '../../src/lib/core/schedule';

describe("a cycle's progress", () => {
  const shares = { training: 0.8, evaluating: 0.1, scoring: 0.1 };
  const collect = () => {
    const reports: CycleProgress[] = [];
    return { reports, hooks: cycleProgressHooks((p) => reports.push(p), shares) };
  };

  it('gives training its share of the bar (80% here), by epochs and steps done', () => {
    const { reports, hooks } = collect();
    // epoch 0 (shown as 1) of 2, step 5 of 10: half an epoch of two = a quarter of 0.8 = 0.2
    hooks.onTrainProgress!({ epoch: 0, epochs: 2, step: 5, stepsPerEpoch: 10, crossEntropy: 1.5, rankingLoss: 0.9, samplesPerSecond: 40 });
    // epoch 1 (shown as 2) of 2, step 10 of 10: all of training = 0.8
    hooks.onTrainProgress!({ epoch: 1, epochs: 2, step: 10, stepsPerEpoch: 10, crossEntropy: 1.2, rankingLoss: 0.8, samplesPerSecond: 50 });
    expect(reports[0]).toEqual({ phase: 'training', fraction: 0.2, epoch: 1, epochs: 2, crossEntropy: 1.5, rankingLoss: 0.9, samplesPerSecond: 40 });
    expect(reports[1].fraction).toBeCloseTo(0.8, 12);
    expect(reports[1].epoch).toBe(2);
  });

  it('gives evaluating and scoring their shares (10% each here), after training', () => {
    const { reports, hooks } = collect();
    hooks.onPhase!('evaluating', 1, 2); // 0.8 + 0.1 * 1/2
    hooks.onPhase!('scoring', 1, 4); // 0.8 + 0.1 + 0.1 * 1/4
    hooks.onPhase!('scoring', 4, 4); // the whole bar
    expect(reports.map((r) => r.phase)).toEqual(['evaluating', 'scoring', 'scoring']);
    expect(reports[0].fraction).toBeCloseTo(0.85, 12);
    expect(reports[1].fraction).toBeCloseTo(0.925, 12);
    expect(reports[2].fraction).toBeCloseTo(1, 12);
  });
});

describe('the time left', () => {
  it('extrapolates the time spent so far over the fraction still to do', () => {
    let now = 1000;
    const timeLeft = timeLeftEstimator(0, () => now);
    now = 3000; // 2 s spent
    // a quarter done in 2 s: three quarters take 6 s more
    expect(timeLeft(0.25)).toBeCloseTo(6, 12);
    // four fifths done in 2 s: one fifth takes 0.5 s more
    expect(timeLeft(0.8)).toBeCloseTo(0.5, 12);
  });

  it('says nothing until 2% is done, when there is no trend yet', () => {
    let now = 0;
    const timeLeft = timeLeftEstimator(0, () => now);
    now = 500;
    expect(timeLeft(0)).toBeUndefined();
    expect(timeLeft(0.02)).toBeUndefined();
    expect(timeLeft(0.05)).toBeCloseTo(9.5, 12); // 0.5 s * 0.95 / 0.05
  });
});

describe('the time left of a resumed cycle', () => {
  it('counts only the progress made since the resume', () => {
    let now = 0;
    // resumed after 5 of 10 epochs: the bar starts at 0.4
    const start = cycleFractionAtEpoch(5, 10, { training: 0.8, evaluating: 0.1, scoring: 0.1 });
    expect(start).toBeCloseTo(0.4, 12);
    const timeLeft = timeLeftEstimator(start, () => now);
    now = 2000;
    expect(timeLeft(0.41)).toBeUndefined(); // 1% in this run: no trend yet
    // 0.1 of the cycle in 2 s: the 0.5 still to do takes 10 s (the whole-run formula said 2 * 0.5 / 0.5 = 2 s)
    expect(timeLeft(0.5)).toBeCloseTo(10, 12);
    now = 4000;
    // the estimate keeps its pace rather than stalling near zero: 0.2 in 4 s, 0.4 left = 8 s
    expect(timeLeft(0.6)).toBeCloseTo(8, 12);
  });
});

describe("a cycle's work, shared out by what each phase costs", () => {
  const recipe = { epochs: 20, minSteps: 0, batchSize: 64, lrDropFraction: 0.8, detachFraction: 0.6 };

  it('counts the training images of every epoch, minSteps and the fitted batch included', () => {
    // 500 labels at 64: 7 batches of 64 and one of 52 = 500 an epoch, 20 epochs.
    expect(cycleTrainedSamples(500, recipe)).toBe(10_000);
    // 10 labels, batch cut to 10, minSteps 30: one step an epoch, so 30 epochs of 10.
    expect(cycleTrainedSamples(10, { ...recipe, epochs: 5, minSteps: 30 })).toBe(300);
    // 11 labels: the odd one waits, batch 10.
    expect(cycleTrainedSamples(11, { ...recipe, epochs: 2 })).toBe(20);
    expect(cycleTrainedSamples(1, recipe)).toBe(0);
  });

  it('prices a forward pass at an eighth of a training image', () => {
    expect(FORWARD_COST).toBe(1 / 8);
    // 500 labels: 10,000 trained; 10,000 tested = 1,250; 5,000 scored + 500 guessed = 687.5.
    const work = cycleWork({ labeled: 500, tested: 10_000, scored: 5000, scoringPasses: 0, guessed: 500, trainingFactor: 1 }, recipe);
    expect(work).toEqual({ training: 10_000, evaluating: 1250, scoring: 687.5 });
    expect(totalWork(work)).toBe(11_937.5);
    const shares = phaseShares(work);
    expect(shares.training).toBeCloseTo(10_000 / 11_937.5, 12);
    expect(shares.training + shares.evaluating + shares.scoring).toBeCloseTo(1, 12);
    // A committee of 5 scores the candidates 5 times: 25,000 / 8.
    expect(cycleWork({ labeled: 500, tested: 0, scored: 5000, scoringPasses: 5, guessed: 0, trainingFactor: 1 }, recipe).scoring).toBe(3125);
  });

  it('prices unlabeled training by what a step trains and predicts', () => {
    // consistency, mu = 2: two strong views trained (2) and two weak views predicted (2/8) per labeled image
    expect(unlabeledWorkFactor({ unlabeledTraining: 'consistency', unlabeledRatio: 2 })).toBe(3.25);
    expect(unlabeledWorkFactor({ unlabeledTraining: 'pseudo-labels', unlabeledRatio: 2 })).toBe(3);
    expect(unlabeledWorkFactor({ unlabeledTraining: 'off', unlabeledRatio: 2 })).toBe(1);
    expect(cycleWork({ labeled: 500, tested: 0, scored: 0, scoringPasses: 0, guessed: 0, trainingFactor: 3.25 }, recipe).training).toBe(32_500);
  });

  it('gives a larger labeled set a larger share of training', () => {
    const at = (labeled: number) => phaseShares(cycleWork({ labeled, tested: 10_000, scored: 5000, scoringPasses: 1, guessed: 0, trainingFactor: 1 }, recipe)).training;
    // 3,000 labels train 60,000 images against 1,250 + 625 of inference: 97%; 500 labels: 84%.
    expect(at(3000)).toBeCloseTo(60_000 / 61_875, 12);
    expect(at(500)).toBeCloseTo(10_000 / 11_875, 12);
    expect(phaseShares({ training: 0, evaluating: 0, scoring: 0 })).toEqual({ training: 1, evaluating: 0, scoring: 0 });
  });
});
