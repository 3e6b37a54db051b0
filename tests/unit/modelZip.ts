import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { readZipEntries } from '../../src/lib/data/formats/zip';
import { MODEL_FORMAT, PREPROCESS_FILE, type ModelMetadata } from '../../src/lib/data/transfer/modelExport';
import { createNetwork, type Network, type NetworkConfig } from '../../src/lib/ml/network';
import { loadCheckpoint } from '../../src/lib/ml/checkpoint';

/**
 * Loads a model ZIP made by data/transfer/modelExport.ts back, in the ways it is meant to be
 * read: lossloop's own network (target and loss head) into a lossloop Network, the standard
 * Layers model with `tf.loadLayersModel` as any TF.js user would, and its preprocessing code as
 * an ES module, as a page or a Node script would import it. The app itself never reads a model
 * back (it exports one for use elsewhere), so this lives with the tests.
 */

function zipFiles(zip: Uint8Array) {
  const files = new Map<string, Uint8Array>();
  for (const entry of readZipEntries(zip)) files.set(entry.path, entry.bytes);
  const bytes = (path: string) => {
    const found = files.get(path);
    if (!found) throw new Error(`This model ZIP has no ${path}.`);
    return found;
  };
  return { bytes, json: (path: string) => JSON.parse(new TextDecoder().decode(bytes(path))) };
}

/** model.json and weights.bin through TF.js's own loader, as README shows it (from memory, not a URL). */
export async function loadLayersZip(zip: Uint8Array): Promise<{ model: tf.LayersModel; metadata: ModelMetadata; modelJson: Record<string, unknown> }> {
  const { bytes, json } = zipFiles(zip);
  const modelJson = json('model.json');
  const weightSpecs = modelJson.weightsManifest.flatMap((group: { weights: tf.io.WeightsManifestEntry[] }) => group.weights);
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData: bytes('weights.bin').slice().buffer }));
  return { model, metadata: json('metadata.json') as ModelMetadata, modelJson };
}

export async function loadModelZip(zip: Uint8Array, initSeed = 0): Promise<{ network: Network; metadata: ModelMetadata }> {
  const { bytes, json } = zipFiles(zip);
  const model = json('lossloop/network.json') as { format: string; modelTopology: NetworkConfig; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  if (model.format !== MODEL_FORMAT) throw new Error('This is not a lossloop model.');
  const specs = model.weightsManifest.flatMap((group) => group.weights);
  const weights = bytes('lossloop/weights.bin');
  const decoded = tf.io.decodeWeights(weights.slice().buffer, specs);
  try {
    const tensors = await Promise.all(specs.map(async (spec) => ({ name: spec.name, shape: spec.shape, values: (await decoded[spec.name].data()) as Float32Array })));
    const network = createNetwork(model.modelTopology, initSeed);
    // A weight missing from the ZIP would keep its random initial value and go unnoticed.
    const expected = network.trainable.size + network.runningStats.size;
    if (tensors.length !== expected) throw new Error(`This model ZIP has ${tensors.length} weights; the network has ${expected}.`);
    loadCheckpoint(network, { tensors });
    return { network, metadata: json('metadata.json') as ModelMetadata };
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/** What preprocess.js exports (data/formats/imageToInput.js). */
export interface ShippedPreprocessing {
  imageToPixels(rgba: Uint8Array, width: number, height: number, inputShape: readonly number[]): Uint8Array;
  pixelsToInput(pixels: Uint8Array, normalization: { mean: number; std: number }): Float32Array;
  preprocess(rgba: Uint8Array, width: number, height: number, metadata: Pick<ModelMetadata, 'inputShape' | 'normalization'>): Float32Array;
}

/** preprocess.js written out of the ZIP to a folder of its own and imported from there, as it ships. */
export async function importShippedPreprocessing(zip: Uint8Array): Promise<{ module: ShippedPreprocessing; source: string }> {
  const { bytes } = zipFiles(zip);
  const source = new TextDecoder().decode(bytes(PREPROCESS_FILE));
  const file = join(mkdtempSync(join(tmpdir(), 'lossloop-model-')), 'preprocess.mjs');
  writeFileSync(file, source);
  const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as ShippedPreprocessing;
  return { module, source };
}
