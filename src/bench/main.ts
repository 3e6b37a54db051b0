import { isBackendName } from '../lib/core/backendNames';
import { REFERENCE_NETWORK } from '../lib/core/referenceNetwork';
import { DEFAULT_PRESET, PRESETS, type PresetName } from '../lib/data/store/settings';
import type { BenchRequest } from '../lib/worker/bench.worker';

/**
 * The benchmark page (bench.html): ?backend=webgpu|webgl|wasm|cpu&preset=quick|paper
 * &network=reference (instead of the preset's network)&threads=N (wasm; 0 automatic)&profile=1
 * (one step kernel by kernel)&batch=64
 * &steps=5&score=512&epochSteps=8&cycles=3&flags=NAME[=false],... (tfjs flags). Shows the figures and leaves them in window.benchResult for scripts/bench.mjs.
 */

const params = new URLSearchParams(location.search);
const backend = params.get('backend');
const preset = (params.get('preset') ?? DEFAULT_PRESET) as PresetName;
const settings = (PRESETS[preset] ?? PRESETS[DEFAULT_PRESET]).settings;
const flags = Object.fromEntries((params.get('flags') ?? '').split(',').filter(Boolean).map((flag) => {
  const [name, value] = flag.split('=');
  return [name, value !== 'false'];
}));
const presetNetwork = { inputShape: [28, 28, 1] as [number, number, number], numClasses: 10, stageWidths: settings.stageWidths, blocksPerStage: settings.blocksPerStage, headUnits: settings.headUnits };
const request: BenchRequest = {
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
  },
};

const output = document.getElementById('output')!;
const worker = new Worker(new URL('../lib/worker/bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' });
worker.onmessage = (event: MessageEvent) => {
  const message = event.data;
  if (message.type === 'step') output.textContent = `training step ${message.done} of ${message.total}…`;
  else {
    const result = { request, ...message };
    (window as unknown as { benchResult: unknown }).benchResult = result;
    output.textContent = JSON.stringify(result, null, 2);
  }
};
worker.postMessage(request);
