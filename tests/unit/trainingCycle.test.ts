import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { answerFromTruth } from '../../src/lib/data/store/samples';
import { getTrainingRun, listCycles, saveTrainingRun } from '../../src/lib/data/store/cycles';
import { getProject, updateProject } from '../../src/lib/data/store/projects';
import { addClass } from '../../src/lib/data/store/classes';
import { runTrainingCycle } from '../../src/lib/loop/trainingCycle';
import { RunControl } from '../../src/lib/worker/runControl';
import { TrainingCancelled } from '../../src/lib/ml/trainingErrors';
import { aboveChance } from '../../src/lib/al/confidence';
import { closeDatabase, freshDatabase, seedProject, tinySettings } from './projectFixture';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
  await seedProject(db);
  await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));
});
afterEach(() => closeDatabase(db));

const context = (beforeStep: () => Promise<void> = async () => {}) => ({
  db, projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep,
});

describe('a training cycle against the store', () => {
  it('trains on the labeled set, commits the cycle and opens a top-K query from the unlabeled subset', async () => {
    const before = tf.memory().numTensors;
    expect(await runTrainingCycle(context())).toBe(1);
    const [cycle] = await listCycles(db, 'p');
    expect(cycle.labeledCount).toBe(10);
    expect(cycle.epochs).toHaveLength(tinySettings.epochs);
    expect(cycle.queryIds).toHaveLength(tinySettings.queryK);
    expect(cycle.queryIds.every((id) => id >= 10 && id < 40)).toBe(true);
    // learning loss: the query is in descending predicted loss
    expect(cycle.queryScores).toEqual([...cycle.queryScores].sort((a, b) => b - a));
    // ...so the k-th query sample ranks k-th or better (ties share a rank) among all scored
    expect(cycle.queryLossRanks![0]).toBe(1);
    expect(cycle.queryLossRanks!.every((rank, k) => rank <= k + 1)).toBe(true);
    expect(cycle.metrics.confusion.flat().reduce((a, b) => a + b, 0)).toBe(tinySettings.testSize);
    expect((await getProject(db, 'p'))!.openQuery).toEqual({ cycle: 1, ids: cycle.queryIds });
    expect(await getTrainingRun(db, 'p')).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says how many images it has read while it reads them, up to all it needs', async () => {
    const reads: { done: number; total: number }[] = [];
    await runTrainingCycle({ ...context(), onProgress: (p) => { if (p.read) reads.push(p.read); } });
    const total = reads[0].total;
    // the labeled set, the measured test images and the scored subset
    expect(total).toBeGreaterThan(10 + tinySettings.testSize);
    expect(reads.every((r) => r.total === total)).toBe(true);
    expect(reads.map((r) => r.done)).toEqual([...reads.map((r) => r.done)].sort((a, b) => a - b));
    expect(reads.at(-1)!.done).toBe(total);
  });

  it('keeps what the charts of the cycle draw: per test image results, the guess for each query image, each epoch as it ends', async () => {
    const epochsSeen: number[][] = [];
    await runTrainingCycle({ ...context(), onEpoch: (_cycle, _epochs, history) => epochsSeen.push(history.map((e) => e.epoch)) });
    const [cycle] = await listCycles(db, 'p');
    // one message per epoch, each with the whole history so far
    expect(epochsSeen).toEqual(Array.from({ length: tinySettings.epochs }, (_, e) => Array.from({ length: e + 1 }, (_, i) => i)));
    const tested = cycle.testSamples!;
    expect(tested.ids).toHaveLength(tinySettings.testSize);
    for (const list of [tested.labels, tested.predicted, tested.predictedLoss, tested.trueLoss]) expect(list).toHaveLength(tested.ids.length);
    // the confusion matrix and the per-image results are two views of the same predictions
    const confusion = cycle.metrics.confusion.map((row) => row.map(() => 0));
    tested.labels.forEach((label, i) => confusion[label][tested.predicted[i]]++);
    expect(confusion).toEqual(cycle.metrics.confusion);
    const correct = tested.labels.filter((label, i) => label === tested.predicted[i]).length;
    expect(correct / tested.ids.length).toBeCloseTo(cycle.metrics.testAccuracy, 10);
    expect(tested.trueLoss.every((l) => l >= 0)).toBe(true);
    expect(tested.trueLoss.reduce((a, b) => a + b, 0) / tested.ids.length).toBeCloseTo(cycle.metrics.testCrossEntropy, 5);
    const guesses = cycle.queryPredictions!;
    expect(guesses.classIndex).toHaveLength(cycle.queryIds.length);
    expect(guesses.confidence.every((p) => p >= 1 / 10 - 1e-6 && p <= 1)).toBe(true);
    // and the trained model's guess for each image it trained on, for the review of the labels
    const labeled = cycle.labeledPredictions!;
    expect(labeled.ids).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(labeled.classIndex).toHaveLength(10);
    expect(labeled.classIndex.every((c) => Number.isInteger(c) && c >= 0 && c < 10)).toBe(true);
    expect(labeled.confidence.every((p) => p >= 1 / 10 - 1e-6 && p <= 1)).toBe(true);
  });

  it.each([
    ['learning-loss', undefined],
    // 3 epochs: the committee of 5 snapshots the weights after epochs 1 and 2, so 1 is stored at the cut
    ['qbc-kl', 1],
  ] as const)('resumes an interrupted cycle from its last completed epoch, to the same result (%s)', async (strategy, storedSnapshots) => {
    const withStrategy = () => updateProject(db, 'p', (p) => ({ ...p, settings: { ...p.settings, strategy } }));
    await withStrategy();
    const uninterrupted = await runTrainingCycle(context()).then(() => listCycles(db, 'p'));
    await closeDatabase(db);
    db = await freshDatabase();
    await seedProject(db);
    await withStrategy();
    await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));

    // Stop in the middle of the second epoch (10 images, batch 4: 3 steps an epoch).
    let steps = 0;
    await expect(runTrainingCycle(context(async () => {
      if (++steps === 5) throw new TrainingCancelled();
    }))).rejects.toThrow(TrainingCancelled);
    const run = await getTrainingRun(db, 'p');
    expect(run?.checkpoint?.nextEpoch).toBe(1);
    expect(run?.checkpoint?.committee?.length).toBe(storedSnapshots);
    expect(await listCycles(db, 'p')).toHaveLength(0);

    // Labels given meanwhile count in the next cycle, not in the resumed one.
    await answerFromTruth(db, 'p', [20, 21]);
    expect(await runTrainingCycle(context())).toBe(1);
    const resumed = await listCycles(db, 'p');
    expect(resumed[0].labeledCount).toBe(10);
    expect(resumed[0].epochs).toEqual(uninterrupted[0].epochs);
    expect(resumed[0].queryIds).toEqual(uninterrupted[0].queryIds);
    expect(resumed[0].metrics.testAccuracy).toBe(uninterrupted[0].metrics.testAccuracy);
  });

  it('selects with the project strategy, and continues from the last weights when asked', async () => {
    await updateProject(db, 'p', (p) => ({ ...p, settings: { ...p.settings, strategy: 'core-set', reinitialize: false } }));
    await runTrainingCycle(context());
    await answerFromTruth(db, 'p', (await getProject(db, 'p'))!.openQuery!.ids);
    await runTrainingCycle(context());
    const cycles = await listCycles(db, 'p');
    expect(cycles.map((c) => c.labeledCount)).toEqual([10, 14]);
    expect(cycles[1].settings.strategy).toBe('core-set');
    expect(new Set(cycles[1].queryIds).size).toBe(tinySettings.queryK);
    // not chosen by predicted loss, yet each query sample's rank by it is kept, in the order of the scores
    const { queryLossRanks, queryScores, subsetSize } = cycles[1];
    expect(queryLossRanks!.every((rank) => rank >= 1 && rank <= subsetSize)).toBe(true);
    const byScore = queryScores.map((_, i) => i).sort((a, b) => queryScores[b] - queryScores[a]);
    expect(byScore.map((i) => queryLossRanks![i])).toEqual(byScore.map((i) => queryLossRanks![i]).sort((a, b) => a - b));
  });

  it.each(['loss-diverse', 'density-weighted', 'qbc-vote', 'qbc-kl', 'badge'] as const)('queries K distinct unlabeled images with %s', async (strategy) => {
    await updateProject(db, 'p', (p) => ({ ...p, settings: { ...p.settings, strategy } }));
    const before = tf.memory().numTensors;
    await runTrainingCycle(context());
    const [cycle] = await listCycles(db, 'p');
    expect(cycle.queryStrategy).toBe(strategy);
    expect(new Set(cycle.queryIds).size).toBe(tinySettings.queryK);
    expect(cycle.queryIds.every((id) => id >= 10 && id < 40)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('records the class names it trained with, and starts afresh when their number changed', async () => {
    await updateProject(db, 'p', (p) => ({ ...p, settings: { ...p.settings, reinitialize: false } }));
    await runTrainingCycle(context());
    await addClass(db, 'p', 'd');
    await answerFromTruth(db, 'p', (await getProject(db, 'p'))!.openQuery!.ids);
    // The last weights have three outputs, the network now four: continuing would not fit.
    await runTrainingCycle(context());
    expect((await listCycles(db, 'p')).map((c) => c.classNames)).toEqual([['a', 'b', 'c'], ['a', 'b', 'c', 'd']]);
  });

  it('leaves no tensor behind over three cycles', async () => {
    const before = tf.memory().numTensors;
    for (let cycle = 1; cycle <= 3; cycle++) {
      expect(await runTrainingCycle(context())).toBe(cycle);
      await answerFromTruth(db, 'p', (await getProject(db, 'p'))!.openQuery!.ids);
    }
    expect((await listCycles(db, 'p')).map((c) => c.labeledCount)).toEqual([10, 14, 18]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lets entropy choose while the loss head is at chance, when the settings say so, and records it', async () => {
    // λ = 0: the head never learns to rank, and 8 test images could not show it if it did
    await updateProject(db, 'p', (p) => ({ ...p, settings: { ...p.settings, lambda: 0, fallbackWhenAtChance: true } }));
    await runTrainingCycle(context());
    const [fellBack] = await listCycles(db, 'p');
    expect(aboveChance(fellBack.metrics.rankingAccuracy, tinySettings.testSize)).toBe(false);
    expect(fellBack.settings.strategy).toBe('learning-loss');
    expect(fellBack).toMatchObject({ queryStrategy: 'entropy', fellBack: true });

    // The same cycle with entropy as the strategy trains identically and picks the same images.
    await closeDatabase(db);
    db = await freshDatabase();
    await seedProject(db, undefined, undefined, { ...tinySettings, lambda: 0, strategy: 'entropy' });
    await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));
    await runTrainingCycle(context());
    const [byEntropy] = await listCycles(db, 'p');
    expect(byEntropy).toMatchObject({ queryStrategy: 'entropy', fellBack: false });
    expect(fellBack.queryIds).toEqual(byEntropy.queryIds);
  });

  it('keeps the loss head\'s picks at chance when the setting is off', async () => {
    await updateProject(db, 'p', (p) => ({ ...p, settings: { ...p.settings, lambda: 0 } }));
    await runTrainingCycle(context());
    const [cycle] = await listCycles(db, 'p');
    expect(aboveChance(cycle.metrics.rankingAccuracy, tinySettings.testSize)).toBe(false);
    expect(cycle).toMatchObject({ queryStrategy: 'learning-loss', fellBack: false });
    expect(cycle.queryScores).toEqual([...cycle.queryScores].sort((a, b) => b - a));
  });

  it('refuses to train on fewer than two labels', async () => {
    await closeDatabase(db);
    db = await freshDatabase();
    await seedProject(db);
    await expect(runTrainingCycle(context())).rejects.toThrow(/at least two/);
  });
});

