import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/random';
import { makeBatch } from './batch';
import { jointLoss } from './jointLoss';
import { createNetwork, disposeNetwork, forward, type NetworkConfig } from './network';

/**
 * A start-up check that a backend computes what the cpu backend computes: one training step of a
 * tiny network on a fixed batch. WebGPU shader or validation errors do not throw in tfjs (the op
 * returns zeros), so a backend that starts can still be wrong; this catches it before training.
 */

const CHECK_NETWORK: NetworkConfig = { inputShape: [8, 8, 1], numClasses: 3, stageWidths: [4, 8], blocksPerStage: 1, headUnits: 4 };
const CHECK_BATCH = 8;

/** Loss and the summed absolute gradient of every weight, after one step on the active backend. */
export async function stepFingerprint(): Promise<number[]> {
  const rng = createRng(7);
  const pixels = Uint8Array.from({ length: CHECK_BATCH * 64 }, () => Math.floor(rng() * 256));
  const network = createNetwork(CHECK_NETWORK, 3);
  try {
    const values = tf.tidy(() => {
      const indices = Array.from({ length: CHECK_BATCH }, (_, i) => i);
      const x = tf.tensor4d(makeBatch(pixels, indices, { height: 8, width: 8, channels: 1 }, { mean: 0.5, std: 0.3 }), [CHECK_BATCH, 8, 8, 1]);
      const y = tf.tensor1d(indices.map((i) => i % 3), 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const out = forward(network, x, { training: true, detachTaps: false });
        return jointLoss(out.logits, out.predictedLoss, y, { lambda: 1, margin: 1 }).total;
      }, [...network.trainable.values()]);
      return tf.stack([value, ...Object.values(grads).map((g) => g.abs().sum())]);
    });
    const result = Array.from(await values.data());
    values.dispose();
    return result;
  } finally {
    disposeNetwork(network);
  }
}

/** The largest relative difference between two fingerprints (Infinity if their lengths differ). */
export function fingerprintDifference(candidate: number[], reference: number[]): number {
  if (candidate.length !== reference.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < reference.length; i++) {
    const scale = Math.max(Math.abs(reference[i]), 1e-3);
    const difference = Math.abs(candidate[i] - reference[i]) / scale;
    worst = Math.max(worst, Number.isNaN(difference) ? Infinity : difference);
  }
  return worst;
}

/**
 * Gradients on webgl and webgpu match the cpu to ~1e-4 relative; a few ReLUs near zero can flip.
 * A broken kernel (zeros, NaN) is off by order 1.
 */
export const FINGERPRINT_TOLERANCE = 2e-2;
