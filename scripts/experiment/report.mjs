// Turns the races of an experiment into its reports: results.json (the shape issue readers and
// scripts rely on), results.csv, summary.md and the accuracy chart (an SVG drawn here, rendered
// to PNG by the browser that ran the experiment).

import { besideReferenceTable, pairedDifferenceTable } from './reference.mjs';
import { beyondPaperTable, versusRandomTable } from './versus.mjs';

/**
 * @typedef {{ labeled: number, testAccuracy: number, rankingAccuracy: number | null, rankingLoss: number, trainSeconds: number, scoreSeconds: number, cycleSeconds: number | null, queryAlreadyRight?: number | null, picked?: Record<string, number> }} Round
 * @typedef {{ strategies: Record<string, { trials: { seed: number, rounds: Round[] }[] }> }} Results
 * @typedef {{ labeled: number, mean: number, min: number, max: number, std: number, n: number }} SummaryPoint
 */

const FIELDS = ['labeled', 'testAccuracy', 'rankingAccuracy', 'rankingLoss', 'trainSeconds', 'scoreSeconds', 'cycleSeconds', 'queryAlreadyRight'];
/** The race CSV's column of each field; the last two are absent from races made before they existed. */
const COLUMNS = ['labeled', 'test_accuracy', 'ranking_accuracy', 'ranking_loss', 'train_seconds', 'score_seconds', 'cycle_seconds', 'query_already_right'];
const OPTIONAL_COLUMNS = ['cycle_seconds', 'query_already_right'];

/** The race CSV's columns of each round's picks by class: `picked_<class>`. */
const PICKED_PREFIX = 'picked_';

/**
 * The rounds of each strategy from the app's race CSV, read by column name (columns it does not
 * know are left alone). A round whose query picked images carries `picked`: class -> count.
 * @param {string} csv
 * @returns {Record<string, Round[]>}
 */
export function parseRaceCsv(csv) {
  const [header, ...lines] = csv.trim().split('\n');
  const names = header.split(',');
  const missing = ['strategy', ...COLUMNS].filter((c) => !names.includes(c) && !OPTIONAL_COLUMNS.includes(c));
  if (missing.length) throw new Error(`The race CSV lacks the columns ${missing.join(', ')}: ${header}`);
  /** @type {Record<string, Round[]>} */
  const rounds = {};
  for (const line of lines) {
    const cells = line.split(',');
    const value = (column) => {
      const cell = cells[names.indexOf(column)];
      return cell === undefined || cell === '' ? null : Number(cell);
    };
    const round = Object.fromEntries(FIELDS.map((f, i) => [f, value(COLUMNS[i])]));
    const picked = names.filter((c) => c.startsWith(PICKED_PREFIX) && value(c) !== null).map((c) => [c.slice(PICKED_PREFIX.length), value(c)]);
    if (picked.length > 0) round.picked = Object.fromEntries(picked);
    (rounds[cells[names.indexOf('strategy')]] ??= []).push(round);
  }
  return rounds;
}

/**
 * Adds one trial (its seed and the race's rounds per strategy) to the results.
 * @param {Results} results
 * @param {number} seed
 * @param {Record<string, Round[]>} roundsByStrategy
 */
export function addTrial(results, seed, roundsByStrategy) {
  for (const [strategy, rounds] of Object.entries(roundsByStrategy)) {
    const trials = (results.strategies[strategy] ??= { trials: [] }).trials;
    // A trial run again (an interrupted one, on resume) replaces what it left.
    const earlier = trials.findIndex((trial) => trial.seed === seed);
    if (earlier >= 0) trials[earlier] = { seed, rounds };
    else trials.push({ seed, rounds });
    // Lanes run side by side end in any order; the file lists trials by seed.
    trials.sort((a, b) => a.seed - b.seed);
  }
}

/**
 * Mean and spread (min, max, standard deviation) of test accuracy per strategy and label count.
 * @param {Results} results
 * @returns {Record<string, SummaryPoint[]>}
 */
