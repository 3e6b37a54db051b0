import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/random';
import { fanInUniform, heNormal } from './initializers';
import { stopGradient } from './stopGradient';
import { batchNormTraining } from './batchNorm';
import { BN_EPSILON, BN_MOMENTUM, blockSpecs, needsProjection, type NetworkConfig } from '../core/networkLayout';

export type { NetworkConfig };

/**
 * The target network (a small residual CNN) and the loss-prediction module, held as named
 * tf.Variables in one object so that one checkpoint saves and restores both.
 *
 * Target: 3x3 stem conv -> residual stages of basic blocks (the first block of every stage after
 * the first halves the resolution) -> global average pooling -> dense classifier.
 * Loss head: for the output of every stage, GAP -> dense(headUnits) -> ReLU; the vectors are
 * concatenated and a last dense layer maps them to one scalar, the predicted loss.
 */

/**
 * tfjs variable names are global to the engine, so the variables are left unnamed (unique) and
 * lossloop's own names are the map keys: two networks can live side by side.
 */
export interface Network {
  config: NetworkConfig;
  /** weights the optimizer updates */
  trainable: Map<string, tf.Variable>;
  /** batch-norm running statistics: updated by training, used in evaluation */
  runningStats: Map<string, tf.Variable>;
}

export interface ForwardOptions {
  /** batch statistics and running-stat updates (true) or running statistics (false) */
  training: boolean;
  /** cut the gradient from the loss head into the target network's features */
  detachTaps: boolean;
}

/** A running-statistics update that the caller applies once the gradient step is done. */
export interface RunningStatUpdate {
  name: string;
  value: tf.Tensor;
}

export interface ForwardResult {
  logits: tf.Tensor2D;
  predictedLoss: tf.Tensor1D;
  /** penultimate features (GAP of the last stage), for feature-space strategies */
  features: tf.Tensor2D;
}

/** A fresh network; the same seed gives the same weights on every backend. */
export function createNetwork(config: NetworkConfig, seed: number): Network {
  // tidy disposes the initial-value tensors; the variables made from them outlive it.
  let network: Network | undefined;
  tf.tidy(() => {
    network = buildNetwork(config, seed);
  });
  return network!;
}

function buildNetwork(config: NetworkConfig, seed: number): Network {
  const rng = createRng(seed);
  const trainable = new Map<string, tf.Variable>();
  const runningStats = new Map<string, tf.Variable>();

  const addConv = (name: string, size: number, inCh: number, outCh: number) =>
    trainable.set(name, tf.variable(heNormal([size, size, inCh, outCh], size * size * inCh, rng), true));
  const addBatchNorm = (name: string, channels: number) => {
    trainable.set(`${name}.gamma`, tf.variable(tf.ones([channels]), true));
    trainable.set(`${name}.beta`, tf.variable(tf.zeros([channels]), true));
    runningStats.set(`${name}.mean`, tf.variable(tf.zeros([channels]), false));
    runningStats.set(`${name}.variance`, tf.variable(tf.ones([channels]), false));
  };
  const addDense = (name: string, inUnits: number, outUnits: number) => {
    trainable.set(`${name}.kernel`, tf.variable(fanInUniform([inUnits, outUnits], inUnits, rng), true));
    trainable.set(`${name}.bias`, tf.variable(fanInUniform([outUnits], inUnits, rng), true));
  };

  const [, , inputChannels] = config.inputShape;
  addConv('stem.conv', 3, inputChannels, config.stageWidths[0]);
  addBatchNorm('stem.bn', config.stageWidths[0]);
  for (const stage of blockSpecs(config)) {
    for (const spec of stage) {
      addConv(`${spec.prefix}.conv1`, 3, spec.inChannels, spec.outChannels);
      addBatchNorm(`${spec.prefix}.bn1`, spec.outChannels);
      addConv(`${spec.prefix}.conv2`, 3, spec.outChannels, spec.outChannels);
      addBatchNorm(`${spec.prefix}.bn2`, spec.outChannels);
      if (needsProjection(spec)) {
        addConv(`${spec.prefix}.shortcut.conv`, 1, spec.inChannels, spec.outChannels);
        addBatchNorm(`${spec.prefix}.shortcut.bn`, spec.outChannels);
      }
    }
  }
  const lastWidth = config.stageWidths[config.stageWidths.length - 1];
  addDense('classifier', lastWidth, config.numClasses);
  config.stageWidths.forEach((width, stage) => addDense(`lossHead.tap${stage}`, width, config.headUnits));
  addDense('lossHead.out', config.headUnits * config.stageWidths.length, 1);
  return { config, trainable, runningStats };
}

