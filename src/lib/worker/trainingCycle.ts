import type { LossloopDatabase } from '../data/db';
import { getProject } from '../data/projects';
import { listSamples, readPixels } from '../data/samples';
import { commitCycle, getCheckpoint, getTrainingRun, listCycles, saveTrainingRun } from '../data/cycles';
import type { CycleRecord, ProjectRecord, TrainingRunRecord } from '../data/schema';
import type { ProjectSettings } from '../data/settings';
import { drawSubset } from '../al/query';
import { createRng, sampleWithoutReplacement } from '../al/random';
import { selectQuery } from '../al/strategies';
import { runCycle, type CycleInput, type CycleSettings } from '../ml/cycle';
import { nearestDistancesOnDevice } from '../ml/distances';
import { predict } from '../ml/inference';
import { createNetwork, disposeNetwork } from '../ml/network';
import { loadCheckpoint, type NetworkCheckpoint } from '../ml/checkpoint';
import type { LabeledImages } from '../ml/train';
import { pixelsPerImage, type ImageShape } from '../ml/batch';
import type { TrainerProgress } from './protocol';

/**
 * One active-learning cycle against the store: fix the cycle's inputs (labeled set, test images,
 * scored subset) in a training run record, train with a checkpoint after every epoch, score, pick
 * the query with the project's strategy, and commit the cycle. A run cut short by a closed tab is
 * found again and resumed from its last completed epoch.
 */

export interface CycleContext {
  db: LossloopDatabase;
  projectId: string;
  backend: string;
  onProgress: (progress: Omit<TrainerProgress, 'type'>) => void;
  /** awaited before every step: waits while paused, throws TrainingCancelled on cancel */
  beforeStep: () => Promise<void>;
}

/** Share of the cycle's time each phase gets on the progress bar (training dominates). */
const PHASE_SHARE = { training: 0.8, evaluating: 0.1, scoring: 0.1 };

export async function runTrainingCycle(context: CycleContext): Promise<number> {
  const { db, projectId } = context;
  context.onProgress({ phase: 'loading', fraction: 0 });
  const project = await getProject(db, projectId);
  if (!project) throw new Error('This project no longer exists.');
  const run = await openTrainingRun(db, project);
  const settings = run.settings;
  const started = performance.now();
  const progress = (p: Omit<TrainerProgress, 'type' | 'secondsLeft'>) => {
    const elapsed = (performance.now() - started) / 1000;
    const secondsLeft = p.fraction > 0.02 ? (elapsed * (1 - p.fraction)) / p.fraction : undefined;
    context.onProgress({ ...p, secondsLeft, resumedFromEpoch: run.checkpoint?.nextEpoch });
  };

  const shape = imageShape(project);
  const load = async (ids: number[], labels: number[]): Promise<LabeledImages> => ({
    pixels: await readPixels(db, projectId, ids, pixelsPerImage(shape)),
    labels, count: ids.length, shape, normalization: project.normalization,
  });
  const input: CycleInput = {
    network: networkConfig(project, settings),
    train: await load(run.labeledIds, run.labels),
    test: await load(run.testIds, run.testLabels),
    candidates: await load(run.subsetIds, []),
    startWeights: settings.reinitialize ? undefined : await previousWeights(db, project, settings),
    resume: run.checkpoint ?? undefined,
    candidateFeatures: settings.strategy === 'core-set',
  };
  const cycleSettings: CycleSettings = {
    ...settings,
    objective: settings.strategy === 'learning-loss-mse' ? 'mse' : 'ranking',
    batchSize: Math.min(settings.batchSize, run.labeledIds.length - (run.labeledIds.length % 2)),
    augmentation: settings.cropPadding > 0 || settings.horizontalFlip
      ? { cropPadding: settings.cropPadding, horizontalFlip: settings.horizontalFlip } : null,
    seed: settings.seed + run.cycle,
    inferenceBatchSize: 64,
  };
  const output = await runCycle(input, cycleSettings, {
    beforeStep: context.beforeStep,
    onEpochEnd: (checkpoint) => saveTrainingRun(db, { ...run, checkpoint }),
    onTrainProgress: (p) => progress({
      phase: 'training',
      fraction: PHASE_SHARE.training * (p.epoch + p.step / p.stepsPerEpoch) / p.epochs,
      epoch: p.epoch + 1, epochs: p.epochs,
      crossEntropy: p.crossEntropy, rankingLoss: p.rankingLoss, samplesPerSecond: p.samplesPerSecond,
    }),
    onPhase: (phase, done, total) => progress({
      phase,
      fraction: phase === 'evaluating'
        ? PHASE_SHARE.training + PHASE_SHARE.evaluating * (done / total)
        : PHASE_SHARE.training + PHASE_SHARE.evaluating + PHASE_SHARE.scoring * (done / total),
    }),
  });

  progress({ phase: 'selecting', fraction: 1 });
  const candidates = output.candidates;
  const queryIds = await selectQuery(settings.strategy, {
    ids: run.subsetIds, predictedLoss: candidates.predictedLoss, logits: candidates.logits, numClasses: candidates.numClasses,
    features: candidates.features, featureDim: candidates.featureDim,
    labeledFeatures: settings.strategy === 'core-set' ? await labeledFeatures(input, output.checkpoint, cycleSettings) : undefined,
    nearestDistances: nearestDistancesOnDevice,
    k: settings.queryK, seed: cycleSettings.seed,
  });
  const scoreOf = new Map(run.subsetIds.map((id, i) => [id, candidates.predictedLoss[i]]));
  const last = output.epochs[output.epochs.length - 1];
  const cycle: CycleRecord = {
    projectId, index: run.cycle, labeledCount: run.labeledIds.length, settings, classNames: project.classes.map((c) => c.name),
    metrics: {
      testAccuracy: output.test.accuracy, testCrossEntropy: output.test.meanCrossEntropy,
      testRankingLoss: output.test.meanRankingLoss, rankingAccuracy: output.test.rankingAccuracy,
      spearman: output.test.spearman, perClassAccuracy: output.test.perClassAccuracy, confusion: output.test.confusion,
      trainCrossEntropy: last.crossEntropy, trainRankingLoss: last.rankingLoss, trainAccuracy: last.trainAccuracy,
    },
    epochs: output.epochs, subsetSize: run.subsetIds.length,
    queryIds, queryScores: queryIds.map((id) => scoreOf.get(id)!),
    backend: context.backend, trainSeconds: output.trainSeconds, scoreSeconds: output.scoreSeconds,
    finishedAt: Date.now(),
  };
  await commitCycle(db, cycle, { projectId, cycle: run.cycle, tensors: output.checkpoint.tensors });
  return run.cycle;
}