export function accuracySummary(results) {
  /** @type {Record<string, SummaryPoint[]>} */
  const summary = {};
  for (const [strategy, { trials }] of Object.entries(results.strategies)) {
    const byLabels = new Map();
    for (const trial of trials) for (const r of trial.rounds) byLabels.set(r.labeled, [...(byLabels.get(r.labeled) ?? []), r.testAccuracy]);
    summary[strategy] = [...byLabels].sort((a, b) => a[0] - b[0]).map(([labeled, values]) => {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, values.length - 1));
      return { labeled, mean, min: Math.min(...values), max: Math.max(...values), std: values.length > 1 ? std : 0, n: values.length };
    });
  }
  return summary;
}

/** @param {Results} results */
export function resultsCsv(results) {
  const rows = [`strategy,seed,round,${COLUMNS.join(',')}`];
  for (const [strategy, { trials }] of Object.entries(results.strategies)) {
    for (const trial of trials) {
      trial.rounds.forEach((r, i) => rows.push([strategy, trial.seed, i + 1, ...FIELDS.map((f) => r[f] ?? '')].join(',')));
    }
  }
  return rows.join('\n') + '\n';
}

const pct = (x) => `${(x * 100).toFixed(1)}`;

/** Student's t at 97.5% for 1-10 degrees of freedom: a 95% interval of a mean over few trials. */
const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/**
 * Mean, 95% interval of the mean (Student's t over trials) and standard deviation of one field of
 * every trial's round; null when no trial has it.
 * @param {number[]} values
 */
export function meanInterval(values) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  const n = finite.length;
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(finite.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const half = n > 1 ? (T_975[Math.min(n - 1, T_975.length) - 1]) * sd / Math.sqrt(n) : 0;
  return { mean, sd, low: mean - half, high: mean + half, n };
}

/**
 * Per strategy and round: test accuracy with its interval, the loss head's ranking accuracy, and
 * the seconds a whole cycle took (mean over trials), as Markdown rows.
 */
export function roundsTable(results) {
  const rows = ['| strategy | labels | test accuracy % (95% interval over trials) | ranking accuracy % | query already right % | cycle s |', '|---|---|---|---|---|---|'];
  for (const [strategy, { trials }] of Object.entries(results.strategies)) {
    const roundCount = Math.max(...trials.map((t) => t.rounds.length));
    for (let i = 0; i < roundCount; i++) {
      const field = (f) => meanInterval(trials.map((t) => t.rounds[i]?.[f] ?? NaN));
      const accuracy = field('testAccuracy');
      const ranking = field('rankingAccuracy');
      const seconds = field('cycleSeconds');
      const knew = field('queryAlreadyRight');
      const labeled = trials.find((t) => t.rounds[i])?.rounds[i].labeled;
      // An accuracy lies in [0, 1] whatever the t interval says.
      const accuracyText = accuracy.n > 1 ? `${pct(accuracy.mean)} (${pct(Math.max(0, accuracy.low))}-${pct(Math.min(1, accuracy.high))})` : pct(accuracy.mean);
      rows.push(`| ${strategy} | ${labeled} | ${accuracyText} | ${ranking ? pct(ranking.mean) : ''} | ${knew ? pct(knew.mean) : ''} | ${seconds ? seconds.mean.toFixed(1) : ''} |`);
    }
  }
  return rows.join('\n');
}

/**
 * The name to show for a class of the race CSV: IDX files carry no names, so their import calls
 * the classes `class_0`, `class_1`, ...; a protocol that knows its data's names gives them here.
 */
function className(name, classNames) {
  const index = /^class_(\d+)$/.exec(name)?.[1];
  return index !== undefined && classNames?.[Number(index)] ? classNames[Number(index)] : name;
}

/** Picks by class over some rounds: class -> count, and their total. */
function countPicks(rounds) {
  /** @type {Record<string, number>} */
  const byClass = {};
  for (const round of rounds) for (const [name, n] of Object.entries(round.picked ?? {})) byClass[name] = (byClass[name] ?? 0) + n;
  return { byClass, total: Object.values(byClass).reduce((a, b) => a + b, 0) };
}

/**
 * A Markdown table of picks by class with each class's share: `heads` name the columns that say
 * which picks a row counts, each row gives those cells and its counts. Rows without picks are
 * left out; null when none is left.
 * @param {string[]} heads
 * @param {{ cells: string[], byClass: Record<string, number>, total: number }[]} rows
 * @param {string[]} [classNames]
 */
