import { describe, expect, it } from 'vitest';
import { percentRange, percentWithInterval } from '../../src/lib/ui/intervalText';

describe('a fraction with its interval, as text', () => {
  it('gives the value, the 95% interval and the number of test images', () => {
    expect(percentWithInterval(0.7134, { low: 0.6928, high: 0.7324 }, 2000)).toBe('71.3% (69.3-73.2%, 2,000 test images)');
  });

  it('rounds to whole percents for a sentence, and names another unit', () => {
    expect(percentRange({ low: 0.4712, high: 0.5691 }, 0)).toBe('47-57%');
    expect(percentWithInterval(0.52, { low: 0.47, high: 0.57 }, 40, 0, 'images')).toBe('52% (47-57%, 40 images)');
  });

  it('is a dash for what was not measured', () => {
    expect(percentWithInterval(NaN, { low: 0, high: 1 }, 8)).toBe('–');
  });
});
