import * as tf from '@tensorflow/tfjs';
import { upperMedian } from '../core/median';
import { createRng } from '../core/random';

/**
 * The ceiling of a backend: the raw convolutions and matrix products a training step on the
 * reference network is made of, timed alone, so that their speed can be set against PyTorch's on
 * the same shapes (`npm run bench -- --ceiling --compare-torch`; scripts/torch-ceiling.py times
 * the same cases). If the backend's own kernels are far from PyTorch's, no change to lossloop's
 * code around them can close the gap.
 */

export type CeilingCase =
  /** a stride-1 'same' convolution: input [batch, height, width, in], filter [fh, fw, in, out] */
  | { name: string; kind: 'conv2d'; input: [number, number, number, number]; filter: [number, number, number, number] }
  /** a [m, k] x [k, n] matrix product */
  | { name: string; kind: 'matmul'; a: [number, number]; b: [number, number] };

export interface CeilingTiming {
  case: CeilingCase;
  medianMillis: number;
  gflops: number;
}

/** The reference network's 3x3 convolutions at batch 64, stage by stage, the first as the im2col product it stands for, and one large square product. */
export const CEILING_CASES: CeilingCase[] = [
  { name: 'conv 3x3 64x28x28x16->16', kind: 'conv2d', input: [64, 28, 28, 16], filter: [3, 3, 16, 16] },
  { name: 'conv 3x3 64x14x14x32->32', kind: 'conv2d', input: [64, 14, 14, 32], filter: [3, 3, 32, 32] },
  { name: 'conv 3x3 64x7x7x64->64', kind: 'conv2d', input: [64, 7, 7, 64], filter: [3, 3, 64, 64] },
  { name: 'matmul 50176x144 * 144x16 (im2col of the first)', kind: 'matmul', a: [64 * 28 * 28, 3 * 3 * 16], b: [3 * 3 * 16, 16] },
  { name: 'matmul 512x512 * 512x512', kind: 'matmul', a: [512, 512], b: [512, 512] },
];

/** Multiply-adds count twice. */
export function ceilingFlops(c: CeilingCase): number {
  if (c.kind === 'matmul') return 2 * c.a[0] * c.a[1] * c.b[1];
  const [batch, height, width, inChannels] = c.input;
  const [fh, fw, , outChannels] = c.filter;
  return 2 * batch * height * width * outChannels * fh * fw * inChannels;
}

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed + 1);
  return tf.tensor(Float32Array.from({ length: tf.util.sizeFromShape(shape) }, () => rng() * 2 - 1), shape);
}

/** The median time of `repeats` runs of each case (after `warmup` more), by the backend's own kernel timer. */
export async function measureCeiling(cases = CEILING_CASES, repeats = 15, warmup = 3): Promise<CeilingTiming[]> {
  const timings: CeilingTiming[] = [];
  for (const c of cases) {
    const inputs = (c.kind === 'conv2d' ? [c.input, c.filter] : [c.a, c.b]).map(randomTensor);
    const run = () => {
      const output = c.kind === 'conv2d'
        ? tf.conv2d(inputs[0] as tf.Tensor4D, inputs[1] as tf.Tensor4D, 1, 'same')
        : tf.matMul(inputs[0] as tf.Tensor2D, inputs[1] as tf.Tensor2D);
      output.dispose();
    };
    try {
      const millis: number[] = [];
      for (let i = 0; i < warmup + repeats; i++) {
        const { kernelMs } = await tf.time(run);
        if (i >= warmup) millis.push(typeof kernelMs === 'number' ? kernelMs : NaN);
      }
      const medianMillis = upperMedian(millis);
      timings.push({ case: c, medianMillis, gflops: ceilingFlops(c) / medianMillis / 1e6 });
    } finally {
      tf.dispose(inputs);
    }
  }
  return timings;
}