export function disposeNetwork(network: Network): void {
  for (const v of network.trainable.values()) v.dispose();
  for (const v of network.runningStats.values()) v.dispose();
}

/**
 * One forward pass. In training mode the batch-norm running statistics to write afterwards are
 * pushed onto `updates` (they must not be written inside a gradient computation).
 */
export function forward(
  network: Network,
  images: tf.Tensor4D,
  options: ForwardOptions,
  updates: RunningStatUpdate[] = [],
): ForwardResult {
  const w = (name: string) => {
    const v = network.trainable.get(name);
    if (!v) throw new Error(`network has no weight named ${name}`);
    return v;
  };
  const stat = (name: string) => network.runningStats.get(name)!;

  const conv = (x: tf.Tensor4D, name: string, stride: number) =>
    tf.conv2d(x, w(name) as tf.Tensor4D, stride, 'same');

  const batchNorm = (x: tf.Tensor4D, name: string): tf.Tensor4D => {
    if (options.training) {
      const { y, mean, variance } = batchNormTraining(x, w(`${name}.gamma`), w(`${name}.beta`), BN_EPSILON);
      const count = x.size / x.shape[3];
      const unbiased = variance.mul(count / Math.max(1, count - 1));
      updates.push(
        { name: `${name}.mean`, value: blend(stat(`${name}.mean`), mean) },
        { name: `${name}.variance`, value: blend(stat(`${name}.variance`), unbiased) },
      );
      return y;
    }
    return x
      .sub(stat(`${name}.mean`))
      .mul(tf.rsqrt(stat(`${name}.variance`).add(BN_EPSILON)))
      .mul(w(`${name}.gamma`))
      .add(w(`${name}.beta`));
  };

  const dense = (x: tf.Tensor2D, name: string) => x.matMul(w(`${name}.kernel`) as tf.Tensor2D).add(w(`${name}.bias`)) as tf.Tensor2D;
  const globalAveragePool = (x: tf.Tensor4D) => x.mean([1, 2]) as tf.Tensor2D;

  let x = tf.relu(batchNorm(conv(images, 'stem.conv', 1), 'stem.bn'));
  const taps: tf.Tensor4D[] = [];
  for (const stage of blockSpecs(network.config)) {
    for (const spec of stage) {
      const p = spec.prefix;
      let out = tf.relu(batchNorm(conv(x, `${p}.conv1`, spec.stride), `${p}.bn1`));
      out = batchNorm(conv(out, `${p}.conv2`, 1), `${p}.bn2`);
      const shortcut = needsProjection(spec)
        ? batchNorm(conv(x, `${p}.shortcut.conv`, spec.stride), `${p}.shortcut.bn`)
        : x;
      x = tf.relu(out.add(shortcut));
    }
    taps.push(x);
  }

  const features = globalAveragePool(x);
  const logits = dense(features, 'classifier');
  const tapVectors = taps.map((tap, stage) => {
    const source = options.detachTaps ? stopGradient(tap) : tap;
    return tf.relu(dense(globalAveragePool(source), `lossHead.tap${stage}`));
  });
  const predictedLoss = dense(tf.concat(tapVectors, 1), 'lossHead.out').reshape([-1]) as tf.Tensor1D;
  return { logits, predictedLoss, features };
}

/** (1 - momentum) * running + momentum * batch, detached from any gradient. */
function blend(running: tf.Tensor, batch: tf.Tensor): tf.Tensor {
  return running.mul(1 - BN_MOMENTUM).add(stopGradient(batch).mul(BN_MOMENTUM));
}

/** Writes the running statistics collected by a training forward pass. */
export function applyRunningStatUpdates(network: Network, updates: RunningStatUpdate[]): void {
  for (const { name, value } of updates) network.runningStats.get(name)!.assign(value);
}
