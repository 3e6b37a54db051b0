import * as tf from '@tensorflow/tfjs';

/**
 * What the two convolution gradients written for wasm share: a kernel config whose kernel checks
 * its inputs and computes the gradient from tf ops inside one tf.tidy.
 */

/**
 * A kernel input as the Tensor it is when the kernel runs as the gradient of a tf op, which tf
 * ops accept. A bare TensorInfo is refused rather than wrapped: a wrapper Tensor does not hold a
 * reference on the data, so disposing it would free data its owner still uses.
 */
function kernelInput4D(info: tf.TensorInfo | undefined, kernel: string, name: string): tf.Tensor4D {
  if (!(info instanceof tf.Tensor)) throw new Error(`${kernel} on wasm: input ${name} must be a Tensor`);
  return info as tf.Tensor4D;
}

/**
 * The wasm kernel `kernelName` that computes its output from its two 4D inputs, named `inputNames`
 * in the order `compute` takes them. wasm's forward Conv2D is NHWC only, so no NCHW convolution
 * reaches these gradients: an NCHW request is refused.
 */
export function gradientKernel<Attrs extends { dataFormat?: string }>(
  kernelName: string,
  inputNames: [string, string],
  compute: (first: tf.Tensor4D, second: tf.Tensor4D, attrs: Attrs) => tf.Tensor4D,
): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const a = attrs as unknown as Attrs;
    if (a.dataFormat === 'NCHW') throw new Error(`${kernelName} on wasm: only NHWC is supported`);
    const [first, second] = inputNames.map((name) => kernelInput4D(inputs[name], kernelName, name));
    // tidy disposes every intermediate; only the result survives, and tfjs takes it as the output.
    return tf.tidy(() => compute(first, second, a));
  };
  return { kernelName, backendName: 'wasm', kernelFunc };
}
