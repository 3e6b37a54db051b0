import { describe, expect, it } from 'vitest';
import { automaticWasmThreads, chooseWasmThreads } from '../../src/lib/core/wasmThreads';

describe('the WebAssembly thread count', () => {
  it('is half the cores, 1 to 4, when left automatic', () => {
    expect([1, 2, 3, 4, 6, 8, 16].map(automaticWasmThreads)).toEqual([1, 1, 1, 2, 3, 4, 4]);
    // A browser that does not say how many cores it has gets one thread.
    expect(automaticWasmThreads(0)).toBe(1);
    expect(automaticWasmThreads(Number.NaN)).toBe(1);
  });

  it('follows the setting, up to the 8 workers tfjs starts', () => {
    expect(chooseWasmThreads({ requested: 6, hardwareConcurrency: 2, crossOriginIsolated: true })).toEqual({ threads: 6, note: null });
    expect(chooseWasmThreads({ requested: 1, hardwareConcurrency: 16, crossOriginIsolated: true })).toEqual({ threads: 1, note: null });
    expect(chooseWasmThreads({ requested: 0, hardwareConcurrency: 16, crossOriginIsolated: true })).toEqual({ threads: 4, note: null });
    expect(chooseWasmThreads({ hardwareConcurrency: 2, crossOriginIsolated: true })).toEqual({ threads: 1, note: null });
    expect(chooseWasmThreads({ requested: 12, hardwareConcurrency: 16, crossOriginIsolated: true })).toEqual({ threads: 8, note: 'WebAssembly uses at most 8 threads.' });
  });

  it('falls back to one thread, saying why, where the page is not cross-origin isolated', () => {
    const choice = chooseWasmThreads({ requested: 4, hardwareConcurrency: 8, crossOriginIsolated: false });
    expect(choice.threads).toBe(1);
    expect(choice.note).toMatch(/one thread: this page is not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin/);
    // One thread was all that was asked: nothing to explain.
    expect(chooseWasmThreads({ requested: 1, hardwareConcurrency: 8, crossOriginIsolated: false })).toEqual({ threads: 1, note: null });
    expect(chooseWasmThreads({ hardwareConcurrency: 2, crossOriginIsolated: false })).toEqual({ threads: 1, note: null });
  });
});
