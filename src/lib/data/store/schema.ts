import type { DBSchema, StoreNames } from 'idb';
import type { ProjectSettings } from './settings';
import type { StrategyName } from '../../al/strategies';
import type { LabelConflictRecord } from './conflicts';
import type { RaceRecord } from './raceRecords';

// The race's records have a file of their own; every stored type is still reached from here.
export type { RaceLane, RacePoint, RaceRecord } from './raceRecords';

/**
 * Everything lossloop knows lives in one IndexedDB database, described here in one place.
 *
 *   projects      one record per project: classes, image shape, settings, the open query
 *   samples       one small record per image: split, label, who labeled it and when, hidden truth
 *   pixelChunks   the images' uint8 pixels, PIXEL_CHUNK_SIZE images per record (compact, fast to read)
 *   labelEvents   append-only log of every label given, for audit and undo
 *   cycles        one record per finished learning cycle: settings, metrics, the query it chose
 *   checkpoints   the latest weights of both networks per project
 *   trainingRuns  the cycle in progress and its last epoch checkpoint, to resume after a closed tab
 *   thumbnails    a small picture of each imported image larger than the network input, for the UI
 *   races         the last strategy race of each project: its fixed inputs and every point so far
 *   labelConflicts  images a merged labels file labels otherwise than this project, to resolve
 */

export const DB_NAME = 'lossloop';
/**
 * 1: the first schema; 2: thumbnails of images larger than the network input; 3: strategy races;
 * 4: settings for the step-based schedule; 5: hotkeys from class names rather than positions;
 * 6: conflicts between this project's labels and a merged labels file; 7: settings for the ranking
 * targets and for learning from unlabeled images.
 */
export const DB_VERSION = 7;
export const PIXEL_CHUNK_SIZE = 1000;

export type Split = 'pool' | 'test';
export type Labeler = 'human' | 'oracle' | 'import';

export interface ClassInfo {
  name: string;
  /** the key that assigns the class, one digit or lower-case letter, '' for none (see hotkeys.ts) */
  hotkey: string;
  /** CSS colour that marks the class in the UI */
  color?: string;
}

/** The cycle number of a query that asks for test-set labels (random pool images, held out). */
export const TEST_SET_QUERY = -1;

export interface OpenQuery {
  /** the cycle that chose these samples; 0 is the initial random set, TEST_SET_QUERY a test set */
  cycle: number;
  ids: number[];
}

export interface ProjectRecord {
  id: string;
  name: string;
  /** where the images came from, shown with its licence */
  source: string;
  classes: ClassInfo[];
  imageShape: [number, number, number];
  /** mean and std of the pool's pixels in [0, 1], used to normalize network inputs */
  normalization: { mean: number; std: number };
  poolCount: number;
  testCount: number;
  settings: ProjectSettings;
  /** the samples waiting for a human; null before the initial set is drawn */
  openQuery: OpenQuery | null;
  /** false while an import is still writing: an interrupted import is redone */
  complete: boolean;
  createdAt: number;
}

export interface SampleRecord {
  projectId: string;
  id: number;
  split: Split;
  label: number | null;
  labeledBy: Labeler | null;
  labeledAt: number | null;
  /** the known answer, never shown: only the simulated oracle reads it */
  trueLabel: number | null;
  /** the file or record the image came from, for exports (absent: made from split and id) */
  sourceName?: string;
}

/**
 * The class a test image is measured against: its given label, else the hidden answer of an
 * imported labeled set; null when it has neither (a class delete cleared it), and it then
 * measures nothing.
 */
export function measuredLabel(sample: SampleRecord): number | null {
  return sample.label ?? sample.trueLabel;
}

/** The fewest labeled test images a cycle can be measured on; with fewer, nothing trains. */
export const MIN_LABELED_TEST = 2;

export interface PixelChunkRecord {
  projectId: string;
  chunk: number;
  /** images [chunk * PIXEL_CHUNK_SIZE, ... + count), row-major h x w x c each */
  count: number;
  pixels: Uint8Array;
}

export interface LabelEventRecord {
  seq?: number;
  projectId: string;
  sampleId: number;
  label: number | null;
  previous: number | null;
  by: Labeler;
  at: number;
  /** where a label that came in a file came from: the file, and its project when the file names one */
  source?: string;
}

export interface CycleMetrics {
  testAccuracy: number;
  testCrossEntropy: number;
  /** mean ranking loss of the loss head on the test set */
  testRankingLoss: number;
  /** fraction of test pairs whose predicted-loss order matches the real-loss order */
  rankingAccuracy: number;
  /** Spearman correlation of predicted and real losses on the test set */
  spearman: number;
  perClassAccuracy: number[];
  /** confusion[true][predicted] = count, on the test set */
  confusion: number[][];
  /** last epoch's means on the training set */
  trainCrossEntropy: number;
  trainRankingLoss: number;
  trainAccuracy: number;
}

/** One training epoch's means over the labeled set. */
export interface StoredEpochMetrics {
  epoch: number;
  crossEntropy: number;
  rankingLoss: number;
  trainAccuracy: number;
  /** with unlabeled training: its mean loss, and the share of drawn images that passed the threshold */
  unlabeledLoss?: number;
  unlabeledPassed?: number;
}

export interface TestSampleResults {
  ids: number[];
  labels: number[];
  predicted: number[];
  predictedLoss: number[];
  /** the real cross-entropy, which the loss head learns to rank */
  trueLoss: number[];
}

