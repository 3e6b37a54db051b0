import type { LossloopDatabase } from '../data/store/db';
import { readPixels } from '../data/store/samples';
import type { ProjectRecord, SampleRecord } from '../data/store/schema';
import type { ProjectSettings } from '../data/store/settings';
import { selectQuery } from '../al/strategies';
import { createRng, sampleWithoutReplacement } from '../al/random';
import type { CycleHooks, CycleInput, CycleOutput, CycleSettings } from '../ml/cycle';
import { nearestDistancesOnDevice } from '../ml/distances';
import { predict } from '../ml/inference';
import { createNetwork, disposeNetwork, type NetworkConfig } from '../ml/network';
import { loadCheckpoint, type NetworkCheckpoint } from '../ml/checkpoint';
import type { LabeledImages } from '../ml/train';
import { pixelsPerImage, type ImageShape } from '../ml/batch';
import type { TrainerProgress } from './protocol';
import { fittedBatchSize } from '../ml/schedule';

/**
 * What a project's cycle and a strategy race's round share: turning stored settings and ids into
 * the engine's inputs, and choosing the query once the cycle is done. One recipe for both, so a
 * race compares strategies exactly as a user's own cycles would run them.
 */

/** The network of a project under these settings; `numClasses` for a network trained before a class edit. */
export function networkConfig(project: ProjectRecord, settings: ProjectSettings, numClasses = project.classes.length): NetworkConfig {
  return {
    inputShape: project.imageShape, numClasses,
    stageWidths: settings.stageWidths, blocksPerStage: settings.blocksPerStage, headUnits: settings.headUnits,
  };
}

export function imageShape(project: ProjectRecord): ImageShape {
  const [height, width, channels] = project.imageShape;
  return { height, width, channels };
}

/** Reads the pixels of the given samples, with their labels, as the engine's input. */
export function imageLoader(db: LossloopDatabase, project: ProjectRecord) {
  const shape = imageShape(project);
  return async (ids: number[], labels: number[]): Promise<LabeledImages> => ({
    pixels: await readPixels(db, project.id, ids, pixelsPerImage(shape)),
    labels, count: ids.length, shape, normalization: project.normalization,
  });
}

/** The labeled test images a cycle is measured on: a seeded sample of the settings' size, in id order. */
export function chooseTestSet(testSet: SampleRecord[], settings: ProjectSettings): { ids: number[]; labels: number[] } {
  const labeledTest = testSet.filter((s) => (s.label ?? s.trueLabel) !== null);
  if (labeledTest.length < 2) throw new Error('This project has no labeled test set to measure the model on: make one first (label a few random images once).');
  const test = sampleWithoutReplacement(labeledTest, settings.testSize, createRng(settings.seed)).sort((a, b) => a.id - b.id);
  return { ids: test.map((s) => s.id), labels: test.map((s) => (s.label ?? s.trueLabel)!) };
}

/** The engine's settings for one cycle: the project's, with the batch fitted to the labeled set. */
export function cycleSettingsFor(settings: ProjectSettings, labeledCount: number, seed: number): CycleSettings {
  return {
    ...settings,
    objective: settings.strategy === 'learning-loss-mse' ? 'mse' : 'ranking',
    batchSize: fittedBatchSize(settings.batchSize, labeledCount),
    augmentation: settings.cropPadding > 0 || settings.horizontalFlip
      ? { cropPadding: settings.cropPadding, horizontalFlip: settings.horizontalFlip } : null,
    seed,
    inferenceBatchSize: 64,
  };
}

/** The next K images to label from the scored subset, by the settings' strategy. */
export async function chooseQuery(
  settings: ProjectSettings, input: CycleInput, output: CycleOutput, subsetIds: number[], cycleSettings: CycleSettings,
): Promise<number[]> {
  const candidates = output.candidates;
  return selectQuery(settings.strategy, {
    ids: subsetIds, predictedLoss: candidates.predictedLoss, logits: candidates.logits, numClasses: candidates.numClasses,
    features: candidates.features, featureDim: candidates.featureDim,
    labeledFeatures: settings.strategy === 'core-set' ? await labeledFeatures(input, output.checkpoint, cycleSettings) : undefined,
    nearestDistances: nearestDistancesOnDevice,
    k: settings.queryK, seed: cycleSettings.seed,
  });
}

/** Penultimate features of the labeled set under the trained weights, for core-set selection. */
async function labeledFeatures(input: CycleInput, weights: NetworkCheckpoint, settings: CycleSettings): Promise<Float32Array> {
  const network = createNetwork(input.network, settings.seed);
  try {
    loadCheckpoint(network, weights);
    return (await predict(network, input.train, { batchSize: settings.inferenceBatchSize, withFeatures: true })).features;
  } finally {
    disposeNetwork(network);
  }
}

/** What a cycle reports of itself; the caller adds the time left and what it knows of the whole run. */
export type CycleProgress = Omit<TrainerProgress, 'type' | 'secondsLeft' | 'resumedFromEpoch' | 'race'>;

/** Share of a cycle's time each phase gets on the progress bar (training dominates). */
const PHASE_SHARE = { training: 0.8, evaluating: 0.1, scoring: 0.1 };

/** runCycle hooks that report the phase, the epoch and the fraction of the cycle done. */
export function cycleProgressHooks(report: (progress: CycleProgress) => void): Pick<CycleHooks, 'onTrainProgress' | 'onPhase'> {
  return {
    onTrainProgress: (p) => report({
      phase: 'training',
      fraction: PHASE_SHARE.training * (p.epoch + p.step / p.stepsPerEpoch) / p.epochs,
      epoch: p.epoch + 1, epochs: p.epochs,
      crossEntropy: p.crossEntropy, rankingLoss: p.rankingLoss, samplesPerSecond: p.samplesPerSecond,
    }),
    onPhase: (phase, done, total) => report({
      phase,
      fraction: phase === 'evaluating'
        ? PHASE_SHARE.training + PHASE_SHARE.evaluating * (done / total)
        : PHASE_SHARE.training + PHASE_SHARE.evaluating + PHASE_SHARE.scoring * (done / total),
    }),
  };
}

/** Seconds left from the time spent so far and the fraction done (none until there is a trend). */
export function timeLeftEstimator(now: () => number = () => performance.now()): (fraction: number) => number | undefined {
  const started = now();
  return (fraction) => fraction > 0.02 ? ((now() - started) / 1000) * (1 - fraction) / fraction : undefined;
}
