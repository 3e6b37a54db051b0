import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { answerFromTruth, readPixels } from '../../src/lib/data/store/samples';
import { deleteClass, renameClass } from '../../src/lib/data/store/classes';
import { createNetwork, disposeNetwork } from '../../src/lib/ml/network';
import { loadCheckpoint } from '../../src/lib/ml/checkpoint';
import { predict } from '../../src/lib/ml/inference';
import { runTrainingCycle } from '../../src/lib/loop/trainingCycle';
import { networkConfig } from '../../src/lib/data/store/trainedWith';
import { lossStanding, NoTrainedModel, tryModel } from '../../src/lib/loop/tryModel';
import { seededDatabaseEachTest } from './projectFixture';
import { tinyImages } from './tinyData';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

const database = seededDatabaseEachTest();

async function trainOneCycle(): Promise<void> {
  const db = database();
  await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));
  await runTrainingCycle({ db, projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
}

describe('trying the model on one image', () => {
  it("gives the softmax of the stored model's own forward pass, and leaves no tensor behind", async () => {
    const db = database();
    await trainOneCycle();
    const project = (await db.get('projects', 'p'))!;
    const images = { ...tinyImages(3, 9), normalization: project.normalization };
    const image = images.pixels.slice(36, 72);

    const before = tf.memory().numTensors;
    const result = await tryModel(db, 'p', image);
    expect(tf.memory().numTensors).toBe(before);

    // The same weights, built apart from the function under test, on the same pixels in a batch.
    const reference = createNetwork(networkConfig(project, project.settings), 5);
    loadCheckpoint(reference, (await db.get('checkpoints', 'p'))!);
    const out = await predict(reference, images, { batchSize: 3 });
    disposeNetwork(reference);
    const logits = Array.from(out.logits.subarray(3, 6));
    const exps = logits.map((l) => Math.exp(l - Math.max(...logits)));
    const expected = exps.map((e) => e / (exps[0] + exps[1] + exps[2]));

    expect(result.cycle).toBe(1);
    expect(result.classNames).toEqual(['a', 'b', 'c']);
    expect(result.probabilities).toHaveLength(3);
    result.probabilities.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
    expect(result.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(result.predictedLoss).toBeCloseTo(out.predictedLoss[1], 6);
    // The cycle measured its 8 test images: the tried image stands among them.
    expect(result.standing).toMatchObject({ measured: 8, neighbours: 8 });
  });

  it('names the classes the network was trained with, not those edited since', async () => {
    const db = database();
    await trainOneCycle();
    await renameClass(db, 'p', 0, 'first');
    await deleteClass(db, 'p', 2);
    const result = await tryModel(db, 'p', new Uint8Array(36).fill(128));
    expect(result.classNames).toEqual(['a', 'b', 'c']);
    expect(result.probabilities).toHaveLength(3);
  });

  it('says that a cycle must finish first, and refuses pixels of another size', async () => {
    const db = database();
    await expect(tryModel(db, 'p', new Uint8Array(36))).rejects.toBeInstanceOf(NoTrainedModel);
    await expect(tryModel(db, 'p', new Uint8Array(36))).rejects.toThrow('There is no trained model yet: a cycle must finish first.');
    await trainOneCycle();
    await expect(tryModel(db, 'p', new Uint8Array(35))).rejects.toThrow("The image has 35 values; this project's images have 36.");
  });
});

describe('whether a tried image is like the test images', () => {
  it("compares it with the cycle's own test images: one of them is like them, a flat image is not", async () => {
    const db = database();
    await trainOneCycle();
    const test = (await db.get('cycles', ['p', 1]))!.testSamples!;
    // The test image of median predicted loss: inside every range, also after a recomputation.
    const median = [...test.predictedLoss.keys()].sort((a, b) => test.predictedLoss[a] - test.predictedLoss[b])[test.ids.length >> 1];
    const testImage = await readPixels(db, 'p', [test.ids[median]], 36);
    const like = await tryModel(db, 'p', testImage);
    expect(like.unlike).toMatchObject({ reasons: [], measured: test.ids.length });

    // The test images are grainy (random values, one bright third); a flat grey has no grain at all.
    const flat = await tryModel(db, 'p', new Uint8Array(36).fill(120));
    expect(flat.unlike?.reasons).toContain('smoother');
    expect(flat.unlike?.grain).toBe(0);
    expect(flat.unlike!.grainRange.min).toBeGreaterThan(0);
  });

  it('has nothing to compare with when the cycle kept no test measurements', async () => {
    const db = database();
    await trainOneCycle();
    const older = (await db.get('cycles', ['p', 1]))!;
    delete older.testSamples;
    await db.put('cycles', older);
    const result = await tryModel(db, 'p', new Uint8Array(36).fill(120));
    expect(result.unlike).toBeNull();
    expect(result.standing).toBeNull();
  });
});

describe('where a predicted loss stands among the test images', () => {
  const test = {
    ids: [1, 2, 3, 4, 5],
    labels: [0, 1, 2, 0, 1],
    predicted: [0, 1, 0, 0, 2],
    predictedLoss: [0.1, 0.5, 0.9, 0.2, 0.7],
    trueLoss: [0, 0, 0, 0, 0],
  };

  it('counts the lower ones and the correct answers among the closest', () => {
    // lower than 0.6: 0.1, 0.5, 0.2; all five are within the 20 nearest, of which 1, 2, 4 are right.
    expect(lossStanding(0.6, test)).toEqual({ measured: 5, lower: 3, neighbours: 5, neighboursCorrect: 3 });
    expect(lossStanding(0.05, test)).toMatchObject({ lower: 0 });
    expect(lossStanding(1.5, test)).toMatchObject({ lower: 5 });
  });

  it('takes the 20 nearest in predicted loss when more were measured', () => {
    // 40 test images with losses 0..39; the even ones are classified right.
    const many = {
      ids: Array.from({ length: 40 }, (_, i) => i),
      labels: Array.from({ length: 40 }, () => 1),
      predicted: Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 1 : 0)),
      predictedLoss: Array.from({ length: 40 }, (_, i) => i),
      trueLoss: Array.from({ length: 40 }, () => 0),
    };
    // Nearest 20 to 0.2: losses 0..19, ten of them even.
    expect(lossStanding(0.2, many)).toEqual({ measured: 40, lower: 1, neighbours: 20, neighboursCorrect: 10 });
    // Nearest 20 to 39: losses 20..39.
    expect(lossStanding(39, many)).toEqual({ measured: 40, lower: 39, neighbours: 20, neighboursCorrect: 10 });
  });

  it('has nothing to say without test measurements', () => {
    expect(lossStanding(0.5, { ids: [], labels: [], predicted: [], predictedLoss: [], trueLoss: [] })).toBeNull();
  });
});
