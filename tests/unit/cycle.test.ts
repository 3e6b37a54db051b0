import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { runCycle, type CycleSettings, type EpochCheckpoint } from '../../src/lib/ml/cycle';
import { epochBatches } from '../../src/lib/ml/train';
import { stepsPerEpoch } from '../../src/lib/core/schedule';
import { createRng } from '../../src/lib/core/random';
import { tinyImages, tinyNetwork } from './tinyData';
import { useCpuBackend } from './tfCpu';
import { NonFiniteLoss } from '../../src/lib/ml/trainingErrors';
import { nearestDistancesOnDevice } from '../../src/lib/ml/distances';
import { nearestDistancesCpu } from '../../src/lib/al/strategies';
import { createNetwork, disposeNetwork } from '../../src/lib/ml/network';
import { loadCheckpoint, type NetworkCheckpoint } from '../../src/lib/ml/checkpoint';
import { predict } from '../../src/lib/ml/inference';

beforeAll(useCpuBackend);

const settings: CycleSettings = {
  epochs: 5, minSteps: 0, batchSize: 8, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4,
  lambda: 1, margin: 1, lrDropFraction: 0.8, detachFraction: 0.6,
  augmentation: { cropPadding: 1, horizontalFlip: false }, unlabeled: null, seed: 5, inferenceBatchSize: 16,
};

function cycleInput() {
  const train = tinyImages(30, 1);
  const test = tinyImages(20, 2);
  const candidates = tinyImages(12, 3);
  return { network: tinyNetwork, train, test, candidates, candidateFeatures: true };
}

