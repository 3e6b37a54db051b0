import * as tf from '@tensorflow/tfjs';
import { gradientKernel } from './gradientKernel';

/**
 * The input gradient of a 2D convolution (kernel `Conv2DBackpropInput`) for wasm, as one forward
 * convolution: wasm has this kernel, but its own was the largest cost of a training step (242 of
 * ~700 ms for the demo network at batch 64); its forward convolution (XNNPACK) is much faster.
 *
 * With s the stride and `top` the forward pass's padding above the image,
 *   dx[ih] = sum over k of u[ih + top - k] * w[k]
 * where u is dy with s - 1 zeros between neighbours. That is a stride-1 'valid' convolution of u,
 * padded by fh - 1 - top above (and what completes the height below), with the filter flipped in
 * space and its channel axes swapped. The same holds along the width.
 */

type Attrs = tf.Conv2DBackpropInputAttrs;

/** dx [B, H, W, Ci] for dy [B, Ho, Wo, Co] and filter [fh, fw, Ci, Co]; to run inside tf.tidy. */
function inputGradientByConvolution(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: Attrs): tf.Tensor4D {
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape, filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  const { strideHeight: sh, strideWidth: sw, outHeight, outWidth, filterHeight: fh, filterWidth: fw } = info;
  const [batch, height, width] = inputShape;
  const outChannels = dy.shape[3];

  // Zeros between the rows and columns of dy, and s - 1 more after the last ones:
  // [B, Ho*sh, Wo*sw, Co]. The trailing zeros count as part of the padding below and on the
  // right, so no slice is needed to drop them (wasm's Slice cost ~10 ms a call on these shapes,
  // a sixth of a training step).
  let spread: tf.Tensor4D = dy;
  if (sh > 1 || sw > 1) {
    spread = dy
      .reshape([batch, outHeight, 1, outWidth, 1, outChannels])
      .pad([[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]])
      .reshape([batch, outHeight * sh, outWidth * sw, outChannels]);
  }
  // Pad (or, where the forward pass never read the last rows, cut) to height + fh - 1. With
  // 'same' padding the trailing zeros above fill exactly what is missing below, so no cut.
  const above = fh - 1 - info.padInfo.top;
  const left = fw - 1 - info.padInfo.left;
  const below = height + fh - 1 - spread.shape[1] - above;
  const right = width + fw - 1 - spread.shape[2] - left;
  let padded: tf.Tensor4D = spread.pad([[0, 0], [Math.max(above, 0), Math.max(below, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]]);
  if (above < 0 || left < 0 || below < 0 || right < 0) {
    padded = padded.slice([0, Math.max(-above, 0), Math.max(-left, 0), 0], [batch, height + fh - 1, width + fw - 1, outChannels]);
  }
  const flipped = filter.reverse([0, 1]).transpose([0, 1, 3, 2]) as tf.Tensor4D; // [fh, fw, Co, Ci]
  return tf.conv2d(padded, flipped, 1, 'valid') as tf.Tensor4D;
}

export const conv2dBackpropInputConfig = gradientKernel<Attrs>(tf.Conv2DBackpropInput, ['dy', 'filter'], inputGradientByConvolution);
