import type { LossloopDatabase } from '../data/db';
import { getProject } from '../data/projects';
import { listSamples, readPixels } from '../data/samples';
import { commitCycle, listCycles } from '../data/cycles';
import type { CycleRecord, ProjectRecord } from '../data/schema';
import { drawSubset } from '../al/query';
import { createRng, sampleWithoutReplacement } from '../al/random';
import { selectTopK } from '../al/select';
import { runCycle, type CycleSettings } from '../ml/cycle';
import type { LabeledImages } from '../ml/train';
import type { TrainerProgress } from './protocol';

/**
 * One active-learning cycle against the store: read the labeled set, the test set and a random
 * subset of the unlabeled pool; train and score; commit the cycle and its top-K query.
 */

export interface CycleContext {
  db: LossloopDatabase;
  projectId: string;
  backend: string;
  onProgress: (progress: Omit<TrainerProgress, 'type'>) => void;
  shouldStop: () => boolean;
}

/** Share of the cycle's time each phase gets on the progress bar (training dominates). */
const PHASE_SHARE = { training: 0.8, evaluating: 0.1, scoring: 0.1 };

export async function runTrainingCycle(context: CycleContext): Promise<number> {
  const { db, projectId } = context;
  context.onProgress({ phase: 'loading', fraction: 0 });
  const project = await getProject(db, projectId);
  if (!project) throw new Error('This project no longer exists.');
  const settings = project.settings;
  const samples = await listSamples(db, projectId);
  const cycleIndex = (await listCycles(db, projectId)).length + 1;

  const labeled = samples.filter((s) => s.split === 'pool' && s.label !== null);
  if (labeled.length < 2) throw new Error('Label at least two images before training.');
  const unlabeledIds = samples.filter((s) => s.split === 'pool' && s.label === null).map((s) => s.id);
  const testSamples = sampleWithoutReplacement(samples.filter((s) => s.split === 'test'), settings.testSize, createRng(settings.seed))
    .sort((a, b) => a.id - b.id);
  const subsetIds = drawSubset(unlabeledIds, settings.subsetM, settings.seed, cycleIndex);

  const load = async (ids: number[], labels: number[]): Promise<LabeledImages> => ({
    pixels: await readPixels(db, projectId, ids, pixelsPerImage(project)),
    labels, count: ids.length, shape: imageShape(project), normalization: project.normalization,
  });
  const train = await load(labeled.map((s) => s.id), labeled.map((s) => s.label!));
  const test = await load(testSamples.map((s) => s.id), testSamples.map((s) => s.label ?? s.trueLabel ?? 0));
  const candidates = await load(subsetIds, []);

  const cycleSettings: CycleSettings = {
    ...settings,
    batchSize: Math.min(settings.batchSize, labeled.length - (labeled.length % 2)),
    augmentation: settings.cropPadding > 0 || settings.horizontalFlip
      ? { cropPadding: settings.cropPadding, horizontalFlip: settings.horizontalFlip } : null,
    seed: settings.seed + cycleIndex,
    inferenceBatchSize: 64,
  };
  const output = await runCycle({
    network: {
      inputShape: project.imageShape, numClasses: project.classes.length,
      stageWidths: settings.stageWidths, blocksPerStage: settings.blocksPerStage, headUnits: settings.headUnits,
    },
    train, test, candidates,
  }, cycleSettings, {
    shouldStop: context.shouldStop,
    onTrainProgress: (p) => context.onProgress({
      phase: 'training',
      fraction: PHASE_SHARE.training * (p.epoch + p.step / p.stepsPerEpoch) / p.epochs,
      epoch: p.epoch + 1, epochs: p.epochs,
      crossEntropy: p.crossEntropy, rankingLoss: p.rankingLoss, samplesPerSecond: p.samplesPerSecond,
    }),
    onPhase: (phase, done, total) => context.onProgress({
      phase,
      fraction: phase === 'evaluating'
        ? PHASE_SHARE.training + PHASE_SHARE.evaluating * (done / total)
        : PHASE_SHARE.training + PHASE_SHARE.evaluating + PHASE_SHARE.scoring * (done / total),
    }),
  });

  context.onProgress({ phase: 'saving', fraction: 1 });
  const queryIds = selectTopK(subsetIds, output.candidateScores, settings.queryK);
  const scoreOf = new Map(subsetIds.map((id, i) => [id, output.candidateScores[i]]));
  const last = output.epochs[output.epochs.length - 1];
  const cycle: CycleRecord = {
    projectId, index: cycleIndex, labeledCount: labeled.length, settings,
    metrics: {
      testAccuracy: output.test.accuracy, testCrossEntropy: output.test.meanCrossEntropy,
      testRankingLoss: output.test.meanRankingLoss, rankingAccuracy: output.test.rankingAccuracy,
      trainCrossEntropy: last.crossEntropy, trainRankingLoss: last.rankingLoss, trainAccuracy: last.trainAccuracy,
    },
    epochs: output.epochs, subsetSize: subsetIds.length,
    queryIds, queryScores: queryIds.map((id) => scoreOf.get(id)!),
    backend: context.backend, trainSeconds: output.trainSeconds, scoreSeconds: output.scoreSeconds,
    finishedAt: Date.now(),
  };
  await commitCycle(db, cycle, { projectId, cycle: cycleIndex, tensors: output.checkpoint.tensors });
  return cycleIndex;
}

function imageShape(project: ProjectRecord) {
  const [height, width, channels] = project.imageShape;
  return { height, width, channels };
}

function pixelsPerImage(project: ProjectRecord): number {
  return project.imageShape[0] * project.imageShape[1] * project.imageShape[2];
}
