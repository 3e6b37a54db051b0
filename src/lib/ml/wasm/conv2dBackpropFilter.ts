import * as tf from '@tensorflow/tfjs';
import { gradientKernel } from './gradientKernel';

/**
 * The filter gradient of a 2D convolution (kernel `Conv2DBackpropFilter`), which
 * tfjs-backend-wasm 4.22 does not have: without it nothing can be trained on wasm.
 *
 * It is written as one forward convolution, which wasm runs fast (XNNPACK). With xp the padded
 * input and s the stride,
 *   dW[kh, kw, ci, co] = sum over b, oh, ow of xp[b, oh*s + kh, ow*s + kw, ci] * dy[b, oh, ow, co]
 * which is a stride-1 'valid' convolution with dilation s of
 *   xp transposed to [Ci, H, W, B]    (input channels as the batch, the batch as channels)
 *   dy transposed to [Ho, Wo, B, Co]  (the output gradient as the filter)
 * giving [Ci, kh, kw, Co], transposed back to [kh, kw, Ci, Co].
 *
 * wasm's Conv3DBackpropFilterV2 is not a shortcut: it is wrong for strides above 1.
 */

type Attrs = tf.Conv2DBackpropFilterAttrs;

/** The filter gradient for NHWC x [B, H, W, Ci] and dy [B, Ho, Wo, Co]; to run inside tf.tidy. */
function filterGradientByConvolution(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: Attrs): tf.Tensor4D {
  const { filterShape, strides, pad, dimRoundingMode } = attrs;
  const [filterHeight, filterWidth] = filterShape;
  // The same geometry as the forward pass (output size and TF's asymmetric 'same' padding:
  // the extra row or column goes to the bottom or right).
  const info = tf.backend_util.computeConv2DInfo(
    x.shape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  const { strideHeight, strideWidth, outHeight, outWidth } = info;
  if (dy.shape[1] !== outHeight || dy.shape[2] !== outWidth) {
    throw new Error(`Conv2DBackpropFilter: dy is ${dy.shape} but the convolution gives ${outHeight}x${outWidth}`);
  }
  // Rows and columns of the padded input that the forward pass read: with stride 2 or 'valid'
  // padding the last ones can be unused (e.g. a 1x1 stride-2 conv on 28x28 reads rows 0..26),
  // and a dilated convolution over them produces more than filterHeight rows.
  const usedHeight = (outHeight - 1) * strideHeight + filterHeight;
  const usedWidth = (outWidth - 1) * strideWidth + filterWidth;
  const { top, left } = info.padInfo;
  const [, height, width] = x.shape;
  const bottom = usedHeight - height - top; // negative: rows to drop rather than pad
  const right = usedWidth - width - left;

  // [B, H, W, Ci] -> [Ci, H, W, B], padded by the forward pass's own amounts (tf.conv2d's 'same'
  // would compute other amounts for this other geometry).
  let input: tf.Tensor4D = x.transpose([3, 1, 2, 0]);
  if (top > 0 || left > 0 || bottom > 0 || right > 0) {
    input = input.pad([[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]]);
  }
  // [B, Ho, Wo, Co] -> [Ho, Wo, B, Co]
  const filter = dy.transpose([1, 2, 0, 3]) as tf.Tensor4D;
  const dilations: [number, number] = [strideHeight, strideWidth];
  // [Ci, kh, kw, Co], plus a row or column more for each one the forward pass never read. Those
  // are cut from this small result rather than from the large input: wasm's Slice cost ~10 ms a
  // call on the input's shape.
  let gradient = tf.conv2d(input, filter, 1, 'valid', 'NHWC', dilations);
  if (bottom < 0 || right < 0) gradient = gradient.slice([0, 0, 0, 0], [-1, filterHeight, filterWidth, -1]);
  return gradient.transpose([1, 2, 0, 3]);
}

export const conv2dBackpropFilterConfig = gradientKernel<Attrs>(tf.Conv2DBackpropFilter, ['x', 'dy'], filterGradientByConvolution);
