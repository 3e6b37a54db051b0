/**
 * How long a cycle trains, in optimizer steps. The paper trains 200 epochs on at least 1,000 labels;
 * a browser cycle trains far fewer epochs, and on a small labeled set "10 epochs" can be 30 steps:
 * too few for any network to learn. So a cycle trains `epochs` epochs, or more when that is needed
 * to reach `minSteps` optimizer steps, and the learning-rate drop and the detach point sit at their
 * fractions of the steps actually taken.
 */

export interface ScheduleSettings {
  /** epochs at least (paper: 200) */
  epochs: number;
  /** optimizer steps at least; 0 trains `epochs` epochs whatever the labeled set */
  minSteps: number;
  /** even */
  batchSize: number;
  /** learning rate x0.1 from this fraction of the steps on (paper: 0.8) */
  lrDropFraction: number;
  /** tapped features detached from this fraction of the steps on (paper: 0.6) */
  detachFraction: number;
}

export interface TrainingSchedule {
  epochs: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** the first step (0-based, counted over the whole cycle) trained at the dropped learning rate */
  lrDropStep: number;
  /** the first step whose tapped features are detached */
  detachStep: number;
}

/**
 * Batches in one epoch of `count` samples, as `epochBatches` cuts them: as few as hold every
 * sample at `batchSize` once an odd last sample is left out.
 */
export function stepsPerEpoch(count: number, batchSize: number): number {
  return Math.ceil(samplesPerEpoch(count, batchSize) / batchSize);
}

export function trainingSchedule(count: number, settings: ScheduleSettings): TrainingSchedule {
  const perEpoch = stepsPerEpoch(count, settings.batchSize);
  const epochs = perEpoch === 0
    ? settings.epochs
    : Math.max(settings.epochs, Math.ceil(settings.minSteps / perEpoch));
  const totalSteps = epochs * perEpoch;
  return {
    epochs,
    stepsPerEpoch: perEpoch,
    totalSteps,
    lrDropStep: Math.round(settings.lrDropFraction * totalSteps),
    detachStep: Math.round(settings.detachFraction * totalSteps),
  };
}

/** The learning rate of a step (0-based over the whole cycle). */
export function learningRateAtStep(step: number, schedule: TrainingSchedule, learningRate: number): number {
  return step >= schedule.lrDropStep ? learningRate * 0.1 : learningRate;
}

export function detachedAtStep(step: number, schedule: TrainingSchedule): boolean {
  return step >= schedule.detachStep;
}

/** The batch a cycle trains with: the setting, cut to an even number no larger than the labeled set. */
export function fittedBatchSize(batchSize: number, labeledCount: number): number {
  return Math.min(batchSize, labeledCount - (labeledCount % 2));
}

/** Training samples one epoch of `count` samples processes (an odd last sample waits). */
export function samplesPerEpoch(count: number, batchSize: number): number {
  const rest = count % batchSize;
  const pairedRest = rest - (rest % 2);
  return Math.floor(count / batchSize) * batchSize + (pairedRest >= 2 ? pairedRest : 0);
}

/**
 * Training samples a whole cycle of `count` labeled samples processes: its epochs (minSteps
 * included) times one epoch's samples, at the batch size the cycle fits to the labeled set.
 */
export function cycleTrainedSamples(count: number, settings: ScheduleSettings): number {
  const batchSize = fittedBatchSize(settings.batchSize, count);
  if (batchSize < 2) return 0;
  return samplesPerEpoch(count, batchSize) * trainingSchedule(count, { ...settings, batchSize }).epochs;
}
