import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
// In Node the wasm backend finds its binaries in node_modules by itself.
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../../src/lib/ml/wasm/registerWasmKernels';
import { momentumSgdStepConfig } from '../../src/lib/ml/wasm/momentumSgdStep';
import { MOMENTUM_SGD_STEP } from '../../src/lib/ml/momentumSgdStep';
import { MomentumSgd } from '../../src/lib/ml/sgd';
import { createRng } from '../../src/lib/core/random';
import { useCpuBackend } from './tfCpu';

/**
 * The optimizer step on wasm runs as one fused kernel per weight (src/lib/ml/wasm/momentumSgdStep.ts);
 * it must compute what the tf-op path computes:
 *   v <- momentum * v + g + weightDecay * w;   w <- w - lr * v
 */

const SETTINGS = { momentum: 0.9, weightDecay: 0.01 };

async function useWasm(): Promise<void> {
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not start');
  await tf.ready();
}

interface Weights {
  [name: string]: { values: number[]; shape: number[] };
}

/** Runs `steps` optimizer steps from the given weights, velocities and gradients; reads everything back. */
async function runSteps(initial: Weights, velocity: Weights, gradients: Weights, learningRates: readonly number[]) {
  const weights = new Map(Object.entries(initial).map(([name, w]) => [name, tf.variable(tf.tensor(w.values, w.shape), true, `sgd-test-${name}`)]));
  const optimizer = new MomentumSgd(weights, SETTINGS);
  optimizer.setVelocity(new Map(Object.entries(velocity).map(([name, v]) => [name, Float32Array.from(v.values)])));
  const grads = Object.fromEntries(Object.entries(gradients).map(([name, g]) => [weights.get(name)!.name, tf.tensor(g.values, g.shape)]));
  try {
    for (const lr of learningRates) optimizer.step(grads, lr);
    const after = Object.fromEntries([...weights].map(([name, w]) => [name, Array.from(w.dataSync())]));
    return { weights: after, velocity: Object.fromEntries([...(await optimizer.getVelocity())].map(([name, v]) => [name, Array.from(v)])) };
  } finally {
    optimizer.dispose();
    tf.dispose([...weights.values(), ...Object.values(grads)]);
  }
}

/** Runs `f` with the fused kernel taken away from wasm, so that the optimizer takes the op path. */
async function withoutFusedKernel<T>(f: () => Promise<T>): Promise<T> {
  tf.unregisterKernel(MOMENTUM_SGD_STEP, 'wasm');
  try {
    return await f();
  } finally {
    tf.registerKernel(momentumSgdStepConfig);
  }
}

function randomWeights(shapes: Record<string, number[]>, seed: number): Weights {
  const rng = createRng(seed);
  return Object.fromEntries(Object.entries(shapes).map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return [name, { shape, values: Array.from({ length: size }, () => rng() * 2 - 1) }];
  }));
}

beforeAll(async () => {
  registerWasmKernels();
  await useWasm();
});

// Other test files assume the cpu backend: leave it active whatever happens here.
afterAll(useCpuBackend);

