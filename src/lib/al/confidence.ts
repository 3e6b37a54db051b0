/**
 * How sure a measured fraction is: 95% intervals for the test accuracy (a count of correct test
 * images) and for the loss head's ranking accuracy (a fraction of agreeing test pairs).
 */

export interface Interval {
  low: number;
  high: number;
}

/** z of a two-sided 95% interval of the normal distribution. */
export const Z_95 = 1.96;

/**
 * The Wilson score interval of `successes` out of `n`. Unlike the plain p ± z·sqrt(p(1-p)/n) it
 * stays inside [0, 1] and does not shrink to a point at 0/n or n/n, which a small test set often
 * gives. `successes` may be fractional (an effective count, see rankingAccuracyInterval).
 * Nothing measured (n = 0) says nothing: [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval {
  if (!(n > 0) || !Number.isFinite(successes)) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, center - halfWidth), high: Math.min(1, center + halfWidth) };
}

/** The interval of a test accuracy measured on `n` test images (the correct ones are a binomial count). */
export function accuracyInterval(accuracy: number, n: number, z = Z_95): Interval {
  return wilsonInterval(Math.round(accuracy * n), n, z);
}

/**
 * The effective number of independent trials behind a ranking accuracy over `n` test images.
 *
 * The ranking accuracy counts agreeing pairs among the n(n-1)/2 pairs of n images, but the pairs
 * share images, so they are far from independent: treating them as n(n-1)/2 coin flips would
 * give an interval much too narrow. The ranking accuracy is a concordance c = (1 + tau) / 2 of
 * Kendall's tau. With no association between predicted and real loss, tau has variance about
 * 4 / (9n) (its large-sample variance 2(2n+5) / (9n(n-1))), so c has variance about 1 / (9n).
 * A binomial proportion near 1/2 from m trials has variance 1 / (4m); the two agree when
 * m = 9n/4. Around chance, which is where the question "better than chance?" is decided, the
 * ranking accuracy is then as sure as a proportion from 9n/4 independent trials.
 */
export function rankingEffectiveSampleSize(n: number): number {
  return (9 * n) / 4;
}

/** The interval of a ranking accuracy over `n` test images: Wilson with the effective sample size. */
export function rankingAccuracyInterval(rankingAccuracy: number, n: number, z = Z_95): Interval {
  const effective = rankingEffectiveSampleSize(n);
  return wilsonInterval(rankingAccuracy * effective, effective, z);
}

/**
 * Whether the loss head ranks test images better than a coin would: the whole 95% interval of its
 * ranking accuracy lies above 1/2. An unmeasured ranking accuracy (NaN: no pairs) is not.
 */
export function aboveChance(rankingAccuracy: number, n: number): boolean {
  return Number.isFinite(rankingAccuracy) && rankingAccuracyInterval(rankingAccuracy, n).low > 0.5;
}
