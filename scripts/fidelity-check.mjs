// The fast fidelity check: the first round of the PyTorch reference run (500 uniformly random labels
// of the full Fashion-MNIST, the reference ResNet-8 and recipe: protocol fmnist-reference) for 5
// seeds, and lossloop's test accuracy and ranking accuracy beside the reference's 5 seeds
// (docs/reference/fmnist-quick-pytorch.json). Minutes on WebAssembly, not hours; a measurement, not
// a test.
//
//   npm run fidelity [-- --trials 5 --backend wasm --out DIR]
//   npm run fidelity -- --unlabeled consistency [--unlabeled-ratio 1]
//
// With --unlabeled, both sides learn from the round's scored subset of unlabeled images too
// (lossloop's setting "Learn from unlabeled images"; scripts/torch_unlabeled.py), and the reference
// is docs/reference/fmnist-reference-consistency-pytorch.json, made by
// `python3 scripts/torch-learning-loss.py --seeds 1-5 --strategies random --rounds 1 --batches equal
// --conv-init he-normal --unlabeled consistency --unlabeled-ratio 1` (lossloop's batches and
// starting weights, so that only the unlabeled training differs).
//
// Passes when lossloop's mean is within 2 reference standard deviations or 1.5 points of the
// reference mean, whichever is larger (the goal docs/benchmarks.md sets for every round).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from './app-session.mjs';
import { allowedGap, loadReference, meanSd } from './experiment/reference.mjs';

const args = parseArgs(process.argv.slice(2));
const trials = args.trials ?? '5';
const backend = args.backend ?? 'wasm';
const unlabeled = args.unlabeled ?? 'off';
const ratio = args['unlabeled-ratio'] ?? '1';
const outDir = args.out ?? join('experiments', unlabeled === 'off' ? `fidelity-${backend}` : `fidelity-${unlabeled}-${backend}`);
const reference = unlabeled === 'off' ? loadReference() : loadReference(`docs/reference/fmnist-reference-${unlabeled}-pytorch.json`);
if (unlabeled !== 'off' && reference.recipe?.unlabeledRatio !== Number(ratio)) {
  throw new Error(`The reference learned from unlabeled images at mu = ${reference.recipe?.unlabeledRatio}; make one at ${ratio} first (see the top of this script).`);
}
const first = reference.strategies.random[0];

// The experiment runner resumes from outDir, so a cut-short check goes on where it stopped.
execFileSync('node', [
  'scripts/experiment.mjs', '--protocol', 'fmnist-reference', '--strategies', 'random', '--rounds', '1',
  '--trials', trials, '--backend', backend, '--out', outDir, ...(args.data ? ['--data', args.data] : []),
  ...(unlabeled === 'off' ? [] : ['--set', `unlabeledTraining=${unlabeled},unlabeledRatio=${ratio}`]),
], { stdio: 'inherit' });

const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'));
const rounds = results.strategies.random.trials.map((trial) => trial.rounds[0]);
const rows = [
  ['test accuracy (%)', rounds.map((r) => 100 * r.testAccuracy), first.testAccuracyPercent],
  ['ranking accuracy (%)', rounds.map((r) => 100 * r.rankingAccuracy), first.rankingAccuracyPercent],
];
console.log(`\nnpm run fidelity -- ${process.argv.slice(2).join(' ')} (${results.adapter}; ${rounds.length} seeds, ${first.labeled} labels):\n`);
console.log('| metric | lossloop per seed | lossloop mean (sd) | reference mean (sd) | difference | allowed | within |');
console.log('|---|---|---|---|---|---|---|');
let allWithin = true;
for (const [name, values, ref] of rows) {
  const ours = meanSd(values);
  const allowed = allowedGap(ref.sd);
  const within = Math.abs(ours.mean - ref.mean) <= allowed;
  allWithin &&= within;
  console.log(`| ${name} | ${values.map((v) => v.toFixed(1)).join(', ')} | ${ours.mean.toFixed(1)} (${ours.sd.toFixed(1)}) | ${ref.mean.toFixed(1)} (${ref.sd.toFixed(1)}) | ${(ours.mean - ref.mean).toFixed(1)} | ±${allowed.toFixed(1)} | ${within ? 'yes' : 'no'} |`);
}
console.log(allWithin ? '\nWithin the reference.' : '\nOutside the reference: see docs/benchmarks.md, "Fidelity".');