describe('learning from unlabeled images', () => {
  it("trains the next cycle on the last cycle's confident guesses, but for images labeled since", async () => {
    const project = (await getProject(db, 'p'))!;
    // a threshold of 0.1 on three classes: every guess passes
    await updateProject(db, 'p', (p) => ({ ...p, settings: { ...project.settings, unlabeledTraining: 'pseudo-labels', unlabeledThreshold: 0.1 } }));
    await runTrainingCycle(context());
    const [first] = await listCycles(db, 'p');
    // every scored image but the query, with the class the model guessed
    const asked = new Set(first.queryIds);
    expect(first.confidentGuesses!.ids.length).toBe(tinySettings.subsetM - tinySettings.queryK);
    expect(first.confidentGuesses!.ids.some((id) => asked.has(id))).toBe(false);
    // the first cycle had no guesses to train on
    expect(first.epochs[0].unlabeledPassed).toBeUndefined();

    await answerFromTruth(db, 'p', [...first.queryIds, first.confidentGuesses!.ids[0]]);
    let run: Awaited<ReturnType<typeof getTrainingRun>>;
    await runTrainingCycle({ ...context(), beforeStep: async () => { run ??= await getTrainingRun(db, 'p'); } });
    // the image labeled since is no longer a pseudo-label; the others are, with their guessed class
    expect(run!.pseudoLabeled!.ids).toEqual(first.confidentGuesses!.ids.slice(1));
    expect(run!.pseudoLabeled!.labels).toEqual(first.confidentGuesses!.labels.slice(1));
    const [, second] = await listCycles(db, 'p');
    expect(second.epochs.every((e) => e.unlabeledPassed === 1)).toBe(true);
  });

  it('trains each step on the scored subset with consistency, and says how much passed', async () => {
    const project = (await getProject(db, 'p'))!;
    await updateProject(db, 'p', (p) => ({ ...p, settings: { ...project.settings, unlabeledTraining: 'consistency', unlabeledThreshold: 0.1 } }));
    await runTrainingCycle(context());
    const [cycle] = await listCycles(db, 'p');
    expect(cycle.epochs.every((e) => e.unlabeledPassed === 1 && e.unlabeledLoss! > 0)).toBe(true);
  });
});

