import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { answerFromTruth } from '../../src/lib/data/store/samples';
import { deleteClass, renameClass } from '../../src/lib/data/store/classes';
import { exportModel } from '../../src/lib/data/transfer/modelExport';
import { loadModelZip } from '../../src/lib/ml/modelFile';
import { createNetwork, disposeNetwork } from '../../src/lib/ml/network';
import { loadCheckpoint } from '../../src/lib/ml/checkpoint';
import { predict } from '../../src/lib/ml/inference';
import { runTrainingCycle } from '../../src/lib/worker/trainingCycle';
import { closeDatabase, freshDatabase, seedProject, tinySettings } from './projectFixture';
import { tinyImages } from './tinyData';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
  await seedProject(db);
});
afterEach(() => closeDatabase(db));

describe('model export', () => {
  it('loads back into a network that predicts exactly as the trained one', async () => {
    await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));
    await runTrainingCycle({ db, projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    const project = (await db.get('projects', 'p'))!;
    const { network, metadata } = await loadModelZip(await exportModel(db, project));
    expect(metadata).toMatchObject({ classes: ['a', 'b', 'c'], inputShape: [6, 6, 1], cycle: 1, labeledCount: 10 });

    const reference = createNetwork(network.config, 0);
    loadCheckpoint(reference, { tensors: (await db.get('checkpoints', 'p'))!.tensors });
    const images = { ...tinyImages(12, 4), normalization: project.normalization };
    const [a, b] = [await predict(network, images, { batchSize: 8 }), await predict(reference, images, { batchSize: 8 })];
    expect(Array.from(a.logits)).toEqual(Array.from(b.logits));
    expect(Array.from(a.predictedLoss)).toEqual(Array.from(b.predictedLoss));
    expect(network.config.stageWidths).toEqual(tinySettings.stageWidths);
    disposeNetwork(network);
    disposeNetwork(reference);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('names the classes the network was trained with, not those edited since', async () => {
    await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));
    await runTrainingCycle({ db, projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    await renameClass(db, 'p', 0, 'first');
    await deleteClass(db, 'p', 2);
    const { network, metadata } = await loadModelZip(await exportModel(db, (await db.get('projects', 'p'))!));
    expect(metadata.classes).toEqual(['a', 'b', 'c']);
    expect(network.config.numClasses).toBe(3);
    disposeNetwork(network);
  });

  it("falls back to the project's classes for a cycle that did not record its own", async () => {
    await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));
    await runTrainingCycle({ db, projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    const { classNames, ...older } = (await db.get('cycles', ['p', 1]))!;
    expect(classNames).toEqual(['a', 'b', 'c']);
    await db.put('cycles', older);
    await renameClass(db, 'p', 2, 'z');
    const { network, metadata } = await loadModelZip(await exportModel(db, (await db.get('projects', 'p'))!));
    expect(metadata.classes).toEqual(['a', 'b', 'z']);
    disposeNetwork(network);
  });

  it('says plainly that there is nothing to export before the first cycle', async () => {
    await expect(exportModel(db, (await db.get('projects', 'p'))!)).rejects.toThrow(/train a cycle first/);
  });
});
