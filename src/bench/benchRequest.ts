import { isBackendName } from '../lib/core/backendNames';
import { REFERENCE_NETWORK } from '../lib/core/referenceNetwork';
import { DEFAULT_PRESET, PRESETS, type PresetName } from '../lib/data/store/settings';
import type { BenchRequest } from '../lib/ml/benchRun';

/**
 * What to measure, from the benchmark's parameters: the bench page's address in the browser, the
 * same parameters from scripts/bench.mjs in Node (`--runtime node`).
 *
 *   backend=webgpu|webgl|wasm|cpu  preset=quick|paper  network=reference (instead of the preset's
 *   network)  threads=N (wasm; 0 automatic)  profile=1 (one step kernel by kernel)  ceiling=1 (the raw
 *   convolutions, src/lib/ml/ceiling.ts)  batch=64
 *   steps=5  score=512  epochSteps=8  cycles=3  flags=NAME[=false],... (tfjs flags)
 */
export function benchRequestFrom(params: URLSearchParams): BenchRequest {
  const backend = params.get('backend');
  const preset = (params.get('preset') ?? DEFAULT_PRESET) as PresetName;
  const settings = (PRESETS[preset] ?? PRESETS[DEFAULT_PRESET]).settings;
  const flags = Object.fromEntries((params.get('flags') ?? '').split(',').filter(Boolean).map((flag) => {
    const [name, value] = flag.split('=');
    return [name, value !== 'false'];
  }));
  const presetNetwork = {
    inputShape: [28, 28, 1] as [number, number, number], numClasses: 10,
    stageWidths: settings.stageWidths, blocksPerStage: settings.blocksPerStage, headUnits: settings.headUnits,
  };
  return {
    backend: isBackendName(backend) ? backend : undefined,
    wasmThreads: Number(params.get('threads') ?? 0),
    flags,
    options: {
      network: params.get('network') === 'reference' ? REFERENCE_NETWORK : presetNetwork,
      batchSize: Number(params.get('batch') ?? 64),
      warmupSteps: 2,
      timedSteps: Number(params.get('steps') ?? 5),
      scoreImages: Number(params.get('score') ?? 512),
      epochSteps: Number(params.get('epochSteps') ?? 8),
      leakCycles: Number(params.get('cycles') ?? 3),
      profile: params.get('profile') === '1',
      ceiling: params.get('ceiling') === '1',
    },
  };
}
