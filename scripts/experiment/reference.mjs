// lossloop's curves beside the PyTorch reference run (docs/reference/fmnist-quick-pytorch.json,
// copied from the reference run's output): per strategy and label count, and the paired
// learning loss - random difference per seed. The goal both the fidelity check and the full curve
// are held to: lossloop's mean within 2 reference standard deviations, or 1.5 points, whichever
// is larger, of the reference mean.

import { readFileSync } from 'node:fs';

export const REFERENCE_PATH = 'docs/reference/fmnist-quick-pytorch.json';

export function loadReference(path = REFERENCE_PATH) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** How far from the reference mean a mean may lie, in points. */
export function allowedGap(referenceSd) {
  return Math.max(2 * referenceSd, 1.5);
}

/** Mean and sample standard deviation (0 for one value). */
export function meanSd(values) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}

/** "sd, n=3" for a spread over trials; "n=1" alone, since one trial has no spread to give. */
export function spreadText(sd, n) {
  return n > 1 ? `${sd.toFixed(1)}, n=${n}` : `n=${n}`;
}

/** Test accuracies in points of `strategy` at round `index`, by seed. */
export function accuraciesBySeed(results, strategy, index) {
  const bySeed = new Map();
  for (const trial of results.strategies[strategy]?.trials ?? []) {
    const round = trial.rounds[index];
    if (round && Number.isFinite(round.testAccuracy)) bySeed.set(trial.seed, 100 * round.testAccuracy);
  }
  return bySeed;
}

/**
 * Markdown rows: every strategy both runs have, every label count of the reference that lossloop
 * reached: lossloop's mean (sd, trials), the reference's, the difference, the allowed gap and
 * whether it is within. Null when no strategy is shared.
 */
export function besideReferenceTable(results, reference) {
  const rows = [];
  for (const [strategy, points] of Object.entries(reference.strategies)) {
    points.forEach((point, index) => {
      const ours = [...accuraciesBySeed(results, strategy, index).values()];
      if (ours.length === 0) return;
      const { mean, sd } = meanSd(ours);
      const ref = point.testAccuracyPercent;
      const allowed = allowedGap(ref.sd);
      const within = Math.abs(mean - ref.mean) <= allowed;
      rows.push(`| ${strategy} | ${point.labeled} | ${mean.toFixed(1)} (${spreadText(sd, ours.length)}) | ${ref.mean.toFixed(1)} (${ref.sd.toFixed(1)}) | ${(mean - ref.mean).toFixed(1)} | ±${allowed.toFixed(1)} | ${within ? 'yes' : '**no**'} |`);
    });
  }
  if (rows.length === 0) return null;
  return ['| strategy | labels | lossloop mean (sd, trials) | reference mean (sd) | difference | allowed | within |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** `a` minus `b` in points at round `index`, for every seed both ran, in seed order. */
export function pairedBySeed(results, a, b, index) {
  const first = accuraciesBySeed(results, a, index);
  const second = accuraciesBySeed(results, b, index);
  const seeds = [...first.keys()].filter((seed) => second.has(seed)).sort((x, y) => x - y);
  return { seeds, differences: seeds.map((seed) => first.get(seed) - second.get(seed)) };
}

/**
 * Markdown rows: per label count, `a` minus `b` in points for every seed both have, and the mean
 * (sd) of those paired differences. Null when the two share no seed.
 */
export function pairedDifferenceTable(results, a, b) {
  const rounds = Math.max(0, ...(results.strategies[a]?.trials ?? []).map((t) => t.rounds.length));
  const rows = [];
  for (let index = 0; index < rounds; index++) {
    const { seeds, differences } = pairedBySeed(results, a, b, index);
    if (seeds.length === 0) continue;
    const { mean, sd } = meanSd(differences);
    const labeled = results.strategies[a].trials.find((t) => t.rounds[index])?.rounds[index].labeled;
    const perSeed = seeds.map((seed, i) => `${differences[i] >= 0 ? '+' : ''}${differences[i].toFixed(1)} (seed ${seed})`).join(', ');
    rows.push(`| ${labeled} | ${perSeed} | ${mean >= 0 ? '+' : ''}${mean.toFixed(1)} (${spreadText(sd, seeds.length)}) |`);
  }
  if (rows.length === 0) return null;
  return [`| labels | ${a} - ${b}, points, per seed | mean (sd, seeds) |`, '|---|---|---|', ...rows].join('\n');
}
