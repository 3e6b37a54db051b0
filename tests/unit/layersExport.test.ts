import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { exportModel } from '../../src/lib/data/transfer/modelExport';
import { disposeNetwork } from '../../src/lib/ml/network';
import { predict } from '../../src/lib/ml/inference';
import { createRng } from '../../src/lib/core/random';
import { CLASSES, DEMO_NETWORK, NORMALIZATION, projectWithCheckpoint, type NetworkSettings } from './exportedProject';
import { loadLayersZip } from './modelZip';
import { closeDatabase, freshDatabase } from './projectFixture';
import { useCpuBackend } from './tfCpu';

/**
 * The exported model.json is a standard TF.js Layers model: `tf.loadLayersModel` reads it, and on
 * the same images it gives the probabilities lossloop's own forward pass gives, for the demo
 * network and for a network with two blocks per stage (identity shortcuts as well as projections).
 */

beforeAll(useCpuBackend);

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
});
afterEach(() => closeDatabase(db));

const IMAGE_COUNT = 32;

function randomPixels(count: number): Uint8Array {
  const rng = createRng(5);
  return Uint8Array.from({ length: count * 28 * 28 }, () => Math.floor(rng() * 256));
}

const networks: Record<string, NetworkSettings> = {
  'the demo network (8/16/32, one block per stage)': DEMO_NETWORK,
  'a network with two blocks per stage (16/32/64)': { stageWidths: [16, 32, 64], blocksPerStage: 2, headUnits: 128 },
};

describe('the exported Layers model', () => {
  for (const [title, settings] of Object.entries(networks)) {
    it(`loads with tf.loadLayersModel and predicts as lossloop does: ${title}`, async () => {
      const { project, network } = await projectWithCheckpoint(db, settings);
      const { model, metadata, modelJson } = await loadLayersZip(await exportModel(db, project));
      expect(modelJson.format).toBe('layers-model');
      expect(metadata).toMatchObject({ labels: CLASSES, inputShape: [28, 28, 1], imageSize: 28, normalization: NORMALIZATION, output: 'probabilities' });
      expect(metadata.preprocessing).toMatch(/^preprocess\.js does it: .*28x28 .*area averaging.*greyscale as 0\.299 R/);
      // Only the target network: the loss head's weights stay in lossloop's own files.
      expect(model.weights.some((w) => w.originalName.includes('lossHead'))).toBe(false);
      const classNames = model.layers.map((layer) => layer.getClassName());
      expect(new Set(classNames)).toEqual(new Set(['InputLayer', 'Conv2D', 'BatchNormalization', 'Activation', 'Add', 'GlobalAveragePooling2D', 'Dense']));
      expect(classNames.filter((name) => name === 'Add')).toHaveLength(3 * settings.blocksPerStage);

      const pixels = randomPixels(IMAGE_COUNT);
      // What a TF.js user writes, from metadata.json: pixel / 255, minus the mean, over the std.
      const { mean, std } = metadata.normalization;
      const input = tf.tidy(() => tf.tensor4d(pixels, [IMAGE_COUNT, 28, 28, 1]).div(255).sub(mean).div(std));
      const output = model.predict(input) as tf.Tensor2D;
      const theirs = await output.data();
      const ours = await predict(network, { pixels, count: IMAGE_COUNT, shape: { height: 28, width: 28, channels: 1 }, normalization: NORMALIZATION }, { batchSize: 16 });
      const softmax = tf.tidy(() => tf.softmax(tf.tensor2d(ours.logits, [IMAGE_COUNT, CLASSES.length])));
      const oursProbabilities = await softmax.data();

      expect(output.shape).toEqual([IMAGE_COUNT, CLASSES.length]);
      const maxDifference = Math.max(...Array.from(theirs, (p, i) => Math.abs(p - oursProbabilities[i])));
      expect(maxDifference).toBeLessThan(1e-5);
      // The images differ, so the probabilities do: equality is not two constant outputs.
      expect(new Set(Array.from(theirs, (p) => p.toFixed(3))).size).toBeGreaterThan(IMAGE_COUNT);

      tf.dispose([input, output, softmax]);
      model.dispose();
      disposeNetwork(network);
      expect(tf.memory().numTensors).toBe(0);
    });
  }

  it('leaves nothing out: the manifest holds exactly the weights the Layers model asks for', async () => {
    const { project, network } = await projectWithCheckpoint(db, DEMO_NETWORK);
    const { model, modelJson } = await loadLayersZip(await exportModel(db, project));
    const manifest = (modelJson.weightsManifest as { weights: { name: string }[] }[]).flatMap((group) => group.weights.map((w) => w.name));
    expect(manifest.slice().sort()).toEqual(model.weights.map((w) => w.originalName).sort());
    // stem (conv + 4 bn) + 3 blocks (2 convs + 8 bn each) + 2 projections (conv + 4 bn each) + classifier (2)
    expect(manifest).toHaveLength(5 + 3 * 10 + 2 * 5 + 2);
    model.dispose();
    disposeNetwork(network);
  });
});
