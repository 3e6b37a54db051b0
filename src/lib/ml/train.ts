import * as tf from '@tensorflow/tfjs';
import { createRng, shuffleInPlace } from '../core/random';
import { makeBatch, type Augmentation, type ImageShape, type Normalization } from './batch';
import { jointLoss, type LossWeights } from './jointLoss';
import { applyRunningStatUpdates, forward, type Network, type RunningStatUpdate } from './network';
import { MomentumSgd, type SgdSettings } from './sgd';
import { EpochMeter } from './epochMeter';
import { disposeUnlabeledBatch, unlabeledBatch, type UnlabeledBatch, type UnlabeledPool, type UnlabeledTraining } from './unlabeledBatch';
import { maskedCrossEntropy } from './pseudoLabels';
import { detachedAtStep, learningRateAtStep, trainingSchedule, type TrainingSchedule } from '../core/schedule';

/** The training recipe of docs/method.md; every value is a setting, the paper's value in comments. */
export interface TrainSettings extends LossWeights, SgdSettings {
  /** epochs at least (paper: 200 per cycle) */
  epochs: number;
  /** optimizer steps at least: a small labeled set trains more epochs (src/lib/core/schedule.ts) */
  minSteps: number;
  /** paper: 128; must be even (samples are ranked in pairs) */
  batchSize: number;
  /** paper: 0.1 */
  learningRate: number;
  /** learning rate x0.1 from this fraction of the steps on (paper: 0.8) */
  lrDropFraction: number;
  /** tapped features detached from this fraction of the steps on (paper: 0.6) */
  detachFraction: number;
  augmentation: Augmentation | null;
  /** learning from unlabeled images too (not in the paper: FixMatch-style, src/lib/ml/unlabeledBatch.ts), or null */
  unlabeled: UnlabeledTraining | null;
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
  /** with unlabeled training: the mean unlabeled loss (masked cross-entropy of the strong views) */
  unlabeledLoss?: number;
  /** with unlabeled training: the share of drawn unlabeled images whose target passed the threshold */
  unlabeledPassed?: number;
}

/** Losses are read back from the device every this many steps, never per step. */
const READBACK_EVERY_STEPS = 8;

/**
 * Batches of one epoch: a shuffled order cut into as few batches as `batchSize` allows, of even
 * sizes as equal as they can be (a last odd sample waits for the next epoch). Equal sizes, not
 * full batches and a remainder: 2,500 images at 64 would leave a last batch of 4, whose batch-norm
 * statistics and 2 ranking pairs would make one noisy step an epoch, the last step of the cycle
 * included. 2,500 at 64 is 10 batches of 64 and 30 of 62.
 */
export function epochBatches(count: number, batchSize: number, rng: () => number): number[][] {
  if (batchSize < 2 || batchSize % 2 !== 0) throw new Error(`batch size must be even and at least 2 (got ${batchSize})`);
  const order = shuffleInPlace(Array.from({ length: count }, (_, i) => i), rng);
  const pairs = Math.floor(count / 2);
  const batchCount = Math.ceil((2 * pairs) / batchSize);
  const batches: number[][] = [];
  let start = 0;
  for (let b = 0; b < batchCount; b++) {
    // the first `pairs % batchCount` batches take one pair more than the others
    const size = 2 * (Math.floor(pairs / batchCount) + (b < pairs % batchCount ? 1 : 0));
    batches.push(order.slice(start, start + size));
    start += size;
  }
  return batches;
}

/** Where a step stands in the cycle's schedule: what it trains with. */
export interface StepPlan {
  learningRate: number;
  detachTaps: boolean;
}

export function stepPlan(step: number, schedule: TrainingSchedule, settings: TrainSettings): StepPlan {
  return { learningRate: learningRateAtStep(step, schedule, settings.learningRate), detachTaps: detachedAtStep(step, schedule) };
}

/**
 * One optimizer step on one batch, and on its unlabeled part if any. Returns [crossEntropy,
 * rankingLoss, correct], followed by [unlabeledLoss, unlabeledPassed] with an unlabeled part, as a
 * tensor the caller reads back later, so the step itself never waits for the device.
 *
 * The strong views of the unlabeled images go through the network in the same forward pass as the
 * labeled batch (one batch-norm batch, as FixMatch trains them). The loss head learns from the
 * labeled images only: its target is the true loss, which unlabeled images do not have.
 */
export function trainStep(
  network: Network,
  optimizer: MomentumSgd,
  images: tf.Tensor4D,
  labels: tf.Tensor1D,
  settings: TrainSettings,
  plan: StepPlan,
  unlabeled: UnlabeledBatch | null = null,
): tf.Tensor1D {
  const updates: RunningStatUpdate[] = [];
  let report: tf.Tensor1D | null = null;
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const loss = stepLoss(network, images, labels, settings, plan.detachTaps, unlabeled, updates);
      // Kept past the gradient scope: read back later, and written after the step.
      report = tf.keep(loss.report);
      for (const update of updates) tf.keep(update.value);
      return loss.total;
    }, [...network.trainable.values()]);
    optimizer.step(grads, plan.learningRate);
    applyRunningStatUpdates(network, updates);
  });
  for (const update of updates) update.value.dispose();
  return report!;
}

/**
 * What a training step minimizes, and its report: the joint loss of the labeled images, plus
 * lambda_u times the masked cross-entropy of the unlabeled images' strong views, all from one
 * forward pass (pushing the running-statistics updates onto `updates`).
 */
