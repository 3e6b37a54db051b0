import { describe, expect, it } from 'vitest';
import { aboveChance, accuracyInterval, rankingAccuracyInterval, rankingEffectiveSampleSize, wilsonInterval } from '../../src/lib/al/confidence';

/**
 * Wilson: center = (p + z²/2n) / (1 + z²/n), half width = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²),
 * with z = 1.96, z² = 3.8416. The expected values below are worked out by hand from it.
 */

const close = (actual: { low: number; high: number }, low: number, high: number) => {
  expect(actual.low).toBeCloseTo(low, 4);
  expect(actual.high).toBeCloseTo(high, 4);
};

describe('the Wilson interval', () => {
  it('8 of 10', () => {
    // z²/n = 0.38416, 1 + z²/n = 1.38416; center = (0.8 + 0.19208) / 1.38416 = 0.71673
    // half = 1.96 / 1.38416 · sqrt(0.016 + 0.009604) = 1.41602 · 0.16001 = 0.22658
    close(wilsonInterval(8, 10), 0.4902, 0.9433);
  });

  it('0 of 10 and 10 of 10 keep a width and stay inside [0, 1]', () => {
    // p = 0: center = 0.19208 / 1.38416 = 0.13877 = half (1.41602 · sqrt(0.009604) = 1.41602 · 0.098)
    close(wilsonInterval(0, 10), 0, 0.2775);
    close(wilsonInterval(10, 10), 0.7225, 1);
    expect(wilsonInterval(0, 10).low).toBeGreaterThanOrEqual(0);
    expect(wilsonInterval(10, 10).high).toBeLessThanOrEqual(1);
  });

  it('50 of 100', () => {
    // center 0.5; half = 1.96 / 1.038416 · sqrt(0.0025 + 0.00009604) = 1.88749 · 0.050951 = 0.09617
    close(wilsonInterval(50, 100), 0.4038, 0.5962);
  });

  it('says nothing of nothing measured', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(accuracyInterval(NaN, 10)).toEqual({ low: 0, high: 1 });
  });

  it('a test accuracy counts its correct images', () => {
    close(accuracyInterval(0.8, 10), 0.4902, 0.9433);
    // 0.7999 of 10 images can only have been 8 correct
    close(accuracyInterval(0.7999, 10), 0.4902, 0.9433);
  });
});

describe('the ranking accuracy interval', () => {
  it('is a Wilson interval of 9n/4 trials', () => {
    expect(rankingEffectiveSampleSize(100)).toBe(225);
    // n = 100 images: 225 trials, p = 0.6; z²/225 = 0.017074, 1 + z²/n = 1.017074
    // center = (0.6 + 0.008537) / 1.017074 = 0.598321
    // half = 1.96 / 1.017074 · sqrt(0.24/225 + 3.8416/202500) = 1.92710 · 0.032949 = 0.063496
    close(rankingAccuracyInterval(0.6, 100), 0.5348, 0.6618);
  });

  it('is above chance only when the whole interval is above one half', () => {
    expect(aboveChance(0.6, 100)).toBe(true);
    // p = 0.55 over 225 trials: center 0.54909, half 0.06447, low 0.4847
    expect(aboveChance(0.55, 100)).toBe(false);
    expect(aboveChance(0.4, 100)).toBe(false);
    // the same accuracy becomes sure with more images
    expect(aboveChance(0.55, 1000)).toBe(true);
    expect(aboveChance(NaN, 1000)).toBe(false);
    expect(aboveChance(1, 0)).toBe(false);
  });
});
