import * as tf from '@tensorflow/tfjs';
import { createRng } from '../al/random';
import { predict } from './inference';
import { createNetwork, disposeNetwork, type NetworkConfig } from './network';
import { MomentumSgd } from './sgd';
import { trainStep, type TrainSettings } from './train';
import { makeBatch } from './batch';

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
}

export interface BenchmarkResult {
  stepMillis: number[];
  medianStepMillis: number;
  trainSamplesPerSecond: number;
  scoreSamplesPerSecond: number;
  /** tf.memory().numTensors after minus before: 0 when nothing leaked */
  tensorGrowth: number;
}

const SETTINGS: TrainSettings = {
  epochs: 1, batchSize: 64, learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4, lambda: 1, margin: 1,
  lrDropFraction: 0.8, detachFraction: 0.6, augmentation: null, seed: 1,
};

export async function benchmarkBackend(options: BenchmarkOptions, onStep: (done: number, total: number) => void = () => {}): Promise<BenchmarkResult> {
  const before = tf.memory().numTensors;
  const [height, width, channels] = options.network.inputShape;
  const shape = { height, width, channels };
  const normalization = { mean: 0.3, std: 0.3 };
  const rng = createRng(1);
  const count = Math.max(options.batchSize, options.scoreImages);
  const pixels = Uint8Array.from({ length: count * height * width * channels }, () => Math.floor(rng() * 256));
  const indices = Array.from({ length: options.batchSize }, (_, i) => i);
  const network = createNetwork(options.network, 1);
  const optimizer = new MomentumSgd(network.trainable, SETTINGS);
  const stepMillis: number[] = [];
  let measured: Omit<BenchmarkResult, 'tensorGrowth'>;
  try {
    const total = options.warmupSteps + options.timedSteps;
    for (let step = 0; step < total; step++) {
      const started = performance.now();
      const x = tf.tensor4d(makeBatch(pixels, indices, shape, normalization), [options.batchSize, height, width, channels]);
      const y = tf.tensor1d(indices.map((i) => i % options.network.numClasses), 'int32');
      const report = trainStep(network, optimizer, x, y, SETTINGS, 0);
      await report.data();
      [x, y, report].forEach((t) => t.dispose());
      if (step >= options.warmupSteps) stepMillis.push(performance.now() - started);
      onStep(step + 1, total);
    }
    const scoringStarted = performance.now();
    await predict(network, { pixels, count: options.scoreImages, shape, normalization }, { batchSize: 64 });
    const scoreSeconds = (performance.now() - scoringStarted) / 1000;
    const median = [...stepMillis].sort((a, b) => a - b)[Math.floor(stepMillis.length / 2)];
    measured = {
      stepMillis,
      medianStepMillis: median,
      trainSamplesPerSecond: (options.batchSize * 1000) / median,
      scoreSamplesPerSecond: options.scoreImages / scoreSeconds,
    };
  } finally {
    optimizer.dispose();
    disposeNetwork(network);
  }
  return { ...measured, tensorGrowth: tf.memory().numTensors - before };
}
