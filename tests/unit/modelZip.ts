import * as tf from '@tensorflow/tfjs';
import { readZipEntries } from '../../src/lib/data/formats/zip';
import { MODEL_FORMAT, type ModelMetadata } from '../../src/lib/data/transfer/modelExport';
import { createNetwork, type Network, type NetworkConfig } from '../../src/lib/ml/network';
import { loadCheckpoint } from '../../src/lib/ml/checkpoint';

/**
 * Loads a model ZIP made by data/transfer/modelExport.ts back, in the two ways it is meant to be
 * read: lossloop's own network (target and loss head) into a lossloop Network, and the standard
 * Layers model with `tf.loadLayersModel` as any TF.js user would. The app itself never reads a model
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
