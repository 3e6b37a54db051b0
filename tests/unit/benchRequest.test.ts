import { describe, expect, it } from 'vitest';
import { benchRequestFrom } from '../../src/bench/benchRequest';
import { REFERENCE_NETWORK } from '../../src/lib/core/referenceNetwork';

describe('the benchmark parameters', () => {
  it('default to the Quick preset network on the automatic backend and thread count', () => {
    expect(benchRequestFrom(new URLSearchParams(''))).toEqual({
      backend: undefined, wasmThreads: 0, flags: {},
      options: {
        network: { inputShape: [28, 28, 1], numClasses: 10, stageWidths: [8, 16, 32], blocksPerStage: 1, headUnits: 64 },
        batchSize: 64, warmupSteps: 2, timedSteps: 5, scoreImages: 512, epochSteps: 8, leakCycles: 3, profile: false, ceiling: false,
      },
    });
  });

  it('take the backend, threads, network, sizes, profile, ceiling and tfjs flags from the address', () => {
    const request = benchRequestFrom(new URLSearchParams(
      'backend=wasm&threads=2&network=reference&batch=32&steps=10&score=1024&epochSteps=4&cycles=1&profile=1&ceiling=1&flags=A,B=false',
    ));
    expect(request).toEqual({
      backend: 'wasm', wasmThreads: 2, flags: { A: true, B: false },
      options: { network: REFERENCE_NETWORK, batchSize: 32, warmupSteps: 2, timedSteps: 10, scoreImages: 1024, epochSteps: 4, leakCycles: 1, profile: true, ceiling: true },
    });
    expect(REFERENCE_NETWORK).toEqual({ inputShape: [28, 28, 1], numClasses: 10, stageWidths: [16, 32, 64], blocksPerStage: 1, headUnits: 64 });
  });

  it('use the Paper preset network when asked, and ignore a backend it does not know', () => {
    const request = benchRequestFrom(new URLSearchParams('preset=paper&backend=cuda'));
    expect(request.backend).toBeUndefined();
    expect(request.options.network).toMatchObject({ stageWidths: [16, 32, 64], blocksPerStage: 2, headUnits: 128 });
  });
});