/** The model's guessed class (index into the cycle's classNames) and its softmax probability, per image. */
export interface ModelGuesses {
  classIndex: number[];
  confidence: number[];
}

/** Unlabeled images with the class the model guessed confidently: training targets, not labels. */
export interface PseudoLabeled {
  ids: number[];
  labels: number[];
}

export interface CycleRecord {
  projectId: string;
  index: number;
  labeledCount: number;
  settings: ProjectSettings;
  /** the class names the network was trained with, in output order (absent: cycles older than this field) */
  classNames?: string[];
  metrics: CycleMetrics;
  epochs: StoredEpochMetrics[];
  /** the subset that was scored, and the top-K chosen from it */
  subsetSize: number;
  queryIds: number[];
  queryScores: number[];
  /** each query sample's rank by predicted loss among all `subsetSize` scored (1 = highest), in query order (absent in older cycles) */
  queryLossRanks?: number[];
  /** the model's guess for each query sample, in query order (absent in cycles from before it was kept) */
  queryPredictions?: ModelGuesses;
  /**
   * The trained model's guess for each image it was trained on, for the review of the labels
   * (absent in cycles from before it was kept)
   */
  labeledPredictions?: ModelGuesses & { ids: number[] };
  /**
   * The strategy that chose the query, and whether it stood in for the settings' strategy because
   * the loss head ranked no better than chance (absent in older cycles: the settings' strategy chose)
   */
  queryStrategy?: StrategyName;
  fellBack?: boolean;
  /** the scored images guessed at the settings' threshold or above, but for the query: the next cycle's pseudo-labels */
  confidentGuesses?: PseudoLabeled;
  /** each measured test image, in the same order everywhere: what the charts of the cycle draw */
  testSamples?: TestSampleResults;
  backend: string;
  trainSeconds: number;
  scoreSeconds: number;
  finishedAt: number;
}

/** One weight or running statistic of a network, by its name in the network. */
export interface StoredTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** The latest weights of both networks of a project, from its last finished cycle. */
export interface CheckpointRecord {
  projectId: string;
  cycle: number;
  tensors: StoredTensor[];
}

/**
 * The training state after a completed epoch: enough to go on with the next epoch exactly as if
 * the run had never stopped. The engine (ml/cycle.ts) has the same shape under its own names.
 */
export interface StoredEpochCheckpoint {
  nextEpoch: number;
  /** the epochs trained so far */
  history: StoredEpochMetrics[];
  /** the state of the seeded generator that shuffles the batches */
  rngState: number;
  /** the optimizer's momentum, by weight name */
  velocity: Map<string, Float32Array>;
  weights: { tensors: StoredTensor[] };
  /** the query-by-committee snapshots taken so far in this cycle, oldest first */
  committee?: { tensors: StoredTensor[] }[];
  /**
   * Seconds spent training up to this epoch, over every run of the cycle (a resumed cycle's
   * training time is the sum of its runs); absent in checkpoints from before it was kept.
   */
  trainSeconds?: number;
}

/**
 * A cycle in progress, saved after every completed epoch so that a closed tab resumes it: the
 * cycle's own inputs (labels as they were when it started) and the training state.
 */
export interface TrainingRunRecord {
  projectId: string;
  cycle: number;
  settings: ProjectSettings;
  labeledIds: number[];
  labels: number[];
  testIds: number[];
  testLabels: number[];
  subsetIds: number[];
  /** the last cycle's confident guesses this cycle trains on (unlabeled training from pseudo-labels) */
  pseudoLabeled?: PseudoLabeled;
  checkpoint: StoredEpochCheckpoint | null;
  startedAt: number;
}

export interface ThumbnailRecord {
  projectId: string;
  id: number;
  /** an encoded image (WebP or PNG), at most THUMBNAIL_SIZE pixels on its longer side */
  image: Blob;
}

export const THUMBNAIL_SIZE = 96;

export interface LossloopDB extends DBSchema {
  projects: { key: string; value: ProjectRecord };
  samples: { key: [string, number]; value: SampleRecord };
  pixelChunks: { key: [string, number]; value: PixelChunkRecord };
  labelEvents: { key: number; value: LabelEventRecord; indexes: { byProject: string } };
  cycles: { key: [string, number]; value: CycleRecord };
  checkpoints: { key: string; value: CheckpointRecord };
  trainingRuns: { key: string; value: TrainingRunRecord };
  thumbnails: { key: [string, number]; value: ThumbnailRecord };
  races: { key: string; value: RaceRecord };
  labelConflicts: { key: [string, number]; value: LabelConflictRecord };
}

/** Every object store of the database. Each holds records of one project, found by its id. */
export const OBJECT_STORES = [
  'projects', 'samples', 'pixelChunks', 'labelEvents', 'cycles', 'checkpoints', 'trainingRuns', 'thumbnails', 'races', 'labelConflicts',
] as const satisfies readonly StoreNames<LossloopDB>[];

type UnlistedStore = Exclude<StoreNames<LossloopDB>, (typeof OBJECT_STORES)[number]>;
/** A store added to LossloopDB but not to OBJECT_STORES makes this fail to compile. */
export const EVERY_STORE_LISTED: [UnlistedStore] extends [never] ? true : false = true;

/**
 * The stores whose records a project backup leaves out, with the reason. Every other store is
 * carried whole: a backup restores the project exactly as it was.
 */
export const NOT_IN_BACKUPS: Partial<Record<(typeof OBJECT_STORES)[number], string>> = {
  trainingRuns: 'the resume point of a cycle in progress; a restored project starts that cycle again',
};
