// Every strategy against random, and the goal a strategy beyond the paper is held to: at or above
// the best of learning loss, entropy and random at every round, and ahead of random by more than
// the trial spread from 1,000 labels on (docs/benchmarks.md, "The whole curve on the reference
// network").

import { accuraciesBySeed, meanSd, pairedBySeed, spreadText } from './reference.mjs';

const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

/** The label count of each round of the run, from the first trial that reached it. */
function labelsByRound(results) {
  const labels = [];
  for (const { trials } of Object.values(results.strategies)) {
    for (const trial of trials) trial.rounds.forEach((round, i) => { labels[i] ??= round.labeled; });
  }
  return labels;
}

/** Mean (sd) of `a` minus `b` over the seeds both have at round `index`; null when they share none. */
export function pairedDifference(results, a, b, index) {
  const { differences } = pairedBySeed(results, a, b, index);
  return differences.length === 0 ? null : { ...meanSd(differences), n: differences.length };
}

/**
 * Markdown: one row per round, one column per strategy other than random: its test accuracy
 * minus random's in points, mean (sd, seeds) over the seeds both ran. Null without random or a rival.
 */
export function versusRandomTable(results) {
  const rivals = Object.keys(results.strategies).filter((s) => s !== 'random');
  if (!results.strategies.random || rivals.length === 0) return null;
  const rows = labelsByRound(results).map((labeled, index) => {
    const cells = rivals.map((s) => {
      const d = pairedDifference(results, s, 'random', index);
      return d === null ? '' : `${signed(d.mean)} (${spreadText(d.sd, d.n)})`;
    });
    return `| ${labeled} | ${cells.join(' | ')} |`;
  });
  return [`| labels | ${rivals.join(' | ')} |`, `|---|${rivals.map(() => '---').join('|')}|`, ...rows].join('\n');
}

/** The strategies of the paper's comparison that a strategy beyond it must match. */
export const PAPER_STRATEGIES = ['learning-loss', 'entropy', 'random'];

/**
 * Markdown: per round, `candidate`'s mean beside the best of the paper's strategies, and its lead
 * over random beside the trial spread (the larger of the two strategies' sd over trials), with
 * both verdicts. The lead counts from `from` labels on. Null until candidate and random both ran.
 */
export function beyondPaperTable(results, candidate, from = 1000) {
  if (!results.strategies[candidate] || !results.strategies.random) return null;
  const rows = labelsByRound(results).map((labeled, index) => {
    const stats = (s) => {
      const values = [...accuraciesBySeed(results, s, index).values()];
      return values.length === 0 ? null : { ...meanSd(values), n: values.length };
    };
    const own = stats(candidate);
    if (own === null) return null;
    const best = PAPER_STRATEGIES.map((s) => ({ s, m: stats(s) })).filter((x) => x.m !== null).sort((a, b) => b.m.mean - a.m.mean)[0];
    const random = stats('random');
    const lead = own.mean - random.mean;
    // One trial of either has no spread: the lead cannot be judged yet.
    const judged = own.n > 1 && random.n > 1;
    const spread = Math.max(own.sd, random.sd);
    const leadVerdict = labeled < from ? '' : !judged ? 'needs 2+ trials' : lead > spread ? 'yes' : '**no**';
    return `| ${labeled} | ${own.mean.toFixed(1)} (n=${own.n}) | ${best.m.mean.toFixed(1)} (${best.s}) | ${own.mean >= best.m.mean ? 'yes' : '**no**'} | ${signed(lead)} | ${judged ? spread.toFixed(1) : '–'} | ${leadVerdict} |`;
  }).filter(Boolean);
  return [
    `| labels | ${candidate} mean | best of the paper's three | at or above | lead over random | spread | lead > spread |`,
    '|---|---|---|---|---|---|---|', ...rows,
  ].join('\n');
}
