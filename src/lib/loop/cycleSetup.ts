import type { LossloopDatabase } from '../data/store/db';
import { readPixels } from '../data/store/samples';
import { MIN_LABELED_TEST, measuredLabel, type ProjectRecord, type SampleRecord } from '../data/store/schema';
import type { ProjectSettings } from '../data/store/settings';
import { COMMITTEE_SIZE, selectQuery, strategyNeeds, type StrategyName } from '../al/strategies';
import { createRng, sampleWithoutReplacement } from '../core/random';
import type { CycleInput, CycleOutput, CycleSettings } from '../ml/cycle';
import type { Predictions } from '../ml/inference';
import { argmaxRows } from '../ml/metrics';
import { leastConfidenceScores } from '../al/strategies/uncertainty';
import type { ModelGuesses, PseudoLabeled } from '../data/store/schema';
import { nearestDistancesOnDevice } from '../ml/distances';
import type { LabeledImages } from '../ml/train';
import { pixelsPerImage, type ImageShape } from '../ml/batch';
import { fittedBatchSize } from '../core/schedule';


/**
 * What a project's cycle and a strategy race's round share: turning stored settings and ids into
 * the engine's inputs, and choosing the query once the cycle is done. One recipe for both, so a
 * race compares strategies exactly as a user's own cycles would run them.
 */

export function imageShape(project: ProjectRecord): ImageShape {
  const [height, width, channels] = project.imageShape;
  return { height, width, channels };
}

/** Reads the pixels of the given samples, with their labels, as the engine's input. */
export function imageLoader(db: LossloopDatabase, project: ProjectRecord, onRead: (images: number) => void = () => {}) {
  const shape = imageShape(project);
  // counted over every load of this loader, so that a cycle's three loads make one progress bar
  let readBefore = 0;
  return async (ids: number[], labels: number[]): Promise<LabeledImages> => {
    const start = readBefore;
    const pixels = await readPixels(db, project.id, ids, pixelsPerImage(shape), (done) => onRead(start + done));
    readBefore = start + ids.length;
    onRead(readBefore);
    return { pixels, labels, count: ids.length, shape, normalization: project.normalization };
  };
}

/** The labeled test images a cycle is measured on: a seeded sample of the settings' size, in id order. */
export function chooseTestSet(testSet: SampleRecord[], settings: ProjectSettings): { ids: number[]; labels: number[] } {
  const labeledTest = testSet.filter((s) => measuredLabel(s) !== null);
  if (labeledTest.length < MIN_LABELED_TEST) throw new Error('This project has no labeled test set to measure the model on: make one first (label a few random images once).');
  const test = sampleWithoutReplacement(labeledTest, settings.testSize, createRng(settings.seed)).sort((a, b) => a.id - b.id);
  return { ids: test.map((s) => s.id), labels: test.map((s) => measuredLabel(s)!) };
}

/** The engine's settings for one cycle: the project's, with the batch fitted to the labeled set. */
export function cycleSettingsFor(settings: ProjectSettings, labeledCount: number, seed: number): CycleSettings {
  return {
    ...settings,
    objective: settings.strategy === 'learning-loss-mse' ? 'mse' : settings.rankingTargets === 'soft' ? 'soft-ranking' : 'ranking',
    batchSize: fittedBatchSize(settings.batchSize, labeledCount),
    augmentation: settings.cropPadding > 0 || settings.horizontalFlip
      ? { cropPadding: settings.cropPadding, horizontalFlip: settings.horizontalFlip } : null,
    unlabeled: settings.unlabeledTraining === 'off' ? null : {
      source: settings.unlabeledTraining, threshold: settings.unlabeledThreshold, ratio: settings.unlabeledRatio,
      weight: settings.unlabeledWeight, horizontalFlip: settings.horizontalFlip,
    },
    seed,
    inferenceBatchSize: 64,
  };
}

/**
 * The scored images the model guessed with at least `threshold` confidence, but for the query (which
 * a person is about to label): the next cycle's pseudo-labels when the settings train on them.
 */
export function confidentGuesses(candidates: Predictions, subsetIds: number[], queryIds: number[], threshold: number): PseudoLabeled {
  const asked = new Set(queryIds);
  const guesses = guessesOf(candidates.logits, candidates.numClasses);
  const ids: number[] = [];
  const labels: number[] = [];
  subsetIds.forEach((id, i) => {
    if (asked.has(id) || guesses.confidence[i] < threshold) return;
    ids.push(id);
    labels.push(guesses.classIndex[i]);
  });
  return { ids, labels };
}

/** The rows of `ids` among `allIds` (the scored subset, say), in the order of `ids`. */
export function rowsOfIds(allIds: readonly number[], ids: readonly number[]): number[] {
  const row = new Map(allIds.map((id, i) => [id, i]));
  return ids.map((id) => row.get(id)!);
}

/** The logits rows of the given samples, in that order. */
export function rowsOf(logits: Float32Array, numClasses: number, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * numClasses);
  rows.forEach((row, i) => out.set(logits.subarray(row * numClasses, (row + 1) * numClasses), i * numClasses));
  return out;
}

/** The most likely class of each row and its probability (1 minus the least-confidence score). */
export function guessesOf(logits: Float32Array, numClasses: number): ModelGuesses {
  return {
    classIndex: Array.from(argmaxRows(logits, numClasses)),
    confidence: Array.from(leastConfidenceScores(logits, numClasses), (u) => 1 - u),
  };
}

/** What the cycle must compute for `strategy` besides logits and predicted losses. */
export function strategyInputs(strategy: StrategyName): Pick<CycleInput, 'candidateFeatures' | 'labeledFeatures' | 'committeeSize'> {
  return {
    candidateFeatures: strategyNeeds(strategy, 'features'),
    labeledFeatures: strategyNeeds(strategy, 'labeled-features'),
    committeeSize: strategyNeeds(strategy, 'committee') ? COMMITTEE_SIZE : 0,
  };
}

/** The next K images to label from the scored subset, by the settings' strategy. */
export async function chooseQuery(settings: ProjectSettings, output: CycleOutput, subsetIds: number[], cycleSettings: CycleSettings): Promise<number[]> {
  const candidates = output.candidates;
  return selectQuery(settings.strategy, {
    ids: subsetIds, predictedLoss: candidates.predictedLoss, logits: candidates.logits, numClasses: candidates.numClasses,
    features: candidates.features, featureDim: candidates.featureDim, committee: output.committee,
    labeledFeatures: output.train?.features,
    nearestDistances: nearestDistancesOnDevice,
    k: settings.queryK, seed: cycleSettings.seed,
  });
}
