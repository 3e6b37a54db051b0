/**
 * Query selection: which samples of the scored subset go to the human.
 * Pure functions over plain arrays so they are easy to test by hand.
 */

/**
 * The ids of the `k` highest scores. Equal scores go by the higher `tieBreak` score when one is
 * given, then to the smaller id, so that the same scores always give the same query; a NaN score
 * ranks below every number (a broken score never wins).
 */
export function selectTopK(ids: ArrayLike<number>, scores: ArrayLike<number>, k: number, tieBreak?: ArrayLike<number>): number[] {
  for (const [name, values] of [['scores', scores], ['tie-break scores', tieBreak]] as const) {
    if (values && values.length !== ids.length) throw new Error(`selectTopK: ${ids.length} ids but ${values.length} ${name}`);
  }
  const order = Array.from({ length: ids.length }, (_, i) => i);
  const key = (values: ArrayLike<number>, i: number) => (Number.isNaN(values[i]) ? -Infinity : values[i]);
  const byTieBreak = (a: number, b: number) => (tieBreak ? key(tieBreak, b) - key(tieBreak, a) : 0);
  order.sort((a, b) => key(scores, b) - key(scores, a) || byTieBreak(a, b) || ids[a] - ids[b]);
  return order.slice(0, Math.max(0, k)).map((i) => ids[i]);
}
