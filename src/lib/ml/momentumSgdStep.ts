import * as tf from '@tensorflow/tfjs';

/**
 * One weight's momentum SGD update as a single kernel, for the backends that register it (wasm:
 * wasm/momentumSgdStep.ts). Written out in tf ops the update costs six kernels per weight, about
 * 280 a training step on the reference network, and on wasm their fixed cost outweighs their work.
 *
 *   velocity' = momentum * velocity + gradient + weightDecay * weight
 *   weight'   = weight - learningRate * velocity'
 */

export const MOMENTUM_SGD_STEP = 'LossloopMomentumSgdStep';

export interface MomentumSgdStepAttrs {
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

/** Whether the active backend has the fused step; without it the caller runs the update in tf ops. */
export function hasFusedMomentumSgdStep(): boolean {
  return tf.getKernel(MOMENTUM_SGD_STEP, tf.getBackend()) != null;
}

/** The updated [weight, velocity], as new tensors (the inputs are left as they are). */
export function fusedMomentumSgdStep(
  weight: tf.Tensor, velocity: tf.Tensor, gradient: tf.Tensor, attrs: MomentumSgdStepAttrs,
): [tf.Tensor, tf.Tensor] {
  const outputs = tf.engine().runKernel(MOMENTUM_SGD_STEP, { weight, velocity, gradient }, { ...attrs }) as tf.Tensor[];
  return [outputs[0], outputs[1]];
}
