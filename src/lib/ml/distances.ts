import * as tf from '@tensorflow/tfjs';
import type { NearestDistances } from '../core/nearestDistances';

/** Points per batch: a [POINTS x CENTERS] distance block stays a few MB on the device. */
const POINT_BATCH = 512;
const CENTER_BATCH = 2048;

/**
 * Squared distance from every point to its nearest center, on the active tfjs backend (the GPU),
 * in blocks: ||p||^2 + ||c||^2 - 2 p.c, the minimum over centers, one readback per point batch.
 */
export const nearestDistancesOnDevice: NearestDistances = async (points, pointCount, centers, centerCount, dim) => {
  const nearest = new Float32Array(pointCount).fill(Infinity);
  if (centerCount === 0) return nearest;
  for (let p0 = 0; p0 < pointCount; p0 += POINT_BATCH) {
    const p1 = Math.min(pointCount, p0 + POINT_BATCH);
    const blockMin = tf.tidy(() => {
      const p = tf.tensor2d(points.subarray(p0 * dim, p1 * dim), [p1 - p0, dim]);
      const pNorm = p.square().sum(1, true);
      const minima: tf.Tensor[] = [];
      for (let c0 = 0; c0 < centerCount; c0 += CENTER_BATCH) {
        const c1 = Math.min(centerCount, c0 + CENTER_BATCH);
        const c = tf.tensor2d(centers.subarray(c0 * dim, c1 * dim), [c1 - c0, dim]);
        const squared = pNorm.add(c.square().sum(1).expandDims(0)).sub(p.matMul(c, false, true).mul(2));
        minima.push(squared.min(1));
      }
      // Rounding can make an exact match slightly negative.
      return tf.relu(minima.length === 1 ? minima[0] : tf.stack(minima, 1).min(1));
    });
    nearest.set(await blockMin.data(), p0);
    blockMin.dispose();
  }
  return nearest;
};