function picksMarkdown(heads, rows, classNames) {
  const kept = rows.filter((row) => row.total > 0);
  if (kept.length === 0) return null;
  const classes = [...new Set(kept.flatMap((row) => Object.keys(row.byClass)))];
  const share = (n, total) => `${n} (${Math.round((100 * n) / total)}%)`;
  return [
    `| ${[...heads, ...classes.map((c) => className(c, classNames)), 'picked'].join(' | ')} |`,
    `|${[...heads, ...classes, 'picked'].map(() => '---').join('|')}|`,
    ...kept.map(({ cells, byClass, total }) => `| ${[...cells, ...classes.map((c) => share(byClass[c] ?? 0, total)), total].join(' | ')} |`),
  ].join('\n');
}

/**
 * Each strategy's picks by class, summed over rounds and trials, with each class's share: a
 * Markdown table, or null when the races carry no picks.
 * @param {Results} results
 * @param {string[]} [classNames]
 */
export function picksTable(results, classNames) {
  const rows = Object.entries(results.strategies).map(([strategy, { trials }]) => ({ cells: [strategy], ...countPicks(trials.flatMap((t) => t.rounds)) }));
  return picksMarkdown(['strategy'], rows, classNames);
}

/**
 * The same per strategy and round (summed over trials): what each query asked for as the model
 * grew. Round r's picks are the images its query chose, labeled for round r + 1.
 * @param {Results} results
 * @param {string[]} [classNames]
 */
export function picksPerRoundTable(results, classNames) {
  const rows = Object.entries(results.strategies).flatMap(([strategy, { trials }]) =>
    Array.from({ length: Math.max(0, ...trials.map((t) => t.rounds.length)) }, (_, i) => ({
      cells: [strategy, String(i + 1)], ...countPicks(trials.map((t) => t.rounds[i]).filter(Boolean)),
    })));
  return picksMarkdown(['strategy', 'query after round'], rows, classNames);
}

/** Seconds of every cycle of every lane, the work a run holds whatever sittings it took. */
export function cycleSecondsInAll(results) {
  return Object.values(results.strategies).flatMap(({ trials }) => trials.flatMap((t) => t.rounds)).reduce((sum, r) => sum + (r.cycleSeconds ?? 0), 0);
}

/**
 * The run's summary.md. `minutes` is this sitting's time, or null when the reports are written
 * again from results.json alone. With `reference` (the PyTorch reference run's JSON), lossloop's means go
 * beside it; with learning loss and random both raced, their paired difference per seed follows.
 */
export function summaryMarkdown(results, command, minutes, reference = null, { classNames, beyondPaper = 'loss-diverse' } = {}) {
  const summary = accuracySummary(results);
  const strategies = Object.keys(summary);
  const labels = [...new Set(strategies.flatMap((s) => summary[s].map((p) => p.labeled)))].sort((a, b) => a - b);
  const cell = (s, l) => {
    const p = summary[s].find((q) => q.labeled === l);
    if (!p) return '';
    return p.n > 1 ? `${pct(p.mean)} ± ${pct(p.std)} (n=${p.n})` : pct(p.mean);
  };
  const trials = Math.max(...strategies.map((s) => results.strategies[s].trials.length));
  const lines = [
    `# ${results.protocol} on ${results.backend}`,
    '',
    `Device: ${results.adapter}. Trials: ${trials} (seeds ${results.strategies[strategies[0]].trials.map((t) => t.seed).join(', ')}).`
      + ` ${minutes === null ? '' : `This sitting: ${minutes.toFixed(1)} min. `}Every cycle together: ${(cycleSecondsInAll(results) / 3600).toFixed(1)} h (the sum of their seconds; lanes run side by side overlap).`,
    '',
    `Command: \`${command}\``,
    '',
    'Test accuracy (%) against the number of labels' + (trials > 1 ? ' (mean ± standard deviation over trials):' : ':'),
    '',
    `| labels | ${strategies.join(' | ')} |`,
    `|---|${strategies.map(() => '---').join('|')}|`,
    ...labels.map((l) => `| ${l} | ${strategies.map((s) => cell(s, l)).join(' | ')} |`),
    '',
    'Ranking accuracy of the loss head on the test set (%, learning-loss strategies; mean over trials):',
    '',
    ...strategies.filter((s) => s.startsWith('learning-loss')).map((s) => {
      const rounds = results.strategies[s].trials[0].rounds.map((_, i) => results.strategies[s].trials.map((t) => t.rounds[i]?.rankingAccuracy).filter(Number.isFinite));
      return `- ${s}: ${rounds.map((v) => pct(v.reduce((a, b) => a + b, 0) / v.length)).join(' / ')}`;
    }),
    '',
    'Every round:',
    '',
    roundsTable(results),
    '',
    ...(pairedDifferenceTable(results, 'learning-loss', 'random')
      ? ['Learning loss minus random, paired by seed (same initial set and seed):', '', pairedDifferenceTable(results, 'learning-loss', 'random'), ''] : []),
    ...(reference && besideReferenceTable(results, reference)
      ? ['Beside the PyTorch reference run (test accuracy %, reference over its 5 seeds; within = at most 2 reference sd or 1.5 points away):', '', besideReferenceTable(results, reference), ''] : []),
    ...(versusRandomTable(results) && Object.keys(results.strategies).length > 2
      ? ['Every strategy minus random, paired by seed (test accuracy, points: mean (sd) over seeds):', '', versusRandomTable(results), ''] : []),
    ...(beyondPaperTable(results, beyondPaper)
      ? [`${beyondPaper} against its goal: at or above the best of learning loss, entropy and random at every round, and ahead of random by more than the trial spread (the larger sd over trials of the two) from 1,000 labels on:`, '', beyondPaperTable(results, beyondPaper), ''] : []),
    ...(picksTable(results, classNames) ? [
      'Images each strategy asked for, by true class (summed over rounds and trials; share of its picks):', '', picksTable(results, classNames), '',
      'The same per query (summed over trials):', '', picksPerRoundTable(results, classNames), '',
    ] : []),
    `Settings: ${JSON.stringify(results.settings)}`,
    '',
  ];
  return lines.join('\n');
}

