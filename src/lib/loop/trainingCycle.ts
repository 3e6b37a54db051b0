import type { LossloopDatabase } from '../data/store/db';
import { getProject } from '../data/store/projects';
import { idsOf, listLabeled, listTestSet, listUnlabeled } from '../data/store/sampleQueries';
import { commitCycle, getCheckpoint, getTrainingRun, listCycles, saveTrainingRun } from '../data/store/cycles';
import type { CycleRecord, ProjectRecord, PseudoLabeled, TrainingRunRecord } from '../data/store/schema';
import type { ProjectSettings } from '../data/store/settings';
import { drawSubset } from '../al/query';
import { queryStrategyFor } from '../al/queryFallback';
import { lossRanks } from '../al/lossRank';
import { runCycle, type CycleInput } from '../ml/cycle';
import type { EpochMetrics } from '../ml/train';
import { trainingSchedule } from '../core/schedule';
import { chooseQuery, chooseTestSet, confidentGuesses, cycleSettingsFor, guessesOf, imageLoader, rowsOf, rowsOfIds, strategyInputs } from './cycleSetup';
import { networkConfig, trainedNetwork } from '../data/store/trainedWith';
import { cycleFractionAtEpoch, cycleProgressHooks, timeLeftEstimator, type CycleProgress, type RunProgress } from './progress';
import { cycleWork, phaseShares, unlabeledWorkFactor } from './cycleWork';

/**
 * One active-learning cycle against the store: fix the cycle's inputs (labeled set, test images,
 * scored subset) in a training run record, train with a checkpoint after every epoch, score, pick
 * the query with the project's strategy (or entropy while the loss head is at chance, if the
 * settings say so), and commit the cycle. A run cut short by a closed tab is
 * found again and resumed from its last completed epoch.
 */

export interface CycleContext {
  db: LossloopDatabase;
  projectId: string;
  backend: string;
  onProgress: (progress: RunProgress) => void;
  /** after every epoch, with the cycle's epochs so far */
  onEpoch?: (cycle: number, epochs: number, history: EpochMetrics[]) => void;
  /** awaited before every step: waits while paused, throws TrainingCancelled on cancel */
  beforeStep: () => Promise<void>;
}

