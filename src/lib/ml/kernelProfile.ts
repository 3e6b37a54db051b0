import type * as tf from '@tensorflow/tfjs';

type ProfileInfo = Awaited<ReturnType<typeof tf.profile>>;

/** One kernel's share of a profiled training step. */
export interface KernelCost {
  kernel: string;
  calls: number;
  /** summed kernel time, as the backend timed it */
  millis: number;
}

/**
 * Kernel times from one tf.profile run, summed by kernel name, most expensive first. The wasm
 * backend times each kernel synchronously on the CPU, so the sum is close to the step's time; a GPU
 * backend's times come from its own timer queries, where it has them.
 */
export function kernelCosts(profile: Pick<ProfileInfo, 'kernels'>): KernelCost[] {
  const byName = new Map<string, KernelCost>();
  for (const kernel of profile.kernels) {
    const millis = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    const cost = byName.get(kernel.name) ?? { kernel: kernel.name, calls: 0, millis: 0 };
    cost.calls++;
    cost.millis += millis;
    byName.set(kernel.name, cost);
  }
  return [...byName.values()].sort((a, b) => b.millis - a.millis);
}
