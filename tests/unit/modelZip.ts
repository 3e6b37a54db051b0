import * as tf from '@tensorflow/tfjs';
import { readZipEntries } from '../../src/lib/data/formats/zip';
import { MODEL_FORMAT, type ModelMetadata } from '../../src/lib/data/transfer/modelExport';
import { createNetwork, type Network, type NetworkConfig } from '../../src/lib/ml/network';
import { loadCheckpoint } from '../../src/lib/ml/checkpoint';

/**
 * Loads a model ZIP made by data/transfer/modelExport.ts back into a network, ready to predict: the
 * proof that an exported model is complete and readable with TF.js's own weight decoder. The app
 * itself never reads a model back (it exports one for use elsewhere), so this lives with the tests.
 */
export async function loadModelZip(zip: Uint8Array, initSeed = 0): Promise<{ network: Network; metadata: ModelMetadata }> {
  const files = new Map<string, Uint8Array>();
  for (const entry of readZipEntries(zip)) files.set(entry.path, entry.bytes);
  const json = (path: string) => {
    const bytes = files.get(path);
    if (!bytes) throw new Error(`This model ZIP has no ${path}.`);
    return JSON.parse(new TextDecoder().decode(bytes));
  };
  const model = json('model.json') as { format: string; modelTopology: NetworkConfig; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  if (model.format !== MODEL_FORMAT) throw new Error('This is not a lossloop model.');
  const specs = model.weightsManifest.flatMap((group) => group.weights);
  const weights = files.get('weights.bin');
  if (!weights) throw new Error('This model ZIP has no weights.bin.');
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
