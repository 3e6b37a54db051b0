import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
// In Node the wasm backend finds its binaries in node_modules by itself.
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../../src/lib/ml/wasm/registerWasmKernels';
import { conv2dBackpropFilterConfig } from '../../src/lib/ml/wasm/conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from '../../src/lib/ml/wasm/conv2dBackpropInput';
import { createNetwork, disposeNetwork, forward, type NetworkConfig } from '../../src/lib/ml/network';
import { jointLoss } from '../../src/lib/ml/jointLoss';
import { createRng } from '../../src/lib/core/random';
import { tinyNetwork } from './tinyData';
import { useCpuBackend } from './tfCpu';

/**
 * The kernels composed for the wasm backend, checked against tfjs's cpu backend (the reference
 * the other unit tests use). wasm sums in another order than cpu, so results agree to float32
 * rounding, not bit for bit.
 */

type BackendName = 'cpu' | 'wasm';

async function use(name: BackendName): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`the tfjs ${name} backend did not start`);
  await tf.ready();
}

/** Runs `f` on a backend and reads its results back as plain arrays; no tensor outlives it. */
async function runOn(name: BackendName, f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await use(name);
  const outputs = tf.tidy(f);
  const values = outputs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outputs);
  return values;
}

function randomValues(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => rng() * 2 - 1);
}

/** max |a - b| over max |b|: relative to the scale of the reference, so zeros do not blow it up. */
function maxRelativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return maxDiff / Math.max(scale, 1e-30);
}

/** ||a - b|| / ||b|| over all values. */
function relativeL2Error(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i] - expected[i]) ** 2;
    norm += expected[i] ** 2;
  }
  return Math.sqrt(diff / Math.max(norm, 1e-30));
}

function concat(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

beforeAll(async () => {
  registerWasmKernels();
  await use('wasm');
  await useCpuBackend();
});

// Other test files assume the cpu backend: leave it active whatever happens here.
afterAll(useCpuBackend);

interface ConvCase {
  /** [batch, height, width, inChannels] */
  x: [number, number, number, number];
  /** [filterHeight, filterWidth] */
  filter: [number, number];
  outChannels: number;
  strides: [number, number];
  pad: 'same' | 'valid' | number;
}

const label = (c: ConvCase) =>
  `x ${c.x.join('x')}, filter ${c.filter.join('x')}x${c.outChannels}, stride ${c.strides.join(',')}, pad ${c.pad}`;

const convCases: ConvCase[] = [
  // 'same', stride 1: the stem and the inner convolutions of every block
  { x: [1, 7, 7, 3], filter: [3, 3], outChannels: 4, strides: [1, 1], pad: 'same' },
  { x: [3, 28, 28, 1], filter: [3, 3], outChannels: 8, strides: [1, 1], pad: 'same' },
  { x: [3, 14, 14, 16], filter: [3, 3], outChannels: 16, strides: [1, 1], pad: 'same' },
  // 'same', stride 2: odd sizes pad symmetrically, even sizes put the extra row at the bottom
  { x: [3, 7, 7, 2], filter: [3, 3], outChannels: 5, strides: [2, 2], pad: 'same' },
  { x: [3, 8, 8, 4], filter: [3, 3], outChannels: 3, strides: [2, 2], pad: 'same' },
  { x: [3, 28, 28, 8], filter: [3, 3], outChannels: 16, strides: [2, 2], pad: 'same' },
  // 1x1 projection shortcuts: with stride 2 on an even size the last row and column go unread
  { x: [3, 28, 28, 8], filter: [1, 1], outChannels: 16, strides: [2, 2], pad: 'same' },
  { x: [1, 7, 7, 6], filter: [1, 1], outChannels: 4, strides: [2, 2], pad: 'same' },
  { x: [3, 14, 14, 16], filter: [1, 1], outChannels: 32, strides: [1, 1], pad: 'same' },
  // beyond this network: 'valid' and numeric padding, unequal strides and filter sides
  { x: [3, 10, 10, 2], filter: [3, 3], outChannels: 3, strides: [2, 2], pad: 'valid' },
  { x: [2, 7, 7, 3], filter: [3, 3], outChannels: 2, strides: [2, 2], pad: 1 },
  { x: [2, 9, 6, 3], filter: [3, 2], outChannels: 4, strides: [2, 1], pad: 'same' },
];

function convInputs(c: ConvCase, seed: number) {
  const filterShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.x[3], c.outChannels];
  const dyShape = tf.backend_util.computeConv2DInfo(c.x, filterShape, c.strides, 1, c.pad).outShape;
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  return {
    attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' as const, filterShape },
    x: randomValues(size(c.x), seed),
    dy: randomValues(size(dyShape), seed + 1),
    dyShape,
  };
}

