import { describe, expect, it } from 'vitest';
import { percentRange, percentWithInterval, rankingAccuracyText, testAccuracyText } from '../../src/lib/ui/intervalText';

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

describe('test and ranking accuracy as text', () => {
  it('count the correct images, and the ranking pairs as 9n/4 trials', () => {
    // 8 of 10 correct: Wilson [0.4902, 0.9433] (confidence.test.ts)
    expect(testAccuracyText(0.8, 10)).toBe('80.0% (49.0-94.3%, 10 test images)');
    // 0.6 over 100 images: Wilson of 225 trials [0.5348, 0.6618]
    expect(rankingAccuracyText(0.6, 100)).toBe('60.0% (53.5-66.2%, 100 test images)');
  });
});
