/**
 * The median of timings: the upper middle value of an even count, so that it is always a value
 * that was measured, and one slow outlier (a garbage collection, say) does not move it.
 */
export function upperMedian(values: number[]): number {
  if (values.length === 0) throw new Error('no values to take the median of');
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
