/**
 * What a cycle's parts cost, counted in training images, for the progress bar, the time left and
 * the next cycle's price (loop/cycleWork.ts, state/cycleCost.ts).
 */

/**
 * A forward pass over one image costs about this share of a training step on one image. Measured
 * on WebAssembly, one thread: scoring ran at 1,175 images/s against training at 143 on the
 * reference network, 2,575 against 301 on the Quick preset's (docs/benchmarks.md); 8 times.
 */
export const FORWARD_COST = 1 / 8;

/**
 * What training on unlabeled images multiplies a step's work by: mu strong views trained beside
 * each labeled image, and with consistency their weak views predicted too.
 */
export function unlabeledWorkFactor(settings: { unlabeledTraining: string; unlabeledRatio: number }): number {
  switch (settings.unlabeledTraining) {
    case 'consistency': return 1 + settings.unlabeledRatio * (1 + FORWARD_COST);
    case 'pseudo-labels': return 1 + settings.unlabeledRatio;
    default: return 1;
  }
}
