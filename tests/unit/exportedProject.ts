import * as tf from '@tensorflow/tfjs';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { PRESETS } from '../../src/lib/data/store/settings';
import { createNetwork, type NetworkConfig } from '../../src/lib/ml/network';
import { saveCheckpoint } from '../../src/lib/ml/checkpoint';
import { createRng } from '../../src/lib/core/random';
import { seedProject } from './projectFixture';

/** The demo's classes and normalization: what an exported Fashion-MNIST model carries. */
export const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
export const NORMALIZATION = { mean: 0.286, std: 0.353 };

export type NetworkSettings = Pick<NetworkConfig, 'stageWidths' | 'blocksPerStage' | 'headUnits'>;
export const DEMO_NETWORK: NetworkSettings = { stageWidths: [8, 16, 32], blocksPerStage: 1, headUnits: 64 };

/**
 * A project whose stored checkpoint is a network with every batch-norm weight and running
 * statistic set to seeded random values, as training leaves them: a fresh network's unit
 * statistics would hide a swapped mean and variance or a missing gamma.
 */
export async function projectWithCheckpoint(db: LossloopDatabase, settings: NetworkSettings, inputShape: [number, number, number] = [28, 28, 1]) {
  const seeded = await seedProject(db, 4, 2, { ...PRESETS.quick.settings, ...settings });
  const project = { ...seeded, classes: CLASSES.map((name, i) => ({ name, hotkey: String(i) })), imageShape: inputShape, normalization: NORMALIZATION };
  await db.put('projects', project);
  const config: NetworkConfig = { inputShape, numClasses: CLASSES.length, ...settings };
  const network = createNetwork(config, 3);
  const rng = createRng(11);
  for (const [name, variable] of network.runningStats) {
    const values = Array.from({ length: variable.size }, () => (name.endsWith('.variance') ? 0.5 + rng() : rng() - 0.5));
    tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
  }
  for (const [name, variable] of network.trainable) {
    if (name.endsWith('.gamma') || name.endsWith('.beta')) {
      const values = Array.from({ length: variable.size }, () => 0.5 + rng());
      tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
    }
  }
  await db.put('checkpoints', { projectId: project.id, cycle: 1, ...(await saveCheckpoint(network)) });
  return { project, network };
}