describe('a learning cycle', () => {
  it('leaves no tensor behind (tf.memory().numTensors before = after)', async () => {
    const before = tf.memory().numTensors;
    const output = await runCycle(cycleInput(), settings);
    expect(output.candidates.predictedLoss).toHaveLength(12);
    expect(output.candidates.features).toHaveLength(12 * 3);
    expect(output.epochs).toHaveLength(5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible on the cpu backend: same seed, same losses and scores', async () => {
    const a = await runCycle(cycleInput(), settings);
    const b = await runCycle(cycleInput(), settings);
    expect(b.epochs).toEqual(a.epochs);
    expect(Array.from(b.candidates.predictedLoss)).toEqual(Array.from(a.candidates.predictedLoss));
    const c = await runCycle(cycleInput(), { ...settings, seed: 6 });
    expect(Array.from(c.candidates.predictedLoss)).not.toEqual(Array.from(a.candidates.predictedLoss));
  });

  it('learns the tiny task: training loss falls and test accuracy beats chance', async () => {
    const output = await runCycle(cycleInput(), { ...settings, epochs: 12 });
    expect(output.epochs[11].crossEntropy).toBeLessThan(output.epochs[0].crossEntropy);
    expect(output.test.accuracy).toBeGreaterThan(0.5); // chance is 1/3
    expect(output.checkpoint.tensors.length).toBeGreaterThan(10);
  });
});

describe('the epoch committee', () => {
  it('scores the candidates with the weights of the last epochs, the final ones last', async () => {
    const epochWeights: NetworkCheckpoint[] = [];
    const before = tf.memory().numTensors;
    const scoring: [number, number][] = [];
    const output = await runCycle({ ...cycleInput(), committeeSize: 3 }, settings, {
      onEpochEnd: async (checkpoint) => { epochWeights.push(checkpoint.weights); },
      onPhase: (phase, done, total) => { if (phase === 'scoring') scoring.push([done, total]); },
    });
    // one progress bar over the three passes of 12 candidates (batches of 16: one per pass)
    expect(scoring).toEqual([[12, 36], [24, 36], [36, 36]]);
    expect(tf.memory().numTensors).toBe(before);
    const committee = output.committee!;
    expect(committee).toHaveLength(3);
    expect(Array.from(committee[2])).toEqual(Array.from(output.candidates.logits));
    // members 0 and 1 are the weights after epochs 3 and 4 of 5, as a network loaded with them predicts
    for (const [member, epoch] of [[0, 3], [1, 4]] as const) {
      const network = createNetwork(tinyNetwork, 1);
      loadCheckpoint(network, epochWeights[epoch - 1]);
      const expected = await predict(network, cycleInput().candidates, { batchSize: 16 });
      disposeNetwork(network);
      expect(Array.from(committee[member])).toEqual(Array.from(expected.logits));
    }
    expect(Array.from(committee[0])).not.toEqual(Array.from(committee[2]));
  });

  it('is the same after a resume: the snapshots taken before the interruption travel in the checkpoint', async () => {
    const checkpoints: EpochCheckpoint[] = [];
    const whole = await runCycle({ ...cycleInput(), committeeSize: 3 }, settings, {
      onEpochEnd: async (checkpoint) => { checkpoints.push(checkpoint); },
    });
    // epochs 3 and 4 of 5 are snapshots: the checkpoint after epoch 2 holds none, after epoch 4 both
    expect(checkpoints.map((c) => c.committee!.length)).toEqual([0, 0, 1, 2, 2]);
    const afterEpoch4 = checkpoints[3];
    expect(afterEpoch4.nextEpoch).toBe(4);
    const resumed = await runCycle({ ...cycleInput(), committeeSize: 3, resume: afterEpoch4 }, settings);
    expect(resumed.committee).toHaveLength(3);
    resumed.committee!.forEach((logits, member) => expect(Array.from(logits)).toEqual(Array.from(whole.committee![member])));
  });

  it('reads back the training images\' features once, with the final weights, when asked', async () => {
    const output = await runCycle({ ...cycleInput(), labeledFeatures: true }, settings);
    expect(output.train!.features).toHaveLength(30 * 3);
    const network = createNetwork(tinyNetwork, 1);
    loadCheckpoint(network, output.checkpoint);
    const expected = await predict(network, cycleInput().train, { batchSize: 16, withFeatures: true });
    disposeNetwork(network);
    expect(Array.from(output.train!.features)).toEqual(Array.from(expected.features));
  });

  it('is not computed unless asked', async () => {
    expect((await runCycle(cycleInput(), settings)).committee).toBeUndefined();
  });
});

describe('the training schedule', () => {
  it('cuts an epoch into even batches and drops a last odd sample', () => {
    const batches = epochBatches(11, 4, createRng(1));
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(new Set(batches.flat()).size).toBe(10);
    expect(() => epochBatches(10, 3, createRng(1))).toThrow(/even/);
  });

  it('makes the batches as equal as it can instead of leaving a tiny last one', () => {
    // 68 at 64: two batches of 34, not 64 and 4
    expect(epochBatches(68, 64, createRng(1)).map((b) => b.length)).toEqual([34, 34]);
    // 2,500 at 64: 1,250 pairs in 40 batches, 31.25 pairs each: 10 batches of 32 pairs, 30 of 31
    const batches = epochBatches(2500, 64, createRng(2));
    expect(batches.map((b) => b.length)).toEqual([...Array(10).fill(64), ...Array(30).fill(62)]);
    expect(new Set(batches.flat()).size).toBe(2500);
    // as many steps as the schedule counts
    expect(batches).toHaveLength(stepsPerEpoch(2500, 64));
    expect(epochBatches(129, 64, createRng(3)).map((b) => b.length)).toEqual([64, 64]);
  });

  it('trains every step of the schedule: a small set runs more epochs to reach the minimum steps', async () => {
    const steps: number[] = [];
    // 30 labels at batch 8: 4 steps an epoch; 2 epochs would be 8 steps, so 10 steps need 3 epochs.
    const output = await runCycle(cycleInput(), { ...settings, epochs: 2, minSteps: 10, batchSize: 8 }, {
      onTrainProgress: (p) => steps.push(p.epoch * p.stepsPerEpoch + p.step),
    });
    expect(output.epochs).toHaveLength(3);
    expect(steps[steps.length - 1]).toBe(12);
  });
});

describe('a diverging run', () => {
  it('stops with a plain message when the loss becomes NaN or infinite', async () => {
    const input = cycleInput();
    // A zero standard deviation turns every pixel into +-Infinity, so the loss is NaN.
    const broken = { ...input, train: { ...input.train, normalization: { mean: 0.3, std: 0 } } };
    const before = tf.memory().numTensors;
    await expect(runCycle(broken, settings)).rejects.toThrow(NonFiniteLoss);
    await expect(runCycle(broken, settings)).rejects.toThrow(/NaN or infinite.*labels are safe/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('nearest-center distances on the device', () => {
  it('match the plain-JS reference', async () => {
    const rng = createRng(9);
    const points = Float32Array.from({ length: 700 * 5 }, () => rng() * 4 - 2);
    const centers = Float32Array.from({ length: 30 * 5 }, () => rng() * 4 - 2);
    const device = await nearestDistancesOnDevice(points, 700, centers, 30, 5);
    const reference = await nearestDistancesCpu(points, 700, centers, 30, 5);
    for (let i = 0; i < 700; i++) expect(device[i]).toBeCloseTo(reference[i], 4);
    expect(Array.from(await nearestDistancesOnDevice(points, 2, centers, 0, 5))).toEqual([Infinity, Infinity]);
  });
});
