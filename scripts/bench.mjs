// Speed of lossloop's default network per backend, in headless Chromium, side by side in one run:
//  - on the bench page (bench.html, a Web Worker as in real training): training step median and
//    samples per second at batch 64, scoring samples per second, readbacks per training epoch, and
//    the tensor count over three whole cycles;
//  - in the real app: main-thread long tasks and the page's peak JS heap during one cycle.
//
//   npm run bench -- --backend webgpu [--out DIR]
//   npm run bench -- --backends webgpu,webgl,wasm,cpu [--preset quick] [--batch 64] [--steps 5]
//       [--score 512] [--epoch-steps 8] [--cycles 3] [--cycle-preset test] [--out DIR]
//   npm run bench -- --backend wasm --network reference --threads 1,2 [--compare-torch] [--ceiling] [--out DIR]
//
// --network reference times the "reference ResNet-8" (src/lib/core/referenceNetwork.ts) instead of
// the preset's network. --threads runs the wasm backend once per thread count (default: automatic).
// --runtime node runs the same engine code in Node on Dawn's WebGPU (scripts/bench/nodeRuntime.mjs;
// fetched on demand): npm run bench -- --runtime node --backend webgpu
// --profile times one more training step kernel by kernel (tf.profile) and prints the top ten.
// --compare-torch also times PyTorch (scripts/torch-reference.py, Debian's python3-torch) on the
// same network, batch and thread counts, and prints lossloop's throughput as a share of PyTorch's.
// --ceiling also times the raw convolutions and matrix products of the reference network
// (src/lib/ml/ceiling.ts) on the backend and, with --compare-torch, in PyTorch at the same thread
// counts (scripts/torch-ceiling.py): how close the backend's own kernels come to PyTorch's.
//
// A backend may carry tfjs flags to compare variants in the same run, e.g.
//   --backends webgpu,webgpu+WEBGPU_CONV_SEPARATE_IM2COL_SHADER=false
//
// Writes DIR/bench.json (default bench-out/) and prints a Markdown table. The figures belong to
// the device they ran on: the table names each adapter.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from './app-session.mjs';
import { openBrowserRuntime } from './bench/browserRuntime.mjs';
import { openNodeRuntime } from './bench/nodeRuntime.mjs';
import { TORCH_INSTALL, findTorchPython, runTorch, runTorchCeiling } from './bench/torch.mjs';

const args = parseArgs(process.argv.slice(2));
const compareTorch = process.argv.includes('--compare-torch');
const ceiling = process.argv.includes('--ceiling');
const torchPython = compareTorch ? findTorchPython() : null;
if (compareTorch && !torchPython) {
  console.error(TORCH_INSTALL);
  process.exit(1);
}
const backends = (args.backends ?? args.backend ?? (compareTorch ? 'wasm' : 'webgpu,webgl,wasm,cpu')).split(',');
const threadCounts = (args.threads ?? '0').split(',').map(Number);
const query = new URLSearchParams({
  preset: args.preset ?? 'quick', batch: args.batch ?? '64', steps: args.steps ?? '5', score: args.score ?? '512',
  epochSteps: args['epoch-steps'] ?? '8', cycles: args.cycles ?? '3', network: args.network ?? '',
  profile: process.argv.includes('--profile') ? '1' : '0', ceiling: ceiling ? '1' : '0',
});
// One run per backend, and per thread count on wasm.
const runs = backends.flatMap((requested) => (requested.startsWith('wasm') ? threadCounts : [0]).map((threads) => ({ requested, threads })));
const cyclePreset = args['cycle-preset'] ?? 'test';
const outDir = args.out ?? 'bench-out';

