// Turns the races of an experiment into its reports: results.json (the shape issue readers and
// scripts rely on), results.csv, summary.md and the accuracy chart (an SVG drawn here, rendered
// to PNG by the browser that ran the experiment).

/**
 * @typedef {{ labeled: number, testAccuracy: number, rankingAccuracy: number | null, rankingLoss: number, trainSeconds: number, scoreSeconds: number }} Round
 * @typedef {{ strategies: Record<string, { trials: { seed: number, rounds: Round[] }[] }> }} Results
 * @typedef {{ labeled: number, mean: number, min: number, max: number, std: number, n: number }} SummaryPoint
 */

const FIELDS = ['labeled', 'testAccuracy', 'rankingAccuracy', 'rankingLoss', 'trainSeconds', 'scoreSeconds'];

/**
 * The rounds of each strategy from the app's race CSV.
 * @param {string} csv
 * @returns {Record<string, Round[]>}
 */
export function parseRaceCsv(csv) {
  const [header, ...lines] = csv.trim().split('\n');
  if (header !== 'strategy,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds') {
    throw new Error(`Unexpected race CSV header: ${header}`);
  }
  /** @type {Record<string, Round[]>} */
  const rounds = {};
  for (const line of lines) {
    const [strategy, , ...values] = line.split(',');
    const numbers = values.map((v) => (v === '' ? null : Number(v)));
    (rounds[strategy] ??= []).push(Object.fromEntries(FIELDS.map((f, i) => [f, numbers[i]])));
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
    (results.strategies[strategy] ??= { trials: [] }).trials.push({ seed, rounds });
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
  const rows = ['strategy,seed,round,labeled,test_accuracy,ranking_accuracy,ranking_loss,train_seconds,score_seconds'];
  for (const [strategy, { trials }] of Object.entries(results.strategies)) {
    for (const trial of trials) {
      trial.rounds.forEach((r, i) => rows.push([strategy, trial.seed, i + 1, ...FIELDS.map((f) => r[f] ?? '')].join(',')));
    }
  }
  return rows.join('\n') + '\n';
}

const pct = (x) => `${(x * 100).toFixed(1)}`;

export function summaryMarkdown(results, command, minutes) {
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
    `Device: ${results.adapter}. Trials: ${trials} (seeds ${results.strategies[strategies[0]].trials.map((t) => t.seed).join(', ')}). Run time: ${minutes.toFixed(1)} min.`,
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
    `Settings: ${JSON.stringify(results.settings)}`,
    '',
  ];
  return lines.join('\n');
}

const COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#999999'];

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
