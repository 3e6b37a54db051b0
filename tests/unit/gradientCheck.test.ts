import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createNetwork, forward, type Network } from '../../src/lib/ml/network';
import { jointLoss } from '../../src/lib/ml/jointLoss';
import { stepLoss, type TrainSettings } from '../../src/lib/ml/train';
import { makeBatch } from '../../src/lib/ml/batch';
import { tinyImages, tinyNetwork } from './tinyData';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

/**
 * The gradient check of convnetjs: nudge one weight by +-epsilon, take the central difference of
 * the loss, compare with the analytic gradient. In float32 a loss near 2 is exact to ~2.4e-7, so
 * the central difference carries ~2e-4 of rounding noise at this epsilon: hence the absolute term.
 */

const EPSILON = 1e-3;

function batchTensors(count: number) {
  const data = tinyImages(count, 3);
  const indices = Array.from({ length: count }, (_, i) => i);
  const x = tf.tensor4d(makeBatch(data.pixels, indices, data.shape, data.normalization), [count, 6, 6, 1]);
  const y = tf.tensor1d(data.labels as number[], 'int32');
  return { x, y };
}

function lossFn(network: Network, x: tf.Tensor4D, y: tf.Tensor1D, detachTaps: boolean, lambda = 1) {
  return () => jointLoss(...outputs(network, x, detachTaps), y, { lambda, margin: 1 }).total;
}

function outputs(network: Network, x: tf.Tensor4D, detachTaps: boolean): [tf.Tensor2D, tf.Tensor1D] {
  const out = forward(network, x, { training: true, detachTaps });
  return [out.logits, out.predictedLoss];
}

async function numericGradient(network: Network, name: string, index: number, f: () => tf.Scalar): Promise<number> {
  const v = network.trainable.get(name)!;
  const original = (await v.data()).slice();
  const evaluate = async (delta: number) => {
    const nudged = original.slice();
    nudged[index] += delta;
    v.assign(tf.tensor(nudged, v.shape));
    const value = tf.tidy(f);
    const [result] = await value.data();
    value.dispose();
    return result;
  };
  const plus = await evaluate(EPSILON);
  const minus = await evaluate(-EPSILON);
  v.assign(tf.tensor(original, v.shape));
  return (plus - minus) / (2 * EPSILON);
}

describe('gradient of the joint loss (cross-entropy + lambda * ranking loss)', () => {
  it('matches central differences for weights of every part of both networks', async () => {
    const network = createNetwork(tinyNetwork, 11);
    const { x, y } = batchTensors(6);
    const f = lossFn(network, x, y, false);
    const { grads } = tf.variableGrads(f, [...network.trainable.values()]);
    const checked = [
      'stem.conv', 'stem.bn.gamma', 'stage0.block0.conv1', 'stage1.block0.conv2',
      'stage1.block0.shortcut.conv', 'classifier.kernel', 'classifier.bias',
      'lossHead.tap0.kernel', 'lossHead.tap1.bias', 'lossHead.out.kernel', 'lossHead.out.bias',
    ];
    let compared = 0;
    for (const name of checked) {
      const analytic = await grads[network.trainable.get(name)!.name].data();
      for (const index of [0, Math.floor(analytic.length / 2), analytic.length - 1]) {
        const numeric = await numericGradient(network, name, index, f);
        const tolerance = 5e-4 + 1e-2 * Math.max(Math.abs(numeric), Math.abs(analytic[index]));
        expect(Math.abs(numeric - analytic[index]), `${name}[${index}]: numeric ${numeric}, analytic ${analytic[index]}`).toBeLessThan(tolerance);
        compared++;
      }
    }
    expect(compared).toBe(checked.length * 3);
  });

  it('after the detach point, the ranking loss no longer reaches the target network', async () => {
    const network = createNetwork(tinyNetwork, 12);
    const { x, y } = batchTensors(6);
    // Gradient of the ranking part alone: total(lambda = 1) - total(lambda = 0).
    const rankingOnly = (detach: boolean) => () =>
      lossFn(network, x, y, detach, 1)().sub(lossFn(network, x, y, detach, 0)()) as tf.Scalar;
    const vars = [...network.trainable.values()];
    const attached = tf.variableGrads(rankingOnly(false), vars).grads;
    const detached = tf.variableGrads(rankingOnly(true), vars).grads;
    const norm = async (grads: tf.NamedTensorMap, name: string) =>
      (await grads[network.trainable.get(name)!.name].abs().sum().data())[0];
    expect(await norm(attached, 'stem.conv')).toBeGreaterThan(1e-6);
    expect(await norm(detached, 'stem.conv')).toBe(0);
    expect(await norm(detached, 'classifier.kernel')).toBe(0);
    // ...while the loss head still learns.
    expect(await norm(detached, 'lossHead.out.kernel')).toBeGreaterThan(1e-6);
  });

  /**
   * Soft targets are sigmoid(l_i - l_j) of the real losses, which are targets: no gradient flows
   * into them (docs/method.md). A central difference moves them too, so with soft targets only the
   * loss head's weights, which the real losses do not depend on, can be checked this way; the soft
   * loss's own gradient is checked by hand in rankingLoss.test.ts.
   */
  it.each([
    ['ranking', ['stem.conv', 'stage1.block0.conv2', 'classifier.kernel', 'lossHead.tap0.kernel', 'lossHead.out.bias']],
    ['soft-ranking', ['lossHead.tap0.kernel', 'lossHead.tap1.bias', 'lossHead.out.kernel', 'lossHead.out.bias']],
  ])('holds for the step that learns from unlabeled images too (%s targets)', async (objective, names) => {
    const network = createNetwork(tinyNetwork, 13);
    const { x, y } = batchTensors(6);
    const strong = tf.tensor4d(makeBatch(tinyImages(4, 9).pixels, [0, 1, 2, 3], { height: 6, width: 6, channels: 1 }, { mean: 0.3, std: 0.3 }), [4, 6, 6, 1]);
    const unlabeled = { strong, targets: tf.tensor1d([2, 0, 1, 1], 'int32'), mask: tf.tensor1d([1, 0, 1, 1]) };
    const settings = {
      lambda: 1, margin: 1, objective,
      unlabeled: { source: 'consistency', threshold: 0.95, ratio: 2, weight: 0.7, horizontalFlip: false },
    } as unknown as TrainSettings;
    const f = () => stepLoss(network, x, y, settings, false, unlabeled).total;
    const { grads } = tf.variableGrads(f, [...network.trainable.values()]);
    for (const name of names as string[]) {
      const analytic = await grads[network.trainable.get(name)!.name].data();
      // The first and middle weights: stem.conv's last one sits at a ReLU kink of this batch, where
      // a central difference is off whatever the loss (plain cross-entropy included).
      for (const index of [0, Math.floor(analytic.length / 2)]) {
        const numeric = await numericGradient(network, name, index, f);
        const tolerance = 5e-4 + 1e-2 * Math.max(Math.abs(numeric), Math.abs(analytic[index]));
        expect(Math.abs(numeric - analytic[index]), `${name}[${index}]: numeric ${numeric}, analytic ${analytic[index]}`).toBeLessThan(tolerance);
      }
    }
    // the unlabeled part adds to the loss: 0.7 x its masked cross-entropy
    const withIt = tf.tidy(f);
    const without = tf.tidy(() => stepLoss(network, x, y, { ...settings, unlabeled: null }, false, null).total);
    expect((await withIt.data())[0]).not.toBeCloseTo((await without.data())[0], 3);
  });
});
