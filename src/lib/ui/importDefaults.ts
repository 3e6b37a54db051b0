import type { ImageTraits } from '../state/imageWorker';
import { plural } from '../core/plural';

/**
 * The image import's defaults, proposed from the images themselves: a sample of them is decoded
 * (ImageWorker.inspect), and when all are grey the project is greyscale, and when most share one
 * square size within the form's bounds, that is the input size. A folder of 28x28 grey digits then
 * becomes a 28x28 greyscale project, not a 32x32 RGB one. Random flips are proposed off where the
 * class names are single digits or letters, which a mirror would turn into other symbols.
 */

/** The input size when the images do not suggest one. */
export const DEFAULT_INPUT_SIZE = 32;
export const MIN_INPUT_SIZE = 8;
export const MAX_INPUT_SIZE = 128;
/** How many images are decoded to propose the defaults. */
export const SAMPLE_SIZE = 24;

export interface ImportDefaults {
  size: number;
  channels: 1 | 3;
  /** the size more than half of the sampled images share, if any */
  common: { width: number; height: number; count: number } | null;
  /** how many images were read to propose this */
  sampled: number;
}

/** Up to `count` items spread evenly over the list, first item first. */
export function spreadSample<T>(items: readonly T[], count = SAMPLE_SIZE): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

/** The defaults the sampled images suggest (today's, 32x32 RGB, when none could be read). */
export function proposeDefaults(samples: readonly ImageTraits[]): ImportDefaults {
  if (samples.length === 0) return { size: DEFAULT_INPUT_SIZE, channels: 3, common: null, sampled: 0 };
  const counts = new Map<string, { width: number; height: number; count: number }>();
  for (const { width, height } of samples) {
    const key = `${width}x${height}`;
    const entry = counts.get(key) ?? { width, height, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const most = [...counts.values()].reduce((a, b) => (b.count > a.count ? b : a));
  const common = most.count * 2 > samples.length ? most : null;
  const fits = common !== null && common.width === common.height && common.width >= MIN_INPUT_SIZE && common.width <= MAX_INPUT_SIZE;
  return {
    size: fits ? common.width : DEFAULT_INPUT_SIZE,
    channels: samples.every((s) => s.grey) ? 1 : 3,
    common,
    sampled: samples.length,
  };
}

/** What the proposal rests on, in a line for the form; null when nothing was read. */
export function describeDefaults(defaults: ImportDefaults): string | null {
  if (defaults.sampled === 0) return null;
  const { common, sampled } = defaults;
  const size = common
    ? `${common.count} of ${plural(sampled, 'sampled image')} ${common.count === 1 ? 'is' : 'are'} ${common.width} x ${common.height} pixels`
    : `the ${plural(sampled, 'sampled image')} have no one size`;
  const colour = defaults.channels === 1 ? (sampled === 1 ? 'it is greyscale' : 'all are greyscale') : 'some have colour';
  return `Proposed from the images: ${size}, ${colour}.`;
}

/** Whether random horizontal flips are proposed: not for classes named by a single digit or letter. */
export function flipsByDefault(classNames: readonly string[], presetFlips: boolean): boolean {
  if (classNames.length > 0 && classNames.every((name) => /^[0-9A-Za-z]$/.test(name.trim()))) return false;
  return presetFlips;
}
