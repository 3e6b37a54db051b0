// Running the lanes of a race experiment side by side. The wasm backend trains on one thread when
// the machine has two cores (half of them, src/lib/core/wasmThreads.ts), so a second lane in its own
// browser context uses the core the first one leaves idle: a run of hours takes about half as long.

/**
 * The (seed, strategy) lanes still to run, trial by trial, in the order of `strategies`.
 * @param {number} trials
 * @param {string[]} strategies
 * @param {(seed: number, strategies: string[]) => string[]} missing which strategies a seed still lacks
 * @returns {{ seed: number, strategy: string }[]}
 */
export function lanesToRun(trials, strategies, missing) {
  const lanes = [];
  for (let seed = 1; seed <= trials; seed++) for (const strategy of missing(seed, strategies)) lanes.push({ seed, strategy });
  return lanes;
}

/**
 * Runs `work` on every item with at most `workers` at a time, each worker taking the next item as
 * soon as its last one ends. Every worker is set up once (`setUp(index)`, e.g. a browser page with
 * the data imported) and its result handed to each of its items. Rejects with the first failure,
 * after the other workers have ended their current item.
 * @template T, W
 * @param {T[]} items
 * @param {number} workers
 * @param {(index: number) => Promise<W>} setUp
 * @param {(item: T, worker: W) => Promise<void>} work
 */
export async function runSideBySide(items, workers, setUp, work) {
  const queue = [...items];
  let failure = null;
  const worker = async (index) => {
    if (queue.length === 0) return;
    const context = await setUp(index);
    while (queue.length > 0 && failure === null) {
      const item = queue.shift();
      try {
        await work(item, context);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, (_, i) => worker(i).catch((error) => {
    failure ??= error;
  })));
  if (failure !== null) throw failure;
}
