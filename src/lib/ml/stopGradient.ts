import * as tf from '@tensorflow/tfjs';

/**
 * Identity on the forward pass, zero gradient on the backward pass. tfjs has no stop_gradient op,
 * and lossloop needs one twice: the real losses are targets of the ranking loss, and after the
 * detach epoch the loss head must not push gradients into the target network's features.
 */
const identityWithZeroGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: x.clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]);

export function stopGradient<T extends tf.Tensor>(x: T): T {
  return identityWithZeroGradient(x) as T;
}
