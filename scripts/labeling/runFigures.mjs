// The figures of one keyboard run, from what the key driver recorded in the page.

/** The q-quantile (0..1) of `values` by nearest rank: a value that was measured, never an interpolation. */
export function quantile(values, q) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Keys a second sustained (the keys over the time from the first press to the last
 * acknowledgement: what the labeler got through, writes included) and the acknowledgement latency
 * of each press (key handled → its card shows the stored label), in ms.
 */
export function runFigures(run) {
  const acked = run.presses.filter((press) => press.ackAt !== null);
  const latencies = acked.map((press) => press.ackAt - press.pressedAt);
  const first = Math.min(...run.presses.map((press) => press.pressedAt));
  const last = Math.max(...acked.map((press) => press.ackAt));
  return {
    keys: run.presses.length,
    sustainedKeysPerSecond: acked.length > 0 ? run.presses.length / ((last - first) / 1000) : 0,
    ackMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: latencies.length > 0 ? Math.max(...latencies) : null },
    unacknowledged: run.presses.length - acked.length,
    behindClockMs: run.behindMs,
  };
}
