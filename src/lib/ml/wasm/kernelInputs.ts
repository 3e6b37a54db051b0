import * as tf from '@tensorflow/tfjs';

/**
 * A kernel input as the Tensor it is when the kernel runs as the gradient of a tf op, which tf
 * ops accept. A bare TensorInfo is refused rather than wrapped: a wrapper Tensor does not hold a
 * reference on the data, so disposing it would free data its owner still uses.
 */
export function kernelInput4D(info: tf.TensorInfo | undefined, kernel: string, name: string): tf.Tensor4D {
  if (!(info instanceof tf.Tensor)) throw new Error(`${kernel} on wasm: input ${name} must be a Tensor`);
  return info as tf.Tensor4D;
}

/** wasm's forward Conv2D is NHWC only, so no NCHW convolution reaches these gradients. */
export function assertChannelsLast(dataFormat: string | undefined, kernel: string): void {
  if (dataFormat === 'NCHW') throw new Error(`${kernel} on wasm: only NHWC is supported`);
}
