import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { answerFromTruth } from '../../src/lib/data/store/samples';
import { deleteClass, renameClass } from '../../src/lib/data/store/classes';
import { exportModel } from '../../src/lib/data/transfer/modelExport';
import { createNetwork, disposeNetwork } from '../../src/lib/ml/network';
import { loadCheckpoint } from '../../src/lib/ml/checkpoint';
import { predict } from '../../src/lib/ml/inference';
import { runTrainingCycle } from '../../src/lib/loop/trainingCycle';
import { loadModelZip } from './modelZip';
import { seededDatabaseEachTest, tinySettings } from './projectFixture';
import { tinyImages } from './tinyData';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

const db = seededDatabaseEachTest();

describe('model export', () => {
  it('loads back into a network that predicts exactly as the trained one', async () => {
    await answerFromTruth(db(), 'p', Array.from({ length: 10 }, (_, i) => i));
    await runTrainingCycle({ db: db(), projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    const project = (await db().get('projects', 'p'))!;
    const { network, metadata } = await loadModelZip(await exportModel(db(), project), 0);
    expect(metadata).toMatchObject({ labels: ['a', 'b', 'c'], inputShape: [6, 6, 1], cycle: 1, labeledCount: 10 });

    // The trained network, rebuilt from the weights the cycle stored, from another initialization.
    const reference = createNetwork(network.config, 7);
    loadCheckpoint(reference, { tensors: (await db().get('checkpoints', 'p'))!.tensors });
    // What the reloaded network would predict had the ZIP's weights not been loaded into it.
    const untrained = createNetwork(network.config, 0);
    const images = { ...tinyImages(12, 4), normalization: project.normalization };
    const [a, b, c] = await Promise.all([network, reference, untrained].map((n) => predict(n, images, { batchSize: 8 })));
    expect(a.logits).toHaveLength(12 * 3);
    expect(Array.from(a.logits)).toEqual(Array.from(b.logits));
    expect(Array.from(a.predictedLoss)).toEqual(Array.from(b.predictedLoss));
    expect(Array.from(a.logits)).not.toEqual(Array.from(c.logits));
    expect(Array.from(a.predictedLoss)).not.toEqual(Array.from(c.predictedLoss));
    expect(network.config.stageWidths).toEqual(tinySettings.stageWidths);
    for (const n of [network, reference, untrained]) disposeNetwork(n);
    expect(tf.memory().numTensors).toBe(0);
  });

  it('names the classes the network was trained with, not those edited since', async () => {
    await answerFromTruth(db(), 'p', Array.from({ length: 10 }, (_, i) => i));
    await runTrainingCycle({ db: db(), projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    await renameClass(db(), 'p', 0, 'first');
    await deleteClass(db(), 'p', 2);
    const { network, metadata } = await loadModelZip(await exportModel(db(), (await db().get('projects', 'p'))!));
    expect(metadata.labels).toEqual(['a', 'b', 'c']);
    expect(network.config.numClasses).toBe(3);
    disposeNetwork(network);
  });

  it("falls back to the project's classes for a cycle that did not record its own", async () => {
    await answerFromTruth(db(), 'p', Array.from({ length: 10 }, (_, i) => i));
    await runTrainingCycle({ db: db(), projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    const { classNames, ...older } = (await db().get('cycles', ['p', 1]))!;
    expect(classNames).toEqual(['a', 'b', 'c']);
    await db().put('cycles', older);
    await renameClass(db(), 'p', 2, 'z');
    const { network, metadata } = await loadModelZip(await exportModel(db(), (await db().get('projects', 'p'))!));
    expect(metadata.labels).toEqual(['a', 'b', 'z']);
    disposeNetwork(network);
  });

  it('says plainly that there is nothing to export before the first cycle', async () => {
    await expect(exportModel(db(), (await db().get('projects', 'p'))!)).rejects.toThrow(/train a cycle first/);
  });
});
