import * as tf from '@tensorflow/tfjs';
import { makeBatch, type ImageShape, type Normalization } from './batch';
import { forward, type Network } from './network';

export interface UnlabeledImages {
  pixels: Uint8Array;
  count: number;
  shape: ImageShape;
  normalization: Normalization;
}

export interface Predictions {
  /** [count * numClasses] row-major logits */
  logits: Float32Array;
  /** [count] output of the loss head */
  predictedLoss: Float32Array;
  /** [count * featureDim] penultimate-layer features, for core-set selection (empty unless asked) */
  features: Float32Array;
  numClasses: number;
  featureDim: number;
}

export interface PredictOptions {
  batchSize: number;
  /** penultimate features too (core-set needs them; otherwise they are not read back) */
  withFeatures?: boolean;
  onBatch?: (done: number, total: number) => void;
  /** awaited before every batch: may wait (pause) or throw (cancel) */
  beforeBatch?: () => void | Promise<void>;
}

/**
 * Evaluation-mode forward pass over many images (no augmentation, batch-norm running statistics),
 * one device readback per batch. Used both to measure the test set and to score the pool.
 */
export async function predict(network: Network, images: UnlabeledImages, options: PredictOptions): Promise<Predictions> {
  const { batchSize, withFeatures = false } = options;
  const numClasses = network.config.numClasses;
  const featureDim = withFeatures ? network.config.stageWidths[network.config.stageWidths.length - 1] : 0;
  const rowLength = numClasses + 1 + featureDim;
  const logits = new Float32Array(images.count * numClasses);
  const predictedLoss = new Float32Array(images.count);
  const features = new Float32Array(images.count * featureDim);
  const { height, width, channels } = images.shape;
  for (let start = 0; start < images.count; start += batchSize) {
    await options.beforeBatch?.();
    const size = Math.min(batchSize, images.count - start);
    const indices = Array.from({ length: size }, (_, i) => start + i);
    const packed = tf.tidy(() => {
      const x = tf.tensor4d(makeBatch(images.pixels, indices, images.shape, images.normalization), [size, height, width, channels]);
      const out = forward(network, x, { training: false, detachTaps: false });
      // Logits, predicted loss (and features) side by side: one readback per batch.
      const parts = [out.logits, out.predictedLoss.expandDims(1)];
      if (withFeatures) parts.push(out.features);
      return tf.concat(parts, 1);
    });
    const values = await packed.data();
    packed.dispose();
    for (let i = 0; i < size; i++) {
      const row = i * rowLength;
      logits.set(values.subarray(row, row + numClasses), (start + i) * numClasses);
      predictedLoss[start + i] = values[row + numClasses];
      if (withFeatures) features.set(values.subarray(row + numClasses + 1, row + rowLength), (start + i) * featureDim);
    }
    options.onBatch?.(start + size, images.count);
  }
  return { logits, predictedLoss, features, numClasses, featureDim };
}
