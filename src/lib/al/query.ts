import { createRng, sampleWithoutReplacement } from '../core/random';

/**
 * The random parts of the active-learning cycle (docs/method.md): the initial labeled set, and the
 * subset S of the unlabeled pool scored in each cycle. Both are seeded so a run can be repeated.
 */

export function drawInitialSet(poolIds: readonly number[], size: number, seed: number): number[] {
  return sampleWithoutReplacement(poolIds, size, createRng(seed)).sort((a, b) => a - b);
}

/** Subset of size M for cycle `cycle`; a different stream per cycle from the same seed. */
export function drawSubset(unlabeledIds: readonly number[], size: number, seed: number, cycle: number): number[] {
  return sampleWithoutReplacement(unlabeledIds, size, createRng(seed * 1000003 + cycle)).sort((a, b) => a - b);
}
