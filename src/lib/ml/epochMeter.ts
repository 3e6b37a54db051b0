import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics, TrainProgress } from './train';
import { NonFiniteLoss } from './trainingErrors';

/** Entries of a step's report tensor (ml/train.ts stepLoss): 3, and 2 more with unlabeled images. */
const LABELED_ENTRIES = 3;
const UNLABELED_ENTRIES = 2;

/**
 * Collects the per-step [crossEntropy, ranking, correct] (+ [unlabeledLoss, unlabeledPassed])
 * tensors of one epoch and reads them back in one go every few steps, reporting progress and catching a
 * diverged loss.
 */
export class EpochMeter {
  private pending: tf.Tensor1D[] = [];
  private pendingSamples = 0;
  private windowStart = performance.now();
  private totals = { crossEntropy: 0, ranking: 0, correct: 0, samples: 0, steps: 0, unlabeledLoss: 0, passed: 0, unlabeled: 0 };

  constructor(
    private readonly epoch: number,
    private readonly epochs: number,
    private readonly stepsPerEpoch: number,
    /** whether the steps train on unlabeled images too (the summary then reports them) */
    private readonly withUnlabeled: boolean,
    private readonly onProgress?: (progress: TrainProgress) => void,
  ) {}

  get pendingSteps(): number {
    return this.pending.length;
  }

  add(report: tf.Tensor1D, samples: number, unlabeled = 0): void {
    this.pending.push(report);
    this.pendingSamples += samples;
    this.totals.unlabeled += unlabeled;
  }

  async flush(step: number): Promise<void> {
    if (this.pending.length === 0) return;
    const stacked = tf.stack(this.pending);
    const values = await stacked.data();
    stacked.dispose();
    let crossEntropy = 0;
    let ranking = 0;
    let unlabeledLoss = 0;
    const stride = LABELED_ENTRIES + (this.withUnlabeled ? UNLABELED_ENTRIES : 0);
    for (let i = 0; i < this.pending.length; i++) {
      const at = i * stride;
      crossEntropy += values[at];
      ranking += values[at + 1];
      this.totals.correct += values[at + 2];
      if (!this.withUnlabeled) continue;
      unlabeledLoss += values[at + 3];
      this.totals.passed += values[at + 4];
    }
    if (!Number.isFinite(crossEntropy) || !Number.isFinite(ranking) || !Number.isFinite(unlabeledLoss)) throw new NonFiniteLoss(this.epoch);
    this.totals.unlabeledLoss += unlabeledLoss;
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
      ...(this.withUnlabeled ? {
        unlabeledLoss: this.totals.unlabeledLoss / steps,
        unlabeledPassed: this.totals.passed / Math.max(1, this.totals.unlabeled),
      } : {}),
    };
  }

  /** Frees tensors not yet read (after a flush, or when a step throws). */
  dispose(): void {
    for (const t of this.pending) t.dispose();
    this.pending = [];
    this.pendingSamples = 0;
  }
}
