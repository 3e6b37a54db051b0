import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendInfo, BackendName } from '../core/backendNames';
import { candidateOrder, decideBackend, type BackendWishes, type DeviceFacts, type RendererFacts } from './backendDecision';
import { FINGERPRINT_TOLERANCE, fingerprintDifference, stepFingerprint } from './selfCheck';
import { prepareWasmBackend, wasmThreadsInUse } from './wasm/setupWasm';
import { chooseWasmThreads } from '../core/wasmThreads';
import { plural } from '../core/plural';

/**
 * Choosing where the tensors run. The only module that calls tf.setBackend. The order comes from
 * backendDecision.ts (the address, the remembered choice, then real GPUs, WebAssembly, software GPUs,
 * plain JavaScript). A backend must start and pass a one-step comparison with the CPU
 * (selfCheck.ts). Every fallback is reported in plain words.
 */

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

interface Described extends RendererFacts {
  description: string;
  /** WebAssembly only */
  threads?: number;
  /** something the user should know about how it runs */
  note?: string | null;
}

function describeRenderer(api: 'WebGPU' | 'WebGL', name: string, fallbackAdapter = false): Described {
  const software = fallbackAdapter || SOFTWARE_RENDERER.test(name);
  const renderer = /swiftshader/i.test(name) ? 'SwiftShader' : name;
  return { description: `${api} - ${renderer}${software ? ' (software)' : ''}`, software, renderer };
}

async function describeWebGpu(): Promise<Described | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info;
  const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  return describeRenderer('WebGPU', name, info.isFallbackAdapter === true);
}

function describeWebGl(): Described | null {
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  } catch {
    // No OffscreenCanvas or no WebGL here: tfjs will say so when asked to start it.
  }
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  // Renderer names are a nicety; the backend works without them.
  const renderer = ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'unknown renderer';
  return describeRenderer('WebGL', renderer);
}

type Devices = { webgpu: Described | null; webgl: Described | null } & DeviceFacts;

async function describeDevices(): Promise<Devices> {
  return { webgpu: await describeWebGpu(), webgl: describeWebGl() };
}

async function tryBackend(name: BackendName, devices: Devices, wishes: BackendWishes): Promise<Described | string> {
  let described: Described;
  if (name === 'webgpu') {
    if (!devices.webgpu) return 'This browser offers no WebGPU adapter.';
    described = devices.webgpu;
    // On a software adapter (SwiftShader) a separate im2col pass made a training step 1.8x faster
    // (scripts/bench.mjs, docs/figures.md); unmeasured on real GPUs, so left at tfjs's default there.
    if (described.software) tf.env().set('WEBGPU_CONV_SEPARATE_IM2COL_SHADER', true);
  } else if (name === 'webgl') {
    described = devices.webgl ?? describeRenderer('WebGL', 'unknown renderer');
  } else if (name === 'wasm') {
    const threads = chooseWasmThreads({
      requested: wishes.wasmThreads, hardwareConcurrency: navigator.hardwareConcurrency, crossOriginIsolated: self.crossOriginIsolated === true,
    });
    try {
      await prepareWasmBackend(threads.threads);
    } catch (error) {
      return `The WebAssembly backend could not load: ${(error as Error).message}`;
    }
    // Runs on the CPU, but as fast as a CPU gets in a browser: not flagged as an emulation.
    described = { description: 'WebAssembly', software: false, renderer: 'CPU', threads: threads.threads, note: threads.note };
  } else {
    described = { description: 'CPU (JavaScript)', software: true, renderer: 'CPU' };
  }
  try {
    // setBackend returns false on failure while getBackend may still name it: trust the return value.
    if (!(await tf.setBackend(name))) return `TensorFlow.js could not start its ${name} backend.`;
    await tf.ready();
  } catch (error) {
    return `TensorFlow.js could not start its ${name} backend: ${(error as Error).message}`;
  }
  if (name === 'wasm') {
    // The count tfjs really started, which is what the header shows.
    const threads = await wasmThreadsInUse();
    described = { ...described, threads, description: `WebAssembly (CPU, ${plural(threads, 'thread')}, SIMD)` };
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

/** Starts the best backend that works (backendDecision.ts), and says what happened and why. */
export async function chooseBackend(wishes: BackendWishes = {}): Promise<BackendInfo> {
  const devices = await describeDevices();
  const warnings: string[] = [];
  for (const name of candidateOrder(devices, wishes)) {
    const result = await tryBackend(name, devices, wishes);
    if (typeof result === 'string') {
      warnings.push(result);
      continue;
    }
    const mismatch = await disagreesWithCpu(name);
    if (mismatch) {
      warnings.push(mismatch);
      continue;
    }
    // Backends after this one were never checked: the decision treats them as failed, which cannot change its pick.
    const decision = decideBackend(devices, wishes, [name])!;
    if (warnings.length > 0) warnings.push(`Using ${name} instead.`);
    warnings.push(...decision.notes);
    if (result.software && name !== 'cpu') {
      warnings.push('This adapter is a software emulation, not a GPU: training will be slow. The WebAssembly backend is much faster without a GPU.');
    }
    if (name === 'cpu') warnings.push('Training runs on plain JavaScript: slow. A browser with WebGPU, or the WebAssembly backend, is much faster.');
    if (result.note) warnings.push(result.note);
    return {
      name, description: result.description, software: result.software, source: decision.source, warnings, offer: decision.offer,
      ...(result.threads === undefined ? {} : { threads: result.threads }),
    };
  }
  throw new Error(`No TensorFlow.js backend could start. ${warnings.join(' ')}`);
}