// Okabe and Ito's palette, told apart also with colour blindness (grey in place of its yellow,
// faint on white): eight, one per strategy of the full race.
const COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#999999', '#000000'];

/** An SVG line chart of mean test accuracy per strategy, with a band from the lowest to the highest trial. */
export function accuracySvg(results, title) {
  const summary = accuracySummary(results);
  const strategies = Object.keys(summary);
  const all = strategies.flatMap((s) => summary[s]);
  const [w, h, left, right, top, bottom] = [900, 520, 70, 190, 50, 60];
  const xs = all.map((p) => p.labeled);
  const ys = all.flatMap((p) => [p.min, p.max]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.floor(Math.min(...ys) * 20) / 20, Math.ceil(Math.max(...ys) * 20) / 20];
  const x = (v) => left + ((v - x0) / Math.max(1, x1 - x0)) * (w - left - right);
  const y = (v) => h - bottom - ((v - y0) / Math.max(1e-9, y1 - y0)) * (h - top - bottom);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="13">`,
    `<rect width="${w}" height="${h}" fill="white"/>`, `<text x="${left}" y="28" font-size="16">${title}</text>`];
  for (let v = y0; v <= y1 + 1e-9; v += 0.05) {
    parts.push(`<line x1="${left}" x2="${w - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${left - 8}" y="${y(v) + 4}" text-anchor="end">${pct(v)}%</text>`);
  }
  for (const v of [...new Set(xs)]) parts.push(`<text x="${x(v)}" y="${h - bottom + 20}" text-anchor="middle">${v}</text>`);
  parts.push(`<text x="${(left + w - right) / 2}" y="${h - 15}" text-anchor="middle">labeled images</text>`);
  strategies.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const points = summary[s];
    const band = [...points.map((p) => `${x(p.labeled)},${y(p.max)}`), ...[...points].reverse().map((p) => `${x(p.labeled)},${y(p.min)}`)].join(' ');
    parts.push(`<polygon points="${band}" fill="${color}" opacity="0.15"/>`);
    parts.push(`<polyline points="${points.map((p) => `${x(p.labeled)},${y(p.mean)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2.5"/>`);
    for (const p of points) parts.push(`<circle cx="${x(p.labeled)}" cy="${y(p.mean)}" r="4" fill="${color}"/>`);
    parts.push(`<rect x="${w - right + 20}" y="${top + i * 24}" width="14" height="14" fill="${color}"/><text x="${w - right + 40}" y="${top + i * 24 + 12}">${s}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
