import { describe, expect, it } from 'vitest';
import { automaticOrder, candidateOrder, decideBackend, type DeviceFacts } from '../../src/lib/ml/backendDecision';
import { BACKENDS, type BackendName } from '../../src/lib/core/backendNames';

const SWIFTSHADER = { software: true, renderer: 'SwiftShader' };
const NVIDIA = { software: false, renderer: 'nvidia ampere' };

/** This project's test machine: Chromium without a GPU. */
const NO_GPU: DeviceFacts = { webgpu: SWIFTSHADER, webgl: SWIFTSHADER };
const REAL_GPU: DeviceFacts = { webgpu: NVIDIA, webgl: NVIDIA };
const ALL: BackendName[] = [...BACKENDS];

describe('the automatic order', () => {
  it('keeps a real GPU first', () => {
    expect(automaticOrder(REAL_GPU)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  it('puts WebAssembly before GPU backends that only run on a software renderer', () => {
    expect(automaticOrder(NO_GPU)).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(automaticOrder({ webgpu: null, webgl: SWIFTSHADER })).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
  });

  it('keeps a real WebGL ahead of WebAssembly when WebGPU is missing or emulated', () => {
    expect(automaticOrder({ webgpu: null, webgl: NVIDIA })).toEqual(['webgl', 'wasm', 'webgpu', 'cpu']);
    expect(automaticOrder({ webgpu: SWIFTSHADER, webgl: NVIDIA })).toEqual(['webgl', 'wasm', 'webgpu', 'cpu']);
  });

  it('tries the address first, then the remembered choice, each once', () => {
    expect(candidateOrder(NO_GPU, { fromAddress: 'cpu', remembered: 'webgpu' })).toEqual(['cpu', 'webgpu', 'wasm', 'webgl']);
    expect(candidateOrder(NO_GPU, { fromAddress: 'webgl', remembered: 'webgl' })).toEqual(['webgl', 'wasm', 'webgpu', 'cpu']);
  });
});

describe('the backend decision', () => {
  it('a real GPU adapter: WebGPU, with nothing to explain', () => {
    expect(decideBackend(REAL_GPU, {}, ALL)).toEqual({ name: 'webgpu', source: 'automatic', notes: [], offer: null });
  });

  it('only a software WebGPU and WebAssembly passes: WebAssembly, says why, offers WebGPU', () => {
    const decision = decideBackend(NO_GPU, {}, ALL)!;
    expect(decision.name).toBe('wasm');
    expect(decision.source).toBe('automatic');
    expect(decision.notes).toEqual(['WebAssembly: the only WebGPU here is a software renderer (SwiftShader), tens of times slower for training.']);
    expect(decision.offer).toEqual({ name: 'webgpu', label: 'Use WebGPU anyway' });
  });

  it('no WebGPU and a software WebGL: WebAssembly, offers WebGL', () => {
    const decision = decideBackend({ webgpu: null, webgl: SWIFTSHADER }, {}, ['webgl', 'wasm', 'cpu'])!;
    expect(decision.name).toBe('wasm');
    expect(decision.notes[0]).toMatch(/no WebGPU, and its WebGL is a software renderer \(SwiftShader\)/);
    expect(decision.offer).toEqual({ name: 'webgl', label: 'Use WebGL anyway' });
  });

  it('software WebGPU and WebAssembly fails its check: the software WebGPU, offering WebAssembly', () => {
    expect(decideBackend(NO_GPU, {}, ['webgpu', 'webgl', 'cpu'])).toEqual({
      name: 'webgpu', source: 'automatic', notes: [], offer: { name: 'wasm', label: 'Switch to WebAssembly' },
    });
  });

  it('a real GPU whose WebGPU fails its check: WebGL, the next real GPU backend', () => {
    expect(decideBackend(REAL_GPU, {}, ['webgl', 'wasm', 'cpu'])?.name).toBe('webgl');
  });

  it('the address wins over the remembered choice and the automatic order', () => {
    expect(decideBackend(NO_GPU, { fromAddress: 'webgpu', remembered: 'cpu' }, ALL)).toEqual({
      name: 'webgpu', source: 'address', notes: [], offer: { name: 'wasm', label: 'Switch to WebAssembly' },
    });
  });

  it('an address backend that fails: the remembered choice, and the address is named', () => {
    const decision = decideBackend(NO_GPU, { fromAddress: 'webgl', remembered: 'cpu' }, ['webgpu', 'wasm', 'cpu'])!;
    expect(decision).toEqual({
      name: 'cpu', source: 'remembered', notes: ['The address asks for WebGL, which did not pass its check here.'], offer: null,
    });
  });

  it('a remembered choice that passes is used, even where the automatic order would differ', () => {
    expect(decideBackend(NO_GPU, { remembered: 'webgpu' }, ALL)).toMatchObject({ name: 'webgpu', source: 'remembered', notes: [] });
    expect(decideBackend(REAL_GPU, { remembered: 'cpu' }, ALL)).toMatchObject({ name: 'cpu', source: 'remembered', notes: [] });
  });

  it('a remembered choice that fails: the automatic choice, saying so', () => {
    const decision = decideBackend(NO_GPU, { remembered: 'webgl' }, ['webgpu', 'wasm', 'cpu'])!;
    expect(decision.name).toBe('wasm');
    expect(decision.source).toBe('automatic');
    expect(decision.notes).toEqual([
      'Your chosen backend, WebGL, did not pass its check here.',
      'WebAssembly: the only WebGPU here is a software renderer (SwiftShader), tens of times slower for training.',
    ]);
  });

  it('address and remembered choice the same and failing: named once', () => {
    const decision = decideBackend(REAL_GPU, { fromAddress: 'webgl', remembered: 'webgl' }, ['webgpu', 'cpu'])!;
    expect(decision.name).toBe('webgpu');
    expect(decision.notes).toEqual(['The address asks for WebGL, which did not pass its check here.']);
  });

  it('only plain JavaScript passes: cpu; nothing passes: null', () => {
    expect(decideBackend(NO_GPU, {}, ['cpu'])).toEqual({ name: 'cpu', source: 'automatic', notes: [], offer: null });
    expect(decideBackend(NO_GPU, { remembered: 'wasm' }, [])).toBeNull();
  });

  it('picks the same backend when only the first passing candidate is known, as the caller checks lazily', () => {
    for (const facts of [NO_GPU, REAL_GPU, { webgpu: null, webgl: SWIFTSHADER }]) {
      for (const passed of [ALL, ['webgl', 'cpu'], ['wasm']] as BackendName[][]) {
        const full = decideBackend(facts, { remembered: 'webgl' }, passed)!;
        const first = candidateOrder(facts, { remembered: 'webgl' }).find((name) => passed.includes(name))!;
        expect(decideBackend(facts, { remembered: 'webgl' }, [first])).toEqual(full);
      }
    }
  });
});
