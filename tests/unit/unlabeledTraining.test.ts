import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { confidentPseudoLabels, maskedCrossEntropy } from '../../src/lib/ml/pseudoLabels';
import { cutout, makeStrongBatch, photometric, strongShift } from '../../src/lib/ml/strongAugment';
import { drawDistinct, unlabeledBatchSize } from '../../src/lib/ml/unlabeledBatch';
import { runCycle, type CycleSettings, type EpochCheckpoint } from '../../src/lib/ml/cycle';
import { confidentGuesses } from '../../src/lib/loop/cycleSetup';
import { createRng, type Rng } from '../../src/lib/core/random';
import { tinyImages, tinyNetwork } from './tinyData';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

/** A generator that returns the given numbers in turn: every random choice of a test by hand. */
function sequence(values: number[]): Rng {
  let i = 0;
  return Object.defineProperty(() => values[i++ % values.length], 'state', { get: () => i }) as Rng;
}

// softmax([ln 18, 0, 0]) = (0.9, 0.05, 0.05); softmax([0, ln 38, 0]) = (0.025, 0.95, 0.025); softmax(0, 0, 0) = 1/3 each.
const LOGITS = [[Math.log(18), 0, 0], [0, Math.log(38), 0], [0, 0, 0]];

async function values(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

describe('confident pseudo-labels', () => {
  it('take the top class where its probability reaches the threshold', async () => {
    const at = async (threshold: number) => {
      const { labels, mask } = confidentPseudoLabels(tf.tensor2d(LOGITS), threshold);
      return { labels: await values(labels), mask: await values(mask) };
    };
    expect(await at(0.9)).toEqual({ labels: [0, 1, 0], mask: [1, 1, 0] });
    expect(await at(0.95)).toEqual({ labels: [0, 1, 0], mask: [0, 1, 0] });
    expect((await at(0.99)).mask).toEqual([0, 0, 0]);
  });

  it('give a masked cross-entropy averaged over every unlabeled image, passed or not', async () => {
    // (-ln 0.9 - ln 0.95 + 0) / 3
    const loss = maskedCrossEntropy(tf.tensor2d(LOGITS), tf.tensor1d([0, 1, 2], 'int32'), tf.tensor1d([1, 1, 0]));
    expect((await values(loss))[0]).toBeCloseTo(0.0522179367, 6);
  });

  it('give zero loss and zero gradient when nothing passes the threshold', async () => {
    const logits = tf.variable(tf.tensor2d(LOGITS));
    const { value, grads } = tf.variableGrads(() => maskedCrossEntropy(logits, tf.tensor1d([0, 1, 2], 'int32'), tf.zeros([3])), [logits]);
    expect((await values(value))[0]).toBe(0);
    expect((await values(grads[logits.name])).every((g) => g === 0)).toBe(true);
  });

  it('send no gradient into the weak view that made them', async () => {
    const weak = tf.variable(tf.tensor2d(LOGITS));
    const { grads } = tf.variableGrads(() => confidentPseudoLabels(weak, 0.5).mask.sum() as tf.Scalar, [weak]);
    expect((await values(grads[weak.name])).every((g) => g === 0)).toBe(true);
  });
});

describe('the strong view', () => {
  it('shifts by an eighth of the smaller side, at least 2 px', () => {
    expect([6, 28, 32, 64].map((side) => strongShift({ height: side, width: side, channels: 1 }))).toEqual([2, 4, 4, 8]);
  });

  it('shifts brightness, clipped to [0, 1]', () => {
    // brightness on (0.1), by (2 * 0.9 - 1) * 0.25 = +0.2; contrast off (0.9); noise off (0.9)
    const image = new Float32Array([0.1, 0.5, 0.9]);
    photometric(image, sequence([0.1, 0.9, 0.9, 0.9]));
    expect(Array.from(image).map((v) => +v.toFixed(6))).toEqual([0.3, 0.7, 1]);
  });

  it('scales contrast around the image mean', () => {
    // brightness off (0.9); contrast on (0.1), 1 + (2 * 0.75 - 1) * 0.5 = 1.25; noise off (0.9); mean 0.4
    const image = new Float32Array([0.2, 0.6]);
    photometric(image, sequence([0.9, 0.1, 0.75, 0.9]));
    expect(Array.from(image).map((v) => +v.toFixed(6))).toEqual([0.15, 0.65]);
  });

  it('paints a cutout square mid grey, cut by the border', () => {
    // 4x4: side round(4 * (0.25 + 0.99 * 0.25)) = 2; top floor(0.5 * 4) - 1 = 1; left floor(0 * 4) - 1 = -1
    const image = new Float32Array(16);
    cutout(image, { height: 4, width: 4, channels: 1 }, sequence([0.99, 0.5, 0]));
    const painted = [...image.keys()].filter((i) => image[i] !== 0);
    expect(painted).toEqual([4, 8]);
    expect(image[4]).toBe(0.5);
  });

  it('is the same under the same seed, different under another, and normalized like the weak view', () => {
    const data = tinyImages(4, 7);
    const make = (seed: number) => makeStrongBatch(data.pixels, [0, 1, 2, 3], data.shape, data.normalization, { horizontalFlip: false }, createRng(seed));
    expect(Array.from(make(3))).toEqual(Array.from(make(3)));
    expect(Array.from(make(3))).not.toEqual(Array.from(make(4)));
    // every value is a [0, 1] pixel normalized with mean 0.3, std 0.3
    expect(Array.from(make(3)).every((v) => v >= -1 - 1e-6 && v <= (1 - 0.3) / 0.3 + 1e-6)).toBe(true);
  });
});

describe('drawing unlabeled images for a step', () => {
  it('draws mu per labeled image, at least one, never more than the pool, each at most once', () => {
    expect(unlabeledBatchSize(32, 2, 1000)).toBe(64);
    expect(unlabeledBatchSize(32, 0.5, 1000)).toBe(16);
    expect(unlabeledBatchSize(32, 7, 100)).toBe(100);
    expect(unlabeledBatchSize(2, 0.1, 1000)).toBe(1);
    const drawn = drawDistinct(10, 10, createRng(1));
    expect([...drawn].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // with 0.5 each time, swap i with i + floor(0.5 * (n - i)): [0,1,2,3] -> [2,1,0,3] -> [2,0,1,3]
    expect(drawDistinct(4, 2, sequence([0.5]))).toEqual([2, 0]);
  });
});

describe('the next cycle\'s pseudo-labels', () => {
  it('are the scored images guessed at the threshold or above, but for the query', () => {
    const candidates = { logits: Float32Array.from(LOGITS.flat()), predictedLoss: new Float32Array(3), features: new Float32Array(0), numClasses: 3, featureDim: 0 };
    expect(confidentGuesses(candidates, [10, 11, 12], [], 0.9)).toEqual({ ids: [10, 11], labels: [0, 1] });
    expect(confidentGuesses(candidates, [10, 11, 12], [11], 0.9)).toEqual({ ids: [10], labels: [0] });
    expect(confidentGuesses(candidates, [10, 11, 12], [], 0.94)).toEqual({ ids: [11], labels: [1] });
  });
});

const settings: CycleSettings = {
  epochs: 4, minSteps: 0, batchSize: 8, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4,
  lambda: 1, margin: 1, lrDropFraction: 0.8, detachFraction: 0.6,
  augmentation: { cropPadding: 1, horizontalFlip: false },
  unlabeled: { source: 'consistency', threshold: 0.4, ratio: 2, weight: 1, horizontalFlip: false },
  seed: 5, inferenceBatchSize: 16,
};

function cycleInput() {
  return { network: tinyNetwork, train: tinyImages(30, 1), test: tinyImages(20, 2), candidates: tinyImages(24, 3) };
}

describe('a cycle that learns from unlabeled images', () => {
  it('reports each epoch\'s unlabeled loss and the share that passed, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const output = await runCycle(cycleInput(), settings);
    expect(tf.memory().numTensors).toBe(before);
    for (const epoch of output.epochs) {
      expect(epoch.unlabeledPassed).toBeGreaterThanOrEqual(0);
      expect(epoch.unlabeledPassed).toBeLessThanOrEqual(1);
      expect(epoch.unlabeledLoss).toBeGreaterThanOrEqual(0);
    }
    // a threshold of 0.4 on three classes: some guesses pass once the model learns
    expect(output.epochs[3].unlabeledPassed).toBeGreaterThan(0);
    // without unlabeled training the epochs say nothing of it
    const plain = await runCycle(cycleInput(), { ...settings, unlabeled: null });
    expect(plain.epochs[0].unlabeledLoss).toBeUndefined();
  });

  it('trains on fixed pseudo-labels, every one of which counts', async () => {
    const pseudoLabeled = tinyImages(12, 4);
    const output = await runCycle({ ...cycleInput(), pseudoLabeled }, { ...settings, unlabeled: { ...settings.unlabeled!, source: 'pseudo-labels' } });
    expect(output.epochs.map((e) => e.unlabeledPassed)).toEqual([1, 1, 1, 1]);
    // with no pseudo-labels yet (a first cycle), it trains as without
    const first = await runCycle(cycleInput(), { ...settings, unlabeled: { ...settings.unlabeled!, source: 'pseudo-labels' } });
    expect(first.epochs[0].unlabeledLoss).toBeUndefined();
  });

  it('is the same after a resume as without the interruption', async () => {
    const checkpoints: EpochCheckpoint[] = [];
    // A copy, as the store keeps it: the engine's history array grows on after the hook returns.
    const whole = await runCycle(cycleInput(), settings, { onEpochEnd: async (c) => { checkpoints.push(structuredClone(c)); } });
    const resumed = await runCycle({ ...cycleInput(), resume: checkpoints[1] }, settings);
    expect(resumed.epochs).toEqual(whole.epochs);
    expect(Array.from(resumed.candidates.predictedLoss)).toEqual(Array.from(whole.candidates.predictedLoss));
  });

  it('is reproducible, and differs from training without the unlabeled images', async () => {
    const a = await runCycle(cycleInput(), settings);
    const b = await runCycle(cycleInput(), settings);
    expect(b.epochs).toEqual(a.epochs);
    const plain = await runCycle(cycleInput(), { ...settings, unlabeled: null });
    expect(Array.from(plain.candidates.logits)).not.toEqual(Array.from(a.candidates.logits));
  });
});
