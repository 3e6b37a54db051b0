import * as tf from '@tensorflow/tfjs';
import { upperMedian } from '../core/median';
import { createRng } from '../core/random';
import { predict } from './inference';
import { createNetwork, disposeNetwork, type NetworkConfig } from './network';
import { MomentumSgd } from './sgd';
import { train, trainStep, type TrainSettings } from './train';
import { makeBatch, type ImageShape } from './batch';
import { runCycle } from './cycle';
import { countReadbacks } from './readbackCounter';
import { kernelCosts, type KernelCost } from './kernelProfile';
import { measureCeiling, type CeilingTiming } from './ceiling';

/**
 * Speed of the active backend for one network: median training step at a batch size, and scoring
 * throughput. Each timed step ends with a readback so that the time covers the device's work, not
 * just the queueing of it.
 */

export interface BenchmarkOptions {
  network: NetworkConfig;
  batchSize: number;
  warmupSteps: number;
  timedSteps: number;
  scoreImages: number;
  /** steps of the epoch whose readbacks are counted */
  epochSteps: number;
  /** whole cycles (train, measure, score) run to see whether tensors are left behind */
  leakCycles: number;
  /** profile one more training step kernel by kernel */
  profile?: boolean;
  /** also time the raw convolutions and matrix products of the reference network (ceiling.ts) */
  ceiling?: boolean;
}

export interface BenchmarkResult {
  stepMillis: number[];
  medianStepMillis: number;
  trainSamplesPerSecond: number;
  scoreSamplesPerSecond: number;
  /** tf.memory().numTensors after minus before: 0 when nothing leaked */
  tensorGrowth: number;
  /** GPU-to-CPU readbacks during one training epoch of `epochSteps` steps */
  readbacksPerEpoch: number;
  epochSteps: number;
  /** tf.memory().numTensors after `leakCycles` full cycles minus before them */
  tensorGrowthOverCycles: number;
  leakCycles: number;
  /** the profiled step's kernels, most expensive first (when asked for) */
  kernels: KernelCost[] | null;
  /** the profiled step's wall time, to set the kernels' sum against */
  profiledStepMillis: number | null;
  /** the raw kernels' times (when asked for) */
  ceiling: CeilingTiming[] | null;
}

/**
 * Training speed from the timed steps: the median step (the upper middle one for an even count;
 * a median, so that one slow step, a garbage collection say, does not move it) and the samples per
 * second it stands for.
 */
export function stepThroughput(stepMillis: number[], batchSize: number): { medianStepMillis: number; trainSamplesPerSecond: number } {
  if (stepMillis.length === 0) throw new Error('The benchmark timed no steps.');
  const median = upperMedian(stepMillis);
  return { medianStepMillis: median, trainSamplesPerSecond: (batchSize * 1000) / median };
}

const SETTINGS: TrainSettings = {
  epochs: 1, minSteps: 0, batchSize: 64, learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4, lambda: 1, margin: 1,
  lrDropFraction: 0.8, detachFraction: 0.6, augmentation: null, unlabeled: null, seed: 1,
};

export async function benchmarkBackend(options: BenchmarkOptions, onStep: (done: number, total: number) => void = () => {}): Promise<BenchmarkResult> {
  const before = tf.memory().numTensors;
  const [height, width, channels] = options.network.inputShape;
  const shape = { height, width, channels };
  const normalization = { mean: 0.3, std: 0.3 };
  const rng = createRng(1);
  const count = Math.max(options.batchSize * options.epochSteps, options.scoreImages);
  const pixels = Uint8Array.from({ length: count * height * width * channels }, () => Math.floor(rng() * 256));
  const indices = Array.from({ length: options.batchSize }, (_, i) => i);
  const network = createNetwork(options.network, 1);
  const optimizer = new MomentumSgd(network.trainable, SETTINGS);
  const stepMillis: number[] = [];
  let measured: Omit<BenchmarkResult, 'tensorGrowth' | 'readbacksPerEpoch' | 'epochSteps' | 'tensorGrowthOverCycles' | 'leakCycles' | 'kernels' | 'profiledStepMillis' | 'ceiling'>;
  let profiled: { kernels: KernelCost[]; profiledStepMillis: number } | null = null;
  const step = async () => {
    const x = tf.tensor4d(makeBatch(pixels, indices, shape, normalization), [options.batchSize, height, width, channels]);
    const y = tf.tensor1d(indices.map((i) => i % options.network.numClasses), 'int32');
    const report = trainStep(network, optimizer, x, y, SETTINGS, { learningRate: SETTINGS.learningRate, detachTaps: false });
    await report.data();
    [x, y, report].forEach((t) => t.dispose());
  };
  try {
    const total = options.warmupSteps + options.timedSteps;
    for (let done = 0; done < total; done++) {
      const started = performance.now();
      await step();
      if (done >= options.warmupSteps) stepMillis.push(performance.now() - started);
      onStep(done + 1, total);
    }
    if (options.profile) {
      const started = performance.now();
      const profile = await tf.profile(step);
      profiled = { kernels: kernelCosts(profile), profiledStepMillis: performance.now() - started };
    }
    const scoringStarted = performance.now();
    await predict(network, { pixels, count: options.scoreImages, shape, normalization }, { batchSize: 64 });
    const scoreSeconds = (performance.now() - scoringStarted) / 1000;
    measured = { stepMillis, ...stepThroughput(stepMillis, options.batchSize), scoreSamplesPerSecond: options.scoreImages / scoreSeconds };
  } finally {
    optimizer.dispose();
    disposeNetwork(network);
  }
  const tensorGrowth = tf.memory().numTensors - before;
  const data = { pixels, shape, normalization };
  return {
    ...measured, tensorGrowth, kernels: profiled?.kernels ?? null, profiledStepMillis: profiled?.profiledStepMillis ?? null,
    readbacksPerEpoch: await readbacksPerEpoch(options, data), epochSteps: options.epochSteps,
    tensorGrowthOverCycles: await tensorGrowthOverCycles(options, data), leakCycles: options.leakCycles,
    ceiling: options.ceiling ? await measureCeiling() : null,
  };
}

interface RandomImages {
  pixels: Uint8Array;
  shape: ImageShape;
  normalization: { mean: number; std: number };
}

const labeled = (images: RandomImages, count: number, numClasses: number) => ({
  ...images, count, labels: Array.from({ length: count }, (_, i) => i % numClasses),
});

/** Readbacks of one real training epoch (train(), as a cycle runs it), not of the timed steps above. */
async function readbacksPerEpoch(options: BenchmarkOptions, images: RandomImages): Promise<number> {
  const network = createNetwork(options.network, 2);
  try {
    const settings = { ...SETTINGS, batchSize: options.batchSize };
    const data = labeled(images, options.batchSize * options.epochSteps, options.network.numClasses);
    return (await countReadbacks(() => train(network, data, settings))).readbacks;
  } finally {
    disposeNetwork(network);
  }
}

/** Whole small cycles in a row: the tensor count must come back to where it was. */
async function tensorGrowthOverCycles(options: BenchmarkOptions, images: RandomImages): Promise<number> {
  const before = tf.memory().numTensors;
  const count = options.batchSize;
  for (let cycle = 0; cycle < options.leakCycles; cycle++) {
    await runCycle(
      { network: options.network, train: labeled(images, count, options.network.numClasses), test: labeled(images, count, options.network.numClasses), candidates: { ...images, count } },
      { ...SETTINGS, batchSize: options.batchSize, seed: cycle + 1, inferenceBatchSize: 64 },
    );
  }
  return tf.memory().numTensors - before;
}
