import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { MOMENTUM_SGD_STEP, type MomentumSgdStepAttrs } from '../momentumSgdStep';

/**
 * The fused momentum SGD step on wasm: one pass in JS over the wasm heap instead of six wasm
 * kernels. The work is a few multiply-adds per weight (under 0.1 M weights on the reference
 * network), so a plain loop costs less than the launches it replaces. It writes two new buffers
 * rather than updating in place: a variable's buffer may be shared with other tensors (a clone,
 * a reshape), which must keep their values.
 */

function float32Input(info: tf.TensorInfo | undefined, name: string, size: number): tf.TensorInfo {
  if (info == null || info.dtype !== 'float32') throw new Error(`${MOMENTUM_SGD_STEP} on wasm: ${name} must be a float32 tensor`);
  if (tf.util.sizeFromShape(info.shape) !== size) throw new Error(`${MOMENTUM_SGD_STEP} on wasm: ${name} must have the weight's size`);
  return info;
}

const kernelFunc: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const wasm = backend as BackendWasm;
  const { learningRate, momentum, weightDecay } = attrs as unknown as MomentumSgdStepAttrs;
  const size = tf.util.sizeFromShape(inputs.weight?.shape ?? []);
  const [weight, velocity, gradient] = (['weight', 'velocity', 'gradient'] as const).map((name) => float32Input(inputs[name], name, size));
  const newWeight = wasm.makeOutput(weight.shape, 'float32');
  const newVelocity = wasm.makeOutput(weight.shape, 'float32');
  // Views of the heap only after both allocations: an allocation may grow the heap, which
  // detaches every view taken before it (where the heap is not shared memory).
  const w = wasm.typedArrayFromHeap(weight);
  const v = wasm.typedArrayFromHeap(velocity);
  const g = wasm.typedArrayFromHeap(gradient);
  const wOut = wasm.typedArrayFromHeap(newWeight);
  const vOut = wasm.typedArrayFromHeap(newVelocity);
  for (let i = 0; i < size; i++) {
    vOut[i] = momentum * v[i] + g[i] + weightDecay * w[i];
    // The stored (float32) velocity, as the op path steps with.
    wOut[i] = w[i] - learningRate * vOut[i];
  }
  return [newWeight, newVelocity];
};

export const momentumSgdStepConfig: tf.KernelConfig = { kernelName: MOMENTUM_SGD_STEP, backendName: 'wasm', kernelFunc };
