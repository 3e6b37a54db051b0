/**
 * Seeded pseudo-random numbers, so that an active-learning run (initial set, subsets, shuffles,
 * weight initialization) can be repeated exactly from its seed.
 */

/** A generator of uniform numbers in [0, 1); `state` lets a run stop and resume exactly. */
export interface Rng {
  (): number;
  readonly state: number;
}

/**
 * mulberry32: tiny, fast, and good enough for shuffling and sampling (not for cryptography).
 * createRng(rng.state) continues the sequence of `rng` where it stands.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.defineProperty(next, 'state', { get: () => state }) as Rng;
}

/** Fisher-Yates shuffle of `items` in place. */
export function shuffleInPlace<T>(items: T[], rng: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** `count` distinct items drawn uniformly from `items` (all of them if there are fewer). */
export function sampleWithoutReplacement<T>(items: readonly T[], count: number, rng: () => number): T[] {
  return shuffleInPlace(items.slice(), rng).slice(0, Math.max(0, count));
}

/** A standard normal draw (Box-Muller), for weight initialization. */
export function normal(rng: () => number): number {
  const u = 1 - rng(); // in (0, 1]: log(0) is never taken
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