export async function runTrainingCycle(context: CycleContext): Promise<number> {
  const { db, projectId } = context;
  context.onProgress({ phase: 'loading', fraction: 0 });
  const project = await getProject(db, projectId);
  if (!project) throw new Error('This project no longer exists.');
  const run = await openTrainingRun(db, project);
  const settings = run.settings;
  const cycleSettings = cycleSettingsFor(settings, run.labeledIds.length, settings.seed + run.cycle);
  const epochs = trainingSchedule(run.labeledIds.length, cycleSettings).epochs;
  const inputs = strategyInputs(settings.strategy);
  const shares = phaseShares(cycleWork({
    labeled: run.labeledIds.length, tested: run.testIds.length, scored: run.subsetIds.length,
    scoringPasses: inputs.committeeSize ?? 0, guessed: run.labeledIds.length,
    trainingFactor: trainsOnUnlabeled(settings, run) ? unlabeledWorkFactor(settings) : 1,
  }, cycleSettings));
  const timeLeft = timeLeftEstimator(cycleFractionAtEpoch(run.checkpoint?.nextEpoch ?? 0, epochs, shares));
  const progress = (p: CycleProgress) => {
    context.onProgress({ ...p, secondsLeft: timeLeft(p.fraction), resumedFromEpoch: run.checkpoint?.nextEpoch });
  };

  const pseudo = run.pseudoLabeled ?? { ids: [], labels: [] };
  const toRead = run.labeledIds.length + run.testIds.length + run.subsetIds.length + pseudo.ids.length;
  const load = imageLoader(db, project, (done) => context.onProgress({ phase: 'loading', fraction: 0, read: { done, total: toRead } }));
  const input: CycleInput = {
    network: networkConfig(project, settings),
    train: await load(run.labeledIds, run.labels),
    test: await load(run.testIds, run.testLabels),
    candidates: await load(run.subsetIds, []),
    ...(pseudo.ids.length > 0 ? { pseudoLabeled: await load(pseudo.ids, pseudo.labels) } : {}),
    startWeights: settings.reinitialize ? undefined : await previousWeights(db, project, settings),
    resume: run.checkpoint ?? undefined,
    ...inputs,
    trainGuesses: true,
  };
  // A resumed cycle trained before it was cut short: its time counts too, up to the epoch it resumes
  // after (an epoch cut short is trained again, and counted once).
  const trainedBefore = run.checkpoint?.trainSeconds ?? 0;
  const runStarted = performance.now();
  const output = await runCycle(input, cycleSettings, {
    beforeStep: context.beforeStep,
    onEpochEnd: async (checkpoint) => {
      // The engine's epoch checkpoint has the shape of the store's StoredEpochCheckpoint, plus the time trained so far.
      const trainSeconds = trainedBefore + (performance.now() - runStarted) / 1000;
      await saveTrainingRun(db, { ...run, checkpoint: { ...checkpoint, trainSeconds } });
      context.onEpoch?.(run.cycle, epochs, checkpoint.history);
    },
    ...cycleProgressHooks(progress, shares),
  });

  progress({ phase: 'selecting', fraction: 1 });
  const candidates = output.candidates;
  const queryStrategy = queryStrategyFor(settings, output.test.rankingAccuracy, run.testIds.length);
  const queryIds = await chooseQuery({ ...settings, strategy: queryStrategy }, output, run.subsetIds, cycleSettings);
  const queryIndices = rowsOfIds(run.subsetIds, queryIds);
  const tested = output.testSamples;
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
    queryIds, queryScores: queryIndices.map((i) => candidates.predictedLoss[i]),
    queryLossRanks: lossRanks(candidates.predictedLoss, queryIndices),
    queryPredictions: guessesOf(rowsOf(candidates.logits, candidates.numClasses, queryIndices), candidates.numClasses),
    ...(output.train ? { labeledPredictions: { ids: run.labeledIds, ...guessesOf(output.train.logits, output.train.numClasses) } } : {}),
    queryStrategy, fellBack: queryStrategy !== settings.strategy,
    confidentGuesses: confidentGuesses(candidates, run.subsetIds, queryIds, settings.unlabeledThreshold),
    testSamples: {
      ids: run.testIds, labels: run.testLabels, predicted: Array.from(tested.predictedClass),
      predictedLoss: Array.from(tested.predictedLoss), trueLoss: Array.from(tested.crossEntropy),
    },
    backend: context.backend, trainSeconds: trainedBefore + output.trainSeconds, scoreSeconds: output.scoreSeconds,
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
  const labeled = await listLabeled(db, project.id);
  if (labeled.length < 2) throw new Error('Label at least two images before training.');
  const unlabeledIds = idsOf(await listUnlabeled(db, project.id));
  const test = chooseTestSet(await listTestSet(db, project.id), settings);
  const run: TrainingRunRecord = {
    projectId: project.id, cycle: nextCycle, settings,
    labeledIds: labeled.map((s) => s.id), labels: labeled.map((s) => s.label!),
    testIds: test.ids, testLabels: test.labels,
    subsetIds: drawSubset(unlabeledIds, settings.subsetM, settings.seed, nextCycle),
    ...(settings.unlabeledTraining === 'pseudo-labels' ? { pseudoLabeled: await lastConfidentGuesses(db, project.id, unlabeledIds) } : {}),
    checkpoint: null, startedAt: Date.now(),
  };
  await saveTrainingRun(db, run);
  return run;
}

/** The last cycle's confident guesses on images still unlabeled (a label given since outranks a guess). */
async function lastConfidentGuesses(db: LossloopDatabase, projectId: string, unlabeledIds: number[]): Promise<PseudoLabeled> {
  const cycles = await listCycles(db, projectId);
  const guesses = cycles[cycles.length - 1]?.confidentGuesses;
  if (!guesses) return { ids: [], labels: [] };
  const stillUnlabeled = new Set(unlabeledIds);
  const kept = guesses.ids.map((id, i) => [id, guesses.labels[i]]).filter(([id]) => stillUnlabeled.has(id));
  return { ids: kept.map(([id]) => id), labels: kept.map(([, label]) => label) };
}

/** Whether a cycle's steps train on unlabeled images: the setting is on, and there are images to draw. */
function trainsOnUnlabeled(settings: ProjectSettings, run: TrainingRunRecord): boolean {
  if (settings.unlabeledTraining === 'consistency') return run.subsetIds.length > 0;
  return settings.unlabeledTraining === 'pseudo-labels' && (run.pseudoLabeled?.ids.length ?? 0) > 0;
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
  const sameShape = JSON.stringify(trainedNetwork(project, previous).config) === JSON.stringify(networkConfig(project, settings));
  return sameShape ? { tensors: checkpoint.tensors } : undefined;
}
