import * as tf from '@tensorflow/tfjs';
import type { Network } from './network';

/** Every weight and running statistic of a network, as plain arrays that IndexedDB can store. */
export interface NetworkCheckpoint {
  tensors: { name: string; shape: number[]; values: Float32Array }[];
}

export async function saveCheckpoint(network: Network): Promise<NetworkCheckpoint> {
  const entries = [...network.trainable.entries(), ...network.runningStats.entries()];
  const tensors = await Promise.all(
    entries.map(async ([name, v]) => ({ name, shape: v.shape.slice(), values: (await v.data()) as Float32Array })),
  );
  return { tensors };
}

/** Writes a checkpoint into a network of the same configuration. */
export function loadCheckpoint(network: Network, checkpoint: NetworkCheckpoint): void {
  for (const { name, shape, values } of checkpoint.tensors) {
    const target = network.trainable.get(name) ?? network.runningStats.get(name);
    if (!target) throw new Error(`The checkpoint has a weight "${name}" that this network does not have.`);
    if (target.shape.join('x') !== shape.join('x')) {
      throw new Error(`The checkpoint's "${name}" has shape ${shape.join('x')}, the network expects ${target.shape.join('x')}.`);
    }
    tf.tidy(() => target.assign(tf.tensor(values, shape)));
  }
}
