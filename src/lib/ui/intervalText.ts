import { accuracyInterval, rankingAccuracyInterval, type Interval } from '../al/confidence';

/**
 * A measured fraction with its 95% interval and what it was measured on, in one way everywhere:
 * "71.3% (69.3-73.2%, 2,000 test images)". Whole percents (digits 0) suit a sentence.
 */

const percentNumber = (x: number, digits: number) => (x * 100).toFixed(digits);

/** "71.3%" */
export function percentText(value: number, digits = 1): string {
  return `${percentNumber(value, digits)}%`;
}

/** "69.3-73.2%" */
export function percentRange(interval: Interval, digits = 1): string {
  return `${percentNumber(interval.low, digits)}-${percentNumber(interval.high, digits)}%`;
}

/** "71.3% (69.3-73.2%, 2,000 test images)"; a value that was not measured is a dash. */
export function percentWithInterval(value: number, interval: Interval, count: number, digits = 1, unit = 'test images'): string {
  if (!Number.isFinite(value)) return '–';
  return `${percentText(value, digits)} (${percentRange(interval, digits)}, ${count.toLocaleString('en-US')} ${unit})`;
}

/** A test accuracy over `n` test images, with its interval. */
export function testAccuracyText(accuracy: number, n: number): string {
  return percentWithInterval(accuracy, accuracyInterval(accuracy, n), n);
}

/** A ranking accuracy over the pairs of `n` test images, with its interval. */
export function rankingAccuracyText(rankingAccuracy: number, n: number): string {
  return percentWithInterval(rankingAccuracy, rankingAccuracyInterval(rankingAccuracy, n), n);
}
