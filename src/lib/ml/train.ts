import * as tf from '@tensorflow/tfjs';
import { createRng, shuffleInPlace } from '../core/random';
import { makeBatch, type Augmentation, type ImageShape, type Normalization } from './batch';
import { jointLoss, type LossWeights } from './jointLoss';
import { applyRunningStatUpdates, forward, type Network, type RunningStatUpdate } from './network';
import { MomentumSgd, type SgdSettings } from './sgd';
import { NonFiniteLoss } from './trainingErrors';
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
 * One optimizer step on one batch. Returns [crossEntropy, rankingLoss, correct] as a tensor the
 * caller reads back later, so the step itself never waits for the device.
 */
export function trainStep(
  network: Network,
  optimizer: MomentumSgd,
  images: tf.Tensor4D,
  labels: tf.Tensor1D,
  settings: TrainSettings,
  plan: StepPlan,
): tf.Tensor1D {
  const updates: RunningStatUpdate[] = [];
  let report: tf.Tensor1D | null = null;
  tf.tidy(() => {
    const { grads } = tf.variableGrads(() => {
      const out = forward(network, images, { training: true, detachTaps: plan.detachTaps }, updates);
      const loss = jointLoss(out.logits, out.predictedLoss, labels, settings);
      const correct = out.logits.argMax(1).equal(labels.toInt()).sum().toFloat();
      // Kept past the gradient scope: read back later, and written after the step.
      report = tf.keep(tf.stack([loss.crossEntropy, loss.ranking, correct]) as tf.Tensor1D);
      for (const update of updates) tf.keep(update.value);
      return loss.total;
    }, [...network.trainable.values()]);
    optimizer.step(grads, plan.learningRate);
    applyRunningStatUpdates(network, updates);
  });
  for (const update of updates) update.value.dispose();
  return report!;
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
 * Trains the target network and the loss head together on the labeled images, from the start or
 * from a resume point. Losses are read back every few steps only; a NaN or infinite loss stops
 * the run with NonFiniteLoss.
 */
export async function train(
  network: Network,
  data: LabeledImages,
  settings: TrainSettings,
  hooks: TrainHooks = {},
  resume?: ResumePoint,
): Promise<EpochMetrics[]> {
  const rng = createRng(resume ? resume.rngState : settings.seed);
  const optimizer = new MomentumSgd(network.trainable, settings);
  if (resume) optimizer.setVelocity(resume.velocity);
  const { height, width, channels } = data.shape;
  const history: EpochMetrics[] = resume ? resume.history.slice() : [];
  const schedule = trainingSchedule(data.count, settings);
  try {
    for (let epoch = resume ? resume.nextEpoch : 0; epoch < schedule.epochs; epoch++) {
      const batches = epochBatches(data.count, settings.batchSize, rng);
      const meter = new EpochMeter(epoch, schedule.epochs, batches.length, hooks.onProgress);
      try {
        for (let step = 0; step < batches.length; step++) {
          await hooks.beforeStep?.();
          const batch = batches[step];
          const augment = settings.augmentation ? { settings: settings.augmentation, rng } : undefined;
          const x = tf.tensor4d(makeBatch(data.pixels, batch, data.shape, data.normalization, augment), [batch.length, height, width, channels]);
          const y = tf.tensor1d(batch.map((i) => data.labels[i]), 'int32');
          const plan = stepPlan(epoch * schedule.stepsPerEpoch + step, schedule, settings);
          meter.add(trainStep(network, optimizer, x, y, settings, plan), batch.length);
          x.dispose();
          y.dispose();
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

/**
 * Collects the per-step [crossEntropy, ranking, correct] tensors of one epoch and reads them back
 * in one go every few steps, reporting progress and catching a diverged loss.
 */
class EpochMeter {
  private pending: tf.Tensor1D[] = [];
  private pendingSamples = 0;
  private windowStart = performance.now();
  private totals = { crossEntropy: 0, ranking: 0, correct: 0, samples: 0, steps: 0 };

  constructor(
    private readonly epoch: number,
    private readonly epochs: number,
    private readonly stepsPerEpoch: number,
    private readonly onProgress?: (progress: TrainProgress) => void,
  ) {}

  get pendingSteps(): number {
    return this.pending.length;
  }

  add(report: tf.Tensor1D, samples: number): void {
    this.pending.push(report);
    this.pendingSamples += samples;
  }

  async flush(step: number): Promise<void> {
    if (this.pending.length === 0) return;
    const stacked = tf.stack(this.pending);
    const values = await stacked.data();
    stacked.dispose();
    let crossEntropy = 0;
    let ranking = 0;
    for (let i = 0; i < this.pending.length; i++) {
      crossEntropy += values[i * 3];
      ranking += values[i * 3 + 1];
      this.totals.correct += values[i * 3 + 2];
    }
    if (!Number.isFinite(crossEntropy) || !Number.isFinite(ranking)) throw new NonFiniteLoss(this.epoch);
    const steps = this.pending.length;
    this.totals.crossEntropy += crossEntropy;
    this.totals.ranking += ranking;
    this.totals.steps += steps;
    this.totals.samples += this.pendingSamples;
    const seconds = (performance.now() - this.windowStart) / 1000;
    this.onProgress?.({
      epoch: this.epoch, epochs: this.epochs, step, stepsPerEpoch: this.stepsPerEpoch,
      crossEntropy: crossEntropy / steps, rankingLoss: ranking / steps,
      samplesPerSecond: seconds > 0 ? this.pendingSamples / seconds : 0,
    });
    this.dispose();
    this.windowStart = performance.now();
  }

  summary(): EpochMetrics {
    const steps = Math.max(1, this.totals.steps);
    return {
      epoch: this.epoch,
      crossEntropy: this.totals.crossEntropy / steps,
      rankingLoss: this.totals.ranking / steps,
      trainAccuracy: this.totals.correct / Math.max(1, this.totals.samples),
    };
  }

  /** Frees tensors not yet read (after a flush, or when a step throws). */
  dispose(): void {
    for (const t of this.pending) t.dispose();
    this.pending = [];
    this.pendingSamples = 0;
  }
}
