import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { answerFromTruth } from '../../src/lib/data/store/samples';
import { getTrainingRun, listCycles, saveTrainingRun } from '../../src/lib/data/store/cycles';
import { runTrainingCycle } from '../../src/lib/loop/trainingCycle';
import { TrainingCancelled } from '../../src/lib/ml/trainingErrors';
import { closeDatabase, freshDatabase, seedProject } from './projectFixture';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
  await seedProject(db);
  await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));
});
afterEach(() => closeDatabase(db));

const context = (beforeStep: () => Promise<void> = async () => {}) => ({ db, projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep });

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