describe('pause and cancel', () => {
  it('holds a paused run at the next step and lets it go on resume', async () => {
    const control = new RunControl();
    control.pause();
    let passed = false;
    const waiting = control.checkpoint().then(() => (passed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(passed).toBe(false);
    control.resume();
    await waiting;
    expect(passed).toBe(true);
  });

  it('cancels a paused run', async () => {
    const control = new RunControl();
    control.pause();
    const waiting = control.checkpoint();
    control.cancel(false);
    await expect(waiting).rejects.toThrow(TrainingCancelled);
  });
});

describe('the training time of a resumed cycle', () => {
  it('adds up every run of the cycle, not only the one after the last resume', async () => {
    // Cut short in its second epoch (10 images, batch 4: 3 steps an epoch): epoch 1 is checkpointed.
    let steps = 0;
    const firstRun = performance.now();
    await expect(runTrainingCycle(context(async () => {
      if (++steps === 5) throw new TrainingCancelled();
    }))).rejects.toThrow(TrainingCancelled);
    const firstRunSeconds = (performance.now() - firstRun) / 1000;
    const run = (await getTrainingRun(db, 'p'))!;
    const trainedBeforeTheCut = run.checkpoint!.trainSeconds!;
    expect(trainedBeforeTheCut).toBeGreaterThan(0);
    expect(trainedBeforeTheCut).toBeLessThanOrEqual(firstRunSeconds);

    // Say the first run had trained 40 s up to its checkpoint (a slow device), then resume.
    await saveTrainingRun(db, { ...run, checkpoint: { ...run.checkpoint!, trainSeconds: 40 } });
    const resumed = performance.now();
    await runTrainingCycle(context());
    const resumedSeconds = (performance.now() - resumed) / 1000;
    const [cycle] = await listCycles(db, 'p');
    expect(cycle.trainSeconds).toBeGreaterThan(40);
    expect(cycle.trainSeconds).toBeLessThanOrEqual(40 + resumedSeconds);
  });
});