const runtime = args.runtime === 'node' ? await openNodeRuntime() : await openBrowserRuntime(Number(args.port ?? 4180));
const results = [];
for (const { requested, threads } of runs) {
  const [backend, ...flags] = requested.split('+');
  const result = await runtime.measure(`backend=${backend}&threads=${threads}&flags=${flags.join(',')}&${query}`, backend);
  if (result.type === 'error') {
    console.log(`${requested}: ${result.message}`);
    results.push({ requested, error: result.message });
    continue;
  }
  // A fallback measures another backend: say so rather than file it under the one asked for.
  if (result.backend.name !== backend) console.log(`${requested}: ran on ${result.backend.name} instead`);
  const row = {
    requested,
    runtime: args.runtime === 'node' ? 'node' : 'browser',
    backend: result.backend.name,
    adapter: result.backend.description,
    threads: result.backend.threads ?? null,
    network: result.request.options.network,
    warnings: result.backend.warnings,
    userAgent: result.userAgent,
    ...result.result,
    // The app's own cycle runs on its automatic thread count: measured once per backend.
    appCycle: flags.length === 0 && threads === threadCounts[0] && !compareTorch ? await runtime.appCycle(backend, cyclePreset) : null,
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
await runtime.close();

// PyTorch on the same network, batch and thread counts, after the browser has closed.
const torch = compareTorch
  ? [...new Set(results.filter((r) => !r.error).map((r) => r.threads ?? 1))].map((threads) => {
    const network = results.find((r) => !r.error).network;
    const row = runTorch(torchPython, { network, threads, batch: Number(query.get('batch')), steps: 20, score: 2048 });
    const cases = results.find((r) => !r.error && r.ceiling)?.ceiling.map((t) => t.case);
    if (cases) row.ceiling = runTorchCeiling(torchPython, { threads, cases }).ceiling;
    console.log(JSON.stringify(row));
    return row;
  })
  : [];

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bench.json'), JSON.stringify({ query: Object.fromEntries(query), cyclePreset, results, torch }, null, 2));
console.log(`\nnode scripts/bench.mjs ${process.argv.slice(2).join(' ')} (wrote ${join(outDir, 'bench.json')}):\n`);
console.log('| backend | adapter | train step median (ms) | train samples/s | score samples/s | readbacks per epoch | long tasks in a cycle (ms) | tensors after 3 cycles | peak JS heap (MB) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  if (r.error) {
    console.log(`| ${r.requested} | ${r.error} | | | | | | | |`);
    continue;
  }
  const cycle = r.appCycle;
  console.log(`| ${r.requested === r.backend ? r.backend : `${r.requested} (ran on ${r.backend})`} | ${r.adapter} | ${r.medianStepMillis.toFixed(0)} | ${r.trainSamplesPerSecond.toFixed(1)} | ${r.scoreSamplesPerSecond.toFixed(1)} | ${r.readbacksPerEpoch} (${r.epochSteps} steps) | ${cycle ? `${cycle.longTaskMillis.toFixed(0)} (${cycle.longTaskCount} tasks)` : '–'} | ${r.tensorGrowthOverCycles >= 0 ? '+' : ''}${r.tensorGrowthOverCycles} | ${cycle ? cycle.peakJsHeapMB.toFixed(1) : '–'} |`);
}

for (const r of results.filter((r) => r.kernels)) {
  console.log(`\nTop ten kernels of one training step, ${r.adapter} (step ${r.profiledStepMillis.toFixed(0)} ms under tf.profile):\n`);
  console.log('| kernel | calls | ms | share of the kernels\' time |');
  console.log('|---|---|---|---|');
  const sum = r.kernels.reduce((total, k) => total + k.millis, 0);
  for (const k of r.kernels.slice(0, 10)) console.log(`| ${k.kernel} | ${k.calls} | ${k.millis.toFixed(1)} | ${((100 * k.millis) / sum).toFixed(0)}% |`);
}

if (torch.length > 0) {
  console.log('\n| threads | network | lossloop train samples/s | PyTorch train samples/s | train ratio | lossloop score samples/s | PyTorch score samples/s | score ratio |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const t of torch) {
    const ours = results.find((r) => !r.error && (r.threads ?? 1) === t.threads);
    const name = `${ours.network.stageWidths.join('/')} x${ours.network.blocksPerStage}`;
    console.log(`| ${t.threads} | ${name} | ${ours.trainSamplesPerSecond.toFixed(0)} | ${t.trainSamplesPerSecond.toFixed(0)} | ${(ours.trainSamplesPerSecond / t.trainSamplesPerSecond).toFixed(2)} | ${ours.scoreSamplesPerSecond.toFixed(0)} | ${t.scoreSamplesPerSecond.toFixed(0)} | ${(ours.scoreSamplesPerSecond / t.scoreSamplesPerSecond).toFixed(2)} |`);
  }
  console.log(`(${torch[0].runtime}; lossloop: ${results.find((r) => !r.error).adapter.replace(/, \d+ threads?/, '')} in headless Chromium)`);
}

for (const r of results.filter((r) => r.ceiling)) {
  const theirs = torch.find((t) => t.threads === (r.threads ?? 1))?.ceiling;
  console.log(`\nThe ceiling: raw kernels alone, ${r.adapter}${theirs ? ', beside PyTorch at the same thread count' : ''}:\n`);
  console.log('| case | lossloop ms | lossloop GFLOP/s | PyTorch ms | PyTorch GFLOP/s | lossloop speed / PyTorch\'s |');
  console.log('|---|---|---|---|---|---|');
  for (const t of r.ceiling) {
    const torchMillis = theirs?.find((c) => c.name === t.case.name)?.medianMillis;
    const torchGflops = torchMillis ? (t.gflops * t.medianMillis) / torchMillis : null;
    console.log(`| ${t.case.name} | ${t.medianMillis.toFixed(2)} | ${t.gflops.toFixed(1)} | ${torchMillis?.toFixed(2) ?? '–'} | ${torchGflops?.toFixed(1) ?? '–'} | ${torchMillis ? (torchMillis / t.medianMillis).toFixed(2) : '–'} |`);
  }
}
