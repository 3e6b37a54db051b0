// Why do predicted-loss queries hold images the model already gets right? Trains the Quick
// recipe's network on random labels of the demo set in Node (WebAssembly, one thread: the engine
// of src/lib/ml loaded through Vite's module runner), scores 1,000 unlabeled images, and prints per
// variant of the loss head's training: the test set's ranking accuracy, and what the top 100 by
// predicted loss hold beside the top 100 by entropy and 100 random ones (the share already guessed
// right at 90% or more, their mean real loss, the share of their three commonest classes).
//
//   node scripts/diagnose-query.mjs [--labels 300] [--seeds 1,2] [--variants hard,soft,...]
//
// A diagnosis, not the app's loop: one fresh training per variant, no cycle before it.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { runnerImport } from 'vite';
import { parseArgs } from './app-session.mjs';

const args = parseArgs(process.argv.slice(2));
const labelCount = Number(args.labels ?? 300);
const seeds = String(args.seeds ?? '1,2').split(',').map(Number);

/** Each variant changes the Quick recipe in one way. */
const VARIANTS = {
  hard: {},
  soft: { objective: 'soft-ranking' },
  'detach-never': { detachFraction: 1 },
  'detach-always': { detachFraction: 0 },
  'soft-detach-always': { objective: 'soft-ranking', detachFraction: 0 },
  'head-128': { headUnits: 128 },
};
const variants = String(args.variants ?? Object.keys(VARIANTS).join(',')).split(',');

const load = async (path) => (await runnerImport(resolve(path), { configFile: false, logLevel: 'warn' })).module;
const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-wasm');
const [{ runCycle }, { createRng, sampleWithoutReplacement }, { parseIdx }, { registerWasmKernels }] = await Promise.all([
  load('src/lib/ml/cycle.ts'), load('src/lib/core/random.ts'), load('src/lib/data/formats/idx.ts'), load('src/lib/ml/wasm/registerWasmKernels.ts'),
]);
// One thread, the plain SIMD build, and lossloop's own kernels (the convolution gradients wasm lacks), as the app's worker has them.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
registerWasmKernels();
await tf.setBackend('wasm');

const idx = (name) => parseIdx(gunzipSync(readFileSync(`public/demo/${name}.idx.gz`)));
const pool = { images: idx('pool-images').data, labels: idx('pool-labels').data };
const test = { images: idx('test-images').data, labels: idx('test-labels').data };
const SIZE = 28 * 28;
const shape = { height: 28, width: 28, channels: 1 };
const normalization = { mean: 0.286, std: 0.353 };
const pick = (source, ids) => {
  const pixels = new Uint8Array(ids.length * SIZE);
  ids.forEach((id, i) => pixels.set(source.images.subarray(id * SIZE, (id + 1) * SIZE), i * SIZE));
  return { pixels, labels: ids.map((id) => source.labels[id]), count: ids.length, shape, normalization };
};

const quick = {
  epochs: 10, minSteps: 300, batchSize: 32, learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4, lambda: 1, margin: 1,
  lrDropFraction: 0.8, detachFraction: 0.6, augmentation: { cropPadding: 2, horizontalFlip: true }, unlabeled: null,
  inferenceBatchSize: 64, objective: 'ranking',
};

function softmaxRow(logits, row, classes) {
  const values = Array.from(logits.subarray(row * classes, (row + 1) * classes));
  const max = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** What a set of 100 candidate rows holds. */
function describe(rows, probabilities, truth) {
  let right = 0;
  let loss = 0;
  const byClass = new Map();
  for (const row of rows) {
    const p = probabilities[row];
    const guess = p.indexOf(Math.max(...p));
    if (guess === truth[row] && p[guess] >= 0.9) right++;
    loss += -Math.log(Math.max(1e-12, p[truth[row]]));
    byClass.set(truth[row], (byClass.get(truth[row]) ?? 0) + 1);
  }
  const top3 = [...byClass.values()].sort((a, b) => b - a).slice(0, 3).reduce((a, b) => a + b, 0);
  return { alreadyRight: right / rows.length, meanLoss: loss / rows.length, topThreeClasses: top3 / rows.length };
}

const topBy = (scores, k) => scores.map((s, i) => [s, i]).sort((a, b) => b[0] - a[0]).slice(0, k).map(([, i]) => i);
const pct = (x) => (100 * x).toFixed(1);

console.log(`| variant | seed | test accuracy % | ranking accuracy % | top 100 by predicted loss: already right % / mean loss / 3 commonest classes % | top 100 by entropy | 100 random |`);
console.log('|---|---|---|---|---|---|---|');
for (const seed of seeds) {
  const rng = createRng(seed);
  const ids = sampleWithoutReplacement(Array.from({ length: pool.labels.length }, (_, i) => i), labelCount + 1000, rng);
  const labeled = pick(pool, ids.slice(0, labelCount));
  const candidates = pick(pool, ids.slice(labelCount));
  const testSet = pick(test, Array.from({ length: test.labels.length }, (_, i) => i));
  for (const name of variants) {
    const { headUnits = 64, ...change } = VARIANTS[name];
    const network = { inputShape: [28, 28, 1], numClasses: 10, stageWidths: [8, 16, 32], blocksPerStage: 1, headUnits };
    const output = await runCycle({ network, train: labeled, test: testSet, candidates }, { ...quick, ...change, seed });
    const classes = output.candidates.numClasses;
    const probabilities = Array.from({ length: candidates.count }, (_, row) => softmaxRow(output.candidates.logits, row, classes));
    const entropy = probabilities.map((p) => -p.reduce((a, q) => a + (q > 0 ? q * Math.log(q) : 0), 0));
    const random = sampleWithoutReplacement(Array.from({ length: candidates.count }, (_, i) => i), 100, createRng(seed + 99));
    const cells = [topBy(Array.from(output.candidates.predictedLoss), 100), topBy(entropy, 100), random]
      .map((rows) => describe(rows, probabilities, candidates.labels))
      .map((d) => `${pct(d.alreadyRight)} / ${d.meanLoss.toFixed(2)} / ${pct(d.topThreeClasses)}`);
    console.log(`| ${name} | ${seed} | ${pct(output.test.accuracy)} | ${pct(output.test.rankingAccuracy)} | ${cells.join(' | ')} |`);
  }
}
