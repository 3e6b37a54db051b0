import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { momentumSgdStepConfig } from './momentumSgdStep';

/**
 * Kernels that tfjs-backend-wasm 4.22 lacks but training lossloop's network needs, each composed
 * from kernels wasm has. Found by running a real training step on wasm until no
 * "Kernel 'X' not registered for backend 'wasm'" error remained: only the filter gradient of
 * the convolution was missing.
 */
const MISSING_KERNELS: tf.KernelConfig[] = [conv2dBackpropFilterConfig];

/**
 * Kernels wasm has, replaced by faster compositions (measured: a demo-network training step went
 * from ~700 to ~490 ms at batch 64 in Chromium; docs/figures.md). Each is checked against the
 * cpu backend in the unit tests.
 */
const FASTER_KERNELS: tf.KernelConfig[] = [conv2dBackpropInputConfig];

/**
 * lossloop's own kernels, which no tfjs backend has: the optimizer step in one pass instead of six
 * small kernels per weight. Measured, it saves about 0.5 ms of a 420-460 ms step (docs/benchmarks.md):
 * correct and cheap to keep, not a speed-up worth another kernel of its kind.
 */
const FUSED_KERNELS: tf.KernelConfig[] = [momentumSgdStepConfig];

/**
 * Registers the wasm kernels above. Idempotent: a missing kernel already registered is skipped
 * (tfjs would warn and replace it), so once tfjs-backend-wasm is imported, a kernel that a later
 * version ships itself is left alone. Needs neither the wasm backend loaded nor active.
 */
export function registerWasmKernels(): void {
  for (const config of MISSING_KERNELS) {
    if (tf.getKernel(config.kernelName, config.backendName) == null) tf.registerKernel(config);
  }
  for (const config of [...FASTER_KERNELS, ...FUSED_KERNELS]) {
    const current = tf.getKernel(config.kernelName, config.backendName);
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
}