function filterGradient(c: ConvCase, inputs: ReturnType<typeof convInputs>): tf.Tensor {
  const x = tf.tensor4d(inputs.x, c.x);
  const dy = tf.tensor4d(inputs.dy, inputs.dyShape);
  return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, inputs.attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

describe('Conv2DBackpropFilter composed for wasm', () => {
  it('is registered for wasm, once, without a warning on a second call', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      registerWasmKernels();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBe(conv2dBackpropFilterConfig);
  });

  it.each(convCases.map((c) => [label(c), c] as const))('matches the cpu backend: %s', async (_, c) => {
    const inputs = convInputs(c, 7);
    const [expected] = await runOn('cpu', () => [filterGradient(c, inputs)]);
    const [actual] = await runOn('wasm', () => [filterGradient(c, inputs)]);
    expect(expected.length).toBe(c.filter[0] * c.filter[1] * c.x[3] * c.outChannels);
    expect(maxRelativeError(actual, expected)).toBeLessThan(1e-4);
    await use('cpu');
  });

  it('is what the gradient of tf.conv2d uses on wasm', async () => {
    const c = convCases[4];
    const inputs = convInputs(c, 3);
    const filter = randomValues(3 * 3 * c.x[3] * c.outChannels, 5);
    const gradient = () => {
      const x = tf.tensor4d(inputs.x, c.x);
      const dy = tf.tensor4d(inputs.dy, inputs.dyShape);
      const f = (w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, c.strides, 'same').mul(dy).sum();
      return [tf.grad(f)(tf.tensor4d(filter, inputs.attrs.filterShape))];
    };
    const [expected] = await runOn('cpu', gradient);
    const [actual] = await runOn('wasm', gradient);
    expect(maxRelativeError(actual, expected)).toBeLessThan(1e-4);
    await use('cpu');
  });

  it('leaves no tensor and no wasm buffer behind', async () => {
    const c = convCases[6]; // the case that pads nothing and slices
    const c2 = convCases[4]; // the case that pads asymmetrically
    await use('wasm');
    for (const cc of [c, c2]) {
      const inputs = convInputs(cc, 9);
      const x = tf.tensor4d(inputs.x, cc.x);
      const dy = tf.tensor4d(inputs.dy, inputs.dyShape);
      const tensorsBefore = tf.memory().numTensors;
      const buffersBefore = tf.engine().backend.numDataIds();
      const result = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, inputs.attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
      expect(tf.memory().numTensors).toBe(tensorsBefore + 1);
      expect(tf.engine().backend.numDataIds()).toBe(buffersBefore + 1);
      result.dispose();
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(tf.engine().backend.numDataIds()).toBe(buffersBefore);
      tf.dispose([x, dy]);
    }
    await use('cpu');
  });
});

describe('a whole training step on wasm', () => {
  /** Loss and gradients of every weight, as trainStep computes them (batch statistics). */
  async function lossAndGradients(backend: BackendName, config: NetworkConfig, count: number, detachTaps: boolean) {
    const [height, width, channels] = config.inputShape;
    const pixels = randomValues(count * height * width * channels, 4);
    const labels = Array.from({ length: count }, (_, i) => i % config.numClasses);
    await use(backend);
    const network = createNetwork(config, 21);
    const names = [...network.trainable.keys()];
    const values = tf.tidy(() => {
      const x = tf.tensor4d(pixels, [count, height, width, channels]);
      const y = tf.tensor1d(labels, 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const out = forward(network, x, { training: true, detachTaps });
        return jointLoss(out.logits, out.predictedLoss, y, { lambda: 1, margin: 1 }).total;
      }, [...network.trainable.values()]);
      return [value, ...names.map((n) => grads[network.trainable.get(n)!.name])];
    });
    const [loss, ...grads] = values.map((t) => t.dataSync() as Float32Array);
    tf.dispose(values);
    disposeNetwork(network);
    return { loss: loss[0], grads, names };
  }

  const smallDemo: NetworkConfig = { inputShape: [28, 28, 1], numClasses: 10, stageWidths: [8, 16, 32], blocksPerStage: 1, headUnits: 32 };

  it.each([
    ['the tiny network, taps attached', tinyNetwork, 8, false],
    ['the tiny network, taps detached', tinyNetwork, 8, true],
    ['the demo network (28x28, 3 stages), batch 4', smallDemo, 4, false],
  ] as const)('gives the loss and gradients of the cpu backend: %s', async (_, config, count, detach) => {
    const cpu = await lossAndGradients('cpu', config, count, detach);
    const wasm = await lossAndGradients('wasm', config, count, detach);
    await use('cpu');
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-5 * Math.max(1, Math.abs(cpu.loss)));
    // Every weight gets a gradient, and together they agree up to a few ReLUs that flip near zero.
    expect(wasm.grads.map((g) => g.length)).toEqual(cpu.grads.map((g) => g.length));
    expect(relativeL2Error(concat(wasm.grads), concat(cpu.grads))).toBeLessThan(2e-3);
    // The convolution weights, whose filter gradients are the composed kernel, agree closely.
    const convs = cpu.names.map((n, i) => (/\.conv\d?$/.test(n) ? i : -1)).filter((i) => i >= 0);
    expect(convs.length).toBeGreaterThan(3);
    for (const i of convs) {
      expect(relativeL2Error(wasm.grads[i], cpu.grads[i]), cpu.names[i]).toBeLessThan(2e-3);
    }
  });

  it('leaves no tensor behind', async () => {
    await use('wasm');
    const before = tf.memory().numTensors;
    await lossAndGradients('wasm', tinyNetwork, 4, false);
    expect(tf.memory().numTensors).toBe(before);
    await use('cpu');
  });
});

describe('Conv2DBackpropInput composed for wasm', () => {
  it('replaces wasm\'s own kernel', () => {
    registerWasmKernels();
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc).toBe(conv2dBackpropInputConfig.kernelFunc);
  });

  for (const c of convCases) {
    it(`matches the cpu backend: ${label(c)}`, async () => {
      const inputs = convInputs(c, 17);
      const filterShape = inputs.attrs.filterShape;
      const filter = randomValues(filterShape.reduce((a, b) => a * b, 1), 23);
      const inputGradient = () => [tf.engine().runKernel(tf.Conv2DBackpropInput, {
        dy: tf.tensor4d(inputs.dy, inputs.dyShape), filter: tf.tensor4d(filter, filterShape),
      }, { ...inputs.attrs, inputShape: c.x } as unknown as tf.NamedAttrMap) as tf.Tensor];
      const [reference] = await runOn('cpu', inputGradient);
      const [composed] = await runOn('wasm', inputGradient);
      expect(maxRelativeError(composed, reference)).toBeLessThan(1e-4);
    });
  }
});
