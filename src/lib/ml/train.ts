import * as tf from '@tensorflow/tfjs';
import { createRng, shuffleInPlace } from '../al/random';
import { makeBatch, type Augmentation, type ImageShape, type Normalization } from './batch';
import { jointLoss, type LossWeights } from './jointLoss';
import { applyRunningStatUpdates, forward, type Network, type RunningStatUpdate } from './network';
import { MomentumSgd, type SgdSettings } from './sgd';
import { TrainingCancelled } from './cancelled';

/** The training recipe of METHOD.md; every value is a setting, the paper's value in comments. */
export interface TrainSettings extends LossWeights, SgdSettings {
  /** paper: 200 per cycle */
  epochs: number;
  /** paper: 128; must be even (samples are ranked in pairs) */
  batchSize: number;
  /** paper: 0.1 */
  learningRate: number;
  /** learning rate x0.1 from this fraction of the epochs on (paper: 0.8) */
  lrDropFraction: number;
  /** tapped features detached from this fraction of the epochs on (paper: 0.6) */
  detachFraction: number;
  augmentation: Augmentation | null;
  seed: number;
}

export interface LabeledImages {
  pixels: Uint8Array;
  labels: ArrayLike<number>;
  count: number;
  shape: ImageShape;
  normalization: Normalization;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  /** means over the steps read back since the last report */
  crossEntropy: number;
  rankingLoss: number;
  samplesPerSecond: number;
}

export interface EpochMetrics {
  epoch: number;
  crossEntropy: number;
  rankingLoss: number;
  trainAccuracy: number;
}

/** Losses are read back from the device every this many steps, never per step. */
const READBACK_EVERY_STEPS = 8;

/** Batches of one epoch: a shuffled order cut into even-sized batches (a last odd sample waits). */
export function epochBatches(count: number, batchSize: number, rng: () => number): number[][] {
  if (batchSize < 2 || batchSize % 2 !== 0) throw new Error(`batch size must be even and at least 2 (got ${batchSize})`);
  const order = shuffleInPlace(Array.from({ length: count }, (_, i) => i), rng);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    if (batch.length % 2 === 1) batch.pop();
    if (batch.length >= 2) batches.push(batch);
  }
  return batches;
}

export function learningRateAt(epoch: number, settings: TrainSettings): number {
  return epoch >= Math.round(settings.lrDropFraction * settings.epochs) ? settings.learningRate * 0.1 : settings.learningRate;
}

export function detachedAt(epoch: number, settings: TrainSettings): boolean {
  return epoch >= Math.round(settings.detachFraction * settings.epochs);
}

/**
 * One optimizer step on one batch. Returns [crossEntropy, rankingLoss, correct] as a tensor the
 * caller reads back later, so the step itself never waits for the device.
 */
export function trainStep(
  network: Network,
  optimizer: MomentumSgd,
  images: tf.Tensor4D,
  labels: tf.Tensor1D,
  settings: TrainSettings,
  epoch: number,
): tf.Tensor1D {
  const updates: RunningStatUpdate[] = [];
  let report: tf.Tensor1D | null = null;
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const out = forward(network, images, { training: true, detachTaps: detachedAt(epoch, settings) }, updates);
      const loss = jointLoss(out.logits, out.predictedLoss, labels, settings);
      const correct = out.logits.argMax(1).equal(labels.toInt()).sum().toFloat();
      // Kept past the gradient scope: read back later, and written after the step.
      report = tf.keep(tf.stack([loss.crossEntropy, loss.ranking, correct]) as tf.Tensor1D);
      for (const update of updates) tf.keep(update.value);
      return loss.total;
    }, [...network.trainable.values()]);
    optimizer.step(grads, learningRateAt(epoch, settings));
    applyRunningStatUpdates(network, updates);
  });
  for (const update of updates) update.value.dispose();
  return report!;
}

/**
 * Trains the target network and the loss head together on the labeled images.
 * `shouldStop` is checked between steps so that a cancel takes effect within one step.
 */
export async function train(
  network: Network,
  data: LabeledImages,
  settings: TrainSettings,
  onProgress: (progress: TrainProgress) => void = () => {},
  shouldStop: () => boolean = () => false,
): Promise<EpochMetrics[]> {
  const rng = createRng(settings.seed);
  const optimizer = new MomentumSgd(network.trainable, settings);
  const { height, width, channels } = data.shape;
  const history: EpochMetrics[] = [];
  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const batches = epochBatches(data.count, settings.batchSize, rng);
      const pending: tf.Tensor1D[] = [];
      const totals = { crossEntropy: 0, ranking: 0, correct: 0, samples: 0, steps: 0 };
      let windowStart = performance.now();
      let windowSamples = 0;
      const flush = async (step: number) => {
        if (pending.length === 0) return;
        const stacked = tf.stack(pending);
        const values = await stacked.data();
        stacked.dispose();
        let ce = 0;
        let rank = 0;
        for (let i = 0; i < pending.length; i++) {
          ce += values[i * 3];
          rank += values[i * 3 + 1];
          totals.correct += values[i * 3 + 2];
        }
        totals.crossEntropy += ce;
        totals.ranking += rank;
        totals.steps += pending.length;
        const seconds = (performance.now() - windowStart) / 1000;
        onProgress({
          epoch, epochs: settings.epochs, step, stepsPerEpoch: batches.length,
          crossEntropy: ce / pending.length, rankingLoss: rank / pending.length,
          samplesPerSecond: seconds > 0 ? windowSamples / seconds : 0,
        });
        for (const t of pending) t.dispose();
        pending.length = 0;
        windowStart = performance.now();
        windowSamples = 0;
      };
      for (let step = 0; step < batches.length; step++) {
        if (shouldStop()) {
          for (const t of pending) t.dispose();
          throw new TrainingCancelled();
        }
        const batch = batches[step];
        const augment = settings.augmentation ? { settings: settings.augmentation, rng } : undefined;
        const x = tf.tensor4d(makeBatch(data.pixels, batch, data.shape, data.normalization, augment), [batch.length, height, width, channels]);
        const y = tf.tensor1d(batch.map((i) => data.labels[i]), 'int32');
        pending.push(trainStep(network, optimizer, x, y, settings, epoch));
        x.dispose();
        y.dispose();
        totals.samples += batch.length;
        windowSamples += batch.length;
        if (pending.length >= READBACK_EVERY_STEPS) await flush(step + 1);
      }
      await flush(batches.length);
      history.push({
        epoch,
        crossEntropy: totals.crossEntropy / Math.max(1, totals.steps),
        rankingLoss: totals.ranking / Math.max(1, totals.steps),
        trainAccuracy: totals.correct / Math.max(1, totals.samples),
      });
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}