/**
 * The training run of the next cycle: the interrupted one if there is one, else a new one whose
 * inputs are fixed now (labels given from here on count in the cycle after).
 */
async function openTrainingRun(db: LossloopDatabase, project: ProjectRecord): Promise<TrainingRunRecord> {
  const nextCycle = (await listCycles(db, project.id)).length + 1;
  const existing = await getTrainingRun(db, project.id);
  if (existing && existing.cycle === nextCycle) return existing;

  const settings = project.settings;
  const samples = await listSamples(db, project.id);
  const labeled = samples.filter((s) => s.split === 'pool' && s.label !== null);
  if (labeled.length < 2) throw new Error('Label at least two images before training.');
  const unlabeledIds = samples.filter((s) => s.split === 'pool' && s.label === null).map((s) => s.id);
  const labeledTest = samples.filter((s) => s.split === 'test' && (s.label ?? s.trueLabel) !== null);
  if (labeledTest.length < 2) throw new Error('This project has no labeled test set to measure the model on: make one first (label a few random images once).');
  const test = sampleWithoutReplacement(labeledTest, settings.testSize, createRng(settings.seed)).sort((a, b) => a.id - b.id);
  const run: TrainingRunRecord = {
    projectId: project.id, cycle: nextCycle, settings,
    labeledIds: labeled.map((s) => s.id), labels: labeled.map((s) => s.label!),
    testIds: test.map((s) => s.id), testLabels: test.map((s) => (s.label ?? s.trueLabel)!),
    subsetIds: drawSubset(unlabeledIds, settings.subsetM, settings.seed, nextCycle),
    checkpoint: null, startedAt: Date.now(),
  };
  await saveTrainingRun(db, run);
  return run;
}

/**
 * The last cycle's weights, if the network has the same shape: settings may have changed, and so
 * may the number of classes (added, merged or deleted since), which sizes the classifier.
 */
async function previousWeights(db: LossloopDatabase, project: ProjectRecord, settings: ProjectSettings) {
  const checkpoint = await getCheckpoint(db, project.id);
  if (!checkpoint) return undefined;
  const previous = (await listCycles(db, project.id)).find((c) => c.index === checkpoint.cycle);
  if (!previous) return undefined;
  const trainedWith = networkConfig(project, previous.settings, previous.classNames?.length);
  const sameShape = JSON.stringify(trainedWith) === JSON.stringify(networkConfig(project, settings));
  return sameShape ? { tensors: checkpoint.tensors } : undefined;
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

function networkConfig(project: ProjectRecord, settings: ProjectSettings, numClasses = project.classes.length) {
  return {
    inputShape: project.imageShape, numClasses,
    stageWidths: settings.stageWidths, blocksPerStage: settings.blocksPerStage, headUnits: settings.headUnits,
  };
}

function imageShape(project: ProjectRecord): ImageShape {
  const [height, width, channels] = project.imageShape;
  return { height, width, channels };
}
