/**
 * Query selection: which samples of the scored subset go to the human.
 * Pure functions over plain arrays so they are easy to test by hand.
 */

/**
 * The ids of the `k` highest scores. Ties go to the smaller id so that the same scores always
 * give the same query; a NaN score ranks below every number (a broken score never wins).
 */
export function selectTopK(ids: ArrayLike<number>, scores: ArrayLike<number>, k: number): number[] {
  if (ids.length !== scores.length) {
    throw new Error(`selectTopK: ${ids.length} ids but ${scores.length} scores`);
  }
  const order = Array.from({ length: ids.length }, (_, i) => i);
  const key = (i: number) => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  order.sort((a, b) => key(b) - key(a) || ids[a] - ids[b]);
  return order.slice(0, Math.max(0, k)).map((i) => ids[i]);
}