describe('the fused momentum SGD step on wasm', () => {
  it('matches hand-computed values over two steps', async () => {
    // Step 1, lr 0.1:  v = 0.9*0.5 + 0.1 + 0.01*1 = 0.56,   w = 1 - 0.056 = 0.944
    //                  v = 0.9*0 + 0.3 + 0.01*(-2) = 0.28,  w = -2 - 0.028 = -2.028
    // Step 2, lr 0.01: v = 0.9*0.56 + 0.1 + 0.01*0.944 = 0.61344,       w = 0.944 - 0.0061344 = 0.9378656
    //                  v = 0.9*0.28 + 0.3 + 0.01*(-2.028) = 0.53172,    w = -2.028 - 0.0053172 = -2.0333172
    //                  (bias) v = 0.9*(-1) + 0 + 0.01*4 = -0.86, then 0.9*(-0.86) + 0 + 0.01*4.086 = -0.73314;
    //                  w = 4 + 0.086 = 4.086, then 4.086 + 0.0073314 = 4.0933314
    const result = await runSteps(
      { kernel: { values: [1, -2], shape: [2, 1] }, bias: { values: [4], shape: [1] } },
      { kernel: { values: [0.5, 0], shape: [2, 1] }, bias: { values: [-1], shape: [1] } },
      { kernel: { values: [0.1, 0.3], shape: [2, 1] }, bias: { values: [0], shape: [1] } },
      [0.1, 0.01],
    );
    const close = (actual: number[], expected: number[]) => actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i], 6));
    close(result.velocity.kernel, [0.61344, 0.53172]);
    close(result.weights.kernel, [0.9378656, -2.0333172]);
    close(result.velocity.bias, [-0.73314]);
    close(result.weights.bias, [4.0933314]);
  });

  it('computes what the op path computes, to float32 rounding', async () => {
    const shapes = { conv: [3, 3, 4, 8], gamma: [8], dense: [8, 10] };
    const args = [randomWeights(shapes, 1), randomWeights(shapes, 2), randomWeights(shapes, 3), [0.1, 0.1, 0.01]] as const;
    const fused = await runSteps(...args);
    const ops = await withoutFusedKernel(() => runSteps(...args));
    for (const name of Object.keys(shapes)) {
      for (const key of ['weights', 'velocity'] as const) {
        const expected = ops[key][name];
        expect(fused[key][name]).toHaveLength(expected.length);
        fused[key][name].forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected[i]))));
      }
    }
  });

  it('runs one kernel per weight instead of six, and leaves no tensor and no wasm buffer behind', async () => {
    const weights = new Map(Object.entries(randomWeights({ a: [3, 3, 2, 4], b: [4], c: [4, 5] }, 4))
      .map(([name, w]) => [name, tf.variable(tf.tensor(w.values, w.shape))]));
    const optimizer = new MomentumSgd(weights, SETTINGS);
    const grads = Object.fromEntries([...weights.values()].map((w) => [w.name, tf.onesLike(w)]));
    try {
      optimizer.step(grads, 0.1); // warm up: nothing allocated once is counted below
      const tensors = tf.memory().numTensors;
      const buffers = tf.engine().backend.numDataIds();
      const profile = await tf.profile(() => optimizer.step(grads, 0.1));
      expect(profile.kernels.map((k) => k.name)).toEqual([MOMENTUM_SGD_STEP, MOMENTUM_SGD_STEP, MOMENTUM_SGD_STEP]);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.engine().backend.numDataIds()).toBe(buffers);
    } finally {
      optimizer.dispose();
      tf.dispose([...weights.values(), ...Object.values(grads)]);
    }
  });

  it('keeps the velocity checkpointable: what getVelocity reads, setVelocity restores', async () => {
    const weights = new Map([['w', tf.variable(tf.tensor([1, 2, 3]))]]);
    const optimizer = new MomentumSgd(weights, SETTINGS);
    const grads = { [weights.get('w')!.name]: tf.tensor([1, 1, 1]) };
    try {
      optimizer.step(grads, 0.1);
      const saved = await optimizer.getVelocity();
      // v = 0 + 1 + 0.01 * w
      expect(Array.from(saved.get('w')!)).toEqual([1.01, 1.02, 1.03].map(Math.fround));
      optimizer.step(grads, 0.1);
      optimizer.setVelocity(saved);
      expect(Array.from((await optimizer.getVelocity()).get('w')!)).toEqual(Array.from(saved.get('w')!));
    } finally {
      optimizer.dispose();
      tf.dispose([...weights.values(), ...Object.values(grads)]);
    }
  });

  it('refuses inputs of another size than the weight', () => {
    const [weight, velocity, gradient] = [tf.zeros([3]), tf.zeros([3]), tf.zeros([4])];
    try {
      expect(() => tf.engine().runKernel(MOMENTUM_SGD_STEP, { weight, velocity, gradient }, { learningRate: 0.1, momentum: 0.9, weightDecay: 0 }))
        .toThrow(/gradient must have the weight's size/);
    } finally {
      tf.dispose([weight, velocity, gradient]);
    }
  });
});

describe('the optimizer on a backend without the fused step', () => {
  it('takes the op path on cpu, with the same values', async () => {
    await useCpuBackend();
    try {
      expect(tf.getKernel(MOMENTUM_SGD_STEP, 'cpu')).toBeUndefined();
      const result = await runSteps(
        { w: { values: [1, -2], shape: [2] } }, { w: { values: [0.5, 0], shape: [2] } }, { w: { values: [0.1, 0.3], shape: [2] } }, [0.1],
      );
      result.weights.w.forEach((a, i) => expect(a).toBeCloseTo([0.944, -2.028][i], 6));
    } finally {
      await useWasm();
    }
  });
});