export function stepLoss(
  network: Network,
  images: tf.Tensor4D,
  labels: tf.Tensor1D,
  settings: TrainSettings,
  detachTaps: boolean,
  unlabeled: UnlabeledBatch | null,
  updates: RunningStatUpdate[] = [],
): { total: tf.Scalar; report: tf.Tensor1D } {
  const labeledCount = images.shape[0];
  const input = unlabeled ? tf.concat([images, unlabeled.strong]) : images;
  const out = forward(network, input, { training: true, detachTaps }, updates);
  const logits = unlabeled ? out.logits.slice([0, 0], [labeledCount, -1]) : out.logits;
  const predictedLoss = unlabeled ? out.predictedLoss.slice(0, labeledCount) : out.predictedLoss;
  const loss = jointLoss(logits, predictedLoss, labels, settings);
  const correct = logits.argMax(1).equal(labels.toInt()).sum().toFloat();
  // No zeros for the unlabeled entries: two uploads a step that the meter need not read (epochMeter.ts).
  if (!unlabeled) return { total: loss.total, report: tf.stack([loss.crossEntropy, loss.ranking, correct]) as tf.Tensor1D };
  const unlabeledLoss = maskedCrossEntropy(out.logits.slice([labeledCount, 0], [-1, -1]), unlabeled.targets, unlabeled.mask);
  return {
    total: loss.total.add(unlabeledLoss.mul(settings.unlabeled?.weight ?? 0)) as tf.Scalar,
    report: tf.stack([loss.crossEntropy, loss.ranking, correct, unlabeledLoss, unlabeled.mask.sum()]) as tf.Tensor1D,
  };
}

/** Where a run stands after a completed epoch: enough to resume it exactly after a reload. */
export interface TrainState {
  /** epochs completed so far; training goes on at this epoch */
  nextEpoch: number;
  /** epochs of the whole run */
  epochs: number;
  history: EpochMetrics[];
  /** state of the shuffling and augmentation generator */
  rngState: number;
  optimizer: MomentumSgd;
}

export interface TrainHooks {
  onProgress?: (progress: TrainProgress) => void;
  /** awaited before every step: may wait (pause) or throw TrainingCancelled (cancel) */
  beforeStep?: () => void | Promise<void>;
  /** awaited after every epoch, e.g. to store a checkpoint */
  onEpochEnd?: (state: TrainState) => Promise<void>;
}

export interface ResumePoint {
  nextEpoch: number;
  history: EpochMetrics[];
  rngState: number;
  /** optimizer velocity by weight name */
  velocity: Map<string, Float32Array>;
}

/**
 * Trains the target network and the loss head together on the labeled images (and, when the
 * settings say so, on `pool`'s unlabeled images), from the start or from a resume point. Losses
 * are read back every few steps only; a NaN or infinite loss stops the run with NonFiniteLoss.
 */
export async function train(
  network: Network,
  data: LabeledImages,
  settings: TrainSettings,
  hooks: TrainHooks = {},
  resume?: ResumePoint,
  pool?: UnlabeledPool,
): Promise<EpochMetrics[]> {
  const rng = createRng(resume ? resume.rngState : settings.seed);
  const optimizer = new MomentumSgd(network.trainable, settings);
  if (resume) optimizer.setVelocity(resume.velocity);
  const { height, width, channels } = data.shape;
  const history: EpochMetrics[] = resume ? resume.history.slice() : [];
  const schedule = trainingSchedule(data.count, settings);
  // Every step then has an unlabeled part (unlabeledBatchSize is at least 1 for a pool of any size).
  const withUnlabeled = settings.unlabeled !== null && pool !== undefined && pool.count > 0;
  try {
    for (let epoch = resume ? resume.nextEpoch : 0; epoch < schedule.epochs; epoch++) {
      const batches = epochBatches(data.count, settings.batchSize, rng);
      const meter = new EpochMeter(epoch, schedule.epochs, batches.length, withUnlabeled, hooks.onProgress);
      try {
        for (let step = 0; step < batches.length; step++) {
          await hooks.beforeStep?.();
          const batch = batches[step];
          const augment = settings.augmentation ? { settings: settings.augmentation, rng } : undefined;
          const x = tf.tensor4d(makeBatch(data.pixels, batch, data.shape, data.normalization, augment), [batch.length, height, width, channels]);
          const y = tf.tensor1d(batch.map((i) => data.labels[i]), 'int32');
          const plan = stepPlan(epoch * schedule.stepsPerEpoch + step, schedule, settings);
          const extra = settings.unlabeled && withUnlabeled
            ? unlabeledBatch({ network, pool, settings: settings.unlabeled, shape: data.shape, normalization: data.normalization, weak: settings.augmentation, rng }, batch.length)
            : null;
          meter.add(trainStep(network, optimizer, x, y, settings, plan, extra), batch.length, extra?.mask.shape[0] ?? 0);
          x.dispose();
          y.dispose();
          disposeUnlabeledBatch(extra);
          if (meter.pendingSteps >= READBACK_EVERY_STEPS) await meter.flush(step + 1);
        }
        await meter.flush(batches.length);
      } finally {
        meter.dispose();
      }
      history.push(meter.summary());
      await hooks.onEpochEnd?.({ nextEpoch: epoch + 1, epochs: schedule.epochs, history, rngState: rng.state, optimizer });
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}
