import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { BACKENDS, type BackendInfo, type BackendName } from './backendNames';
import { FINGERPRINT_TOLERANCE, fingerprintDifference, stepFingerprint } from './selfCheck';
import { prepareWasmBackend } from './wasm/setupWasm';

/**
 * Choosing where the tensors run. The only module that calls tf.setBackend. Preference: WebGPU,
 * then WebGL, then WebAssembly, then plain JavaScript; a requested backend is tried first. A backend must start and pass a
 * one-step comparison with the CPU (selfCheck.ts). Every fallback is reported in plain words.
 */

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

async function describeWebGpu(): Promise<{ description: string; software: boolean } | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info;
  const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  const software = info.isFallbackAdapter === true || SOFTWARE_RENDERER.test(name);
  const label = /swiftshader/i.test(name) ? 'SwiftShader' : name;
  return { description: `WebGPU - ${label}${software ? ' (software)' : ''}`, software };
}

function describeWebGl(): { description: string; software: boolean } {
  let renderer = 'unknown renderer';
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    if (gl && ext) renderer = String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL));
  } catch {
    // Renderer names are a nicety; the backend works without them.
  }
  const software = SOFTWARE_RENDERER.test(renderer);
  const label = /swiftshader/i.test(renderer) ? 'SwiftShader' : renderer;
  return { description: `WebGL - ${label}${software ? ' (software)' : ''}`, software };
}

async function tryBackend(name: BackendName): Promise<{ description: string; software: boolean } | string> {
  let described: { description: string; software: boolean } | null;
  if (name === 'webgpu') {
    described = await describeWebGpu();
    if (!described) return 'This browser offers no WebGPU adapter.';
    // On a software adapter (SwiftShader) a separate im2col pass made a training step 1.8x faster
    // (scripts/bench.mjs, docs/figures.md); unmeasured on real GPUs, so left at tfjs's default there.
    if (described.software) tf.env().set('WEBGPU_CONV_SEPARATE_IM2COL_SHADER', true);
  } else if (name === 'webgl') {
    described = describeWebGl();
  } else if (name === 'wasm') {
    try {
      await prepareWasmBackend();
    } catch (error) {
      return `The WebAssembly backend could not load: ${(error as Error).message}`;
    }
    // Runs on the CPU, but as fast as a CPU gets in a browser: not flagged as an emulation.
    described = { description: 'WebAssembly (CPU, SIMD)', software: false };
  } else {
    described = { description: 'CPU (JavaScript)', software: true };
  }
  try {
    // setBackend returns false on failure while getBackend may still name it: trust the return value.
    if (!(await tf.setBackend(name))) return `TensorFlow.js could not start its ${name} backend.`;
    await tf.ready();
  } catch (error) {
    return `TensorFlow.js could not start its ${name} backend: ${(error as Error).message}`;
  }
  return described;
}

/**
 * Trains one tiny step on the active backend and on the cpu, and compares. Returns a reason for
 * the user when they disagree, or null when the active backend can be trusted.
 */
async function disagreesWithCpu(name: BackendName): Promise<string | null> {
  if (name === 'cpu') return null;
  try {
    const candidate = await stepFingerprint();
    if (!(await tf.setBackend('cpu'))) return null; // nothing to compare with: trust the candidate
    const reference = await stepFingerprint();
    await tf.setBackend(name);
    const difference = fingerprintDifference(candidate, reference);
    return difference <= FINGERPRINT_TOLERANCE
      ? null
      : `The ${name} backend computed a training step differently from the CPU (relative difference ${difference.toExponential(1)}), so it is not used.`;
  } catch (error) {
    return `The ${name} backend failed a test training step: ${(error as Error).message}`;
  }
}

/** Starts the first backend that works, the requested one first, and says what happened. */
export async function chooseBackend(requested?: BackendName): Promise<BackendInfo> {
  const order = requested ? [requested, ...BACKENDS.filter((b) => b !== requested)] : [...BACKENDS];
  const warnings: string[] = [];
  for (const name of order) {
    const result = await tryBackend(name);
    if (typeof result === 'string') {
      warnings.push(result);
      continue;
    }
    const mismatch = await disagreesWithCpu(name);
    if (mismatch) {
      warnings.push(mismatch);
      continue;
    }
    if (warnings.length > 0) warnings.push(`Using ${name} instead.`);
    if (result.software && name !== 'cpu') {
      warnings.push('This adapter is a software emulation, not a GPU: training will be slow. Use the "Tiny" preset, or the WebAssembly backend, which is much faster without a GPU.');
    }
    if (name === 'cpu') warnings.push('Training runs on plain JavaScript: slow. A browser with WebGPU, or the WebAssembly backend, is much faster.');
    return { name, description: result.description, software: result.software, warnings };
  }
  throw new Error(`No TensorFlow.js backend could start. ${warnings.join(' ')}`);
}
