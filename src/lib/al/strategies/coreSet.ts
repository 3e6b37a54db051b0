/**
 * Core-set baseline (Sener & Savarese 2018): greedy k-center selection in the feature space of the
 * penultimate layer. Each pick is the candidate farthest from everything chosen so far (the labeled
 * set and the earlier picks), which spreads the query over the feature space.
 */

import type { NearestDistances } from '../../core/nearestDistances';
import { nearestDistancesCpu, squaredDistance } from './distances';

/**
 * Indices (into the candidates) of `k` greedy k-center picks, in pick order.
 *
 * - `candidates`: [n * dim] features of the scored subset; `labeled`: [m * dim] features of the
 *   labeled set (may be empty).
 * - `nearestDistances` is called once, for the n x m distances to the labeled set (skipped when
 *   m = 0). After each pick the distances are updated in JS with the new center only: O(n * dim).
 * - Distances are squared Euclidean (the order, hence every pick, is the same as with plain ones).
 * - The largest distance wins; ties go to the smaller index; a NaN distance never wins while a
 *   number is left. A candidate is never picked twice, even if it duplicates an earlier pick.
 * - With an empty labeled set every distance starts at +Infinity, so the first pick is candidate 0
 *   (the smallest index); the following picks are farthest from the picks so far.
 * - `k` larger than n returns all n candidates; k <= 0 returns [].
 */
export async function coreSetSelect(
  candidates: Float32Array,
  labeled: Float32Array,
  dim: number,
  k: number,
  nearestDistances: NearestDistances = nearestDistancesCpu,
): Promise<number[]> {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`coreSetSelect: dim must be a positive integer, got ${dim}`);
  for (const [name, data] of [['candidate', candidates], ['labeled', labeled]] as const) {
    if (data.length % dim !== 0) {
      throw new Error(`coreSetSelect: ${data.length} ${name} feature values is not a multiple of dim ${dim}`);
    }
  }
  const n = candidates.length / dim;
  const m = labeled.length / dim;
  const count = Math.min(n, Math.max(0, Math.floor(k)));
  if (count === 0) return [];

  let minDist: Float64Array;
  if (m === 0) {
    minDist = new Float64Array(n).fill(Infinity);
  } else {
    const initial = await nearestDistances(candidates, n, labeled, m, dim);
    if (initial.length !== n) {
      throw new Error(`coreSetSelect: nearestDistances returned ${initial.length} distances for ${n} candidates`);
    }
    minDist = Float64Array.from(initial);
  }

  const picked = new Uint8Array(n);
  const picks: number[] = [];
  while (picks.length < count) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < n; i++) {
      if (picked[i]) continue;
      const value = Number.isNaN(minDist[i]) ? -Infinity : minDist[i];
      if (best === -1 || value > bestValue) {
        best = i;
        bestValue = value;
      }
    }
    picked[best] = 1;
    picks.push(best);
    if (picks.length === count) break;
    for (let i = 0; i < n; i++) {
      if (picked[i]) continue;
      const d = squaredDistance(candidates, i, candidates, best, dim);
      if (d < minDist[i] || Number.isNaN(minDist[i])) minDist[i] = d;
    }
  }
  return picks;
}
