/** The most images the test-set prompt suggests labeling: enough for a 95% interval of about ±7 points. */
const SUGGESTED_TEST_SET_MAX = 200;

/**
 * How many images the prompt suggests for a new test set out of `unlabeledPool` images: a fifth
 * of them, at most 200, so that a small imported folder keeps most of its images to train on
 * (200 of a 60-image pool would take them all), and at least 10 where the pool has them.
 */
export function suggestedTestSetSize(unlabeledPool: number): number {
  const fifth = Math.round(unlabeledPool / 5);
  return Math.min(SUGGESTED_TEST_SET_MAX, Math.max(fifth, Math.min(10, unlabeledPool)));
}
