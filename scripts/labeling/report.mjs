// The Markdown tables `npm run bench:labeling` prints (and docs/benchmarks.md keeps).

const ms = (value) => (value === null ? '–' : value.toFixed(1));
const pool = (size) => size.toLocaleString('en-US');

/** One row per keyboard run: rate asked and sustained, acknowledgement latency, wrong labels, what the cycle trained on. */
export function runsTable(pools) {
  const lines = [
    '| pool | CPU | target keys/s | sustained keys/s | ack p50 / p95 / max ms | wrong labels | trained on / labels given | transactions |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const { poolSize, runs } of pools) {
    for (const run of runs) {
      const { ackMs } = run.figures;
      lines.push(`| ${pool(poolSize)} | ${run.throttle === 1 ? '1x' : `${run.throttle}x slower`} | ${run.rate} | ${run.figures.sustainedKeysPerSecond.toFixed(1)} `
        + `| ${ms(ackMs.p50)} / ${ms(ackMs.p95)} / ${ms(ackMs.max)} | ${run.wrong} | ${run.trainedOn} / ${run.labelsGiven} | ${run.transactions} |`);
    }
  }
  return lines.join('\n');
}

/** The write time of one label per pool size, with the large pool's over the small one's, and the cost of durability. */
export function writesTable(pools) {
  const lines = [
    '| pool | one-label write median ms | p95 ms | strict transaction median ms | relaxed median ms |',
    '|---|---|---|---|---|',
  ];
  for (const { poolSize, singleWrites, durability } of pools) {
    lines.push(`| ${pool(poolSize)} | ${ms(singleWrites.medianMs)} | ${ms(singleWrites.p95Ms)} | ${ms(durability.strict.medianMs)} | ${ms(durability.relaxed.medianMs)} |`);
  }
  return lines.join('\n');
}
