import { describe, expect, it } from 'vitest';
import { datasetSummary } from '../../src/lib/state/datasetSummary';

describe('datasetSummary', () => {
  it('gives pool and test counts when every test image is labeled', () => {
    expect(datasetSummary(10_000, 2_000, 2_000)).toBe('10,000 pool images, 2,000 test images');
  });

  it('says how many test images still count when a class delete unlabeled some', () => {
    expect(datasetSummary(1_500, 100, 90)).toBe('1,500 pool images, 100 test images (90 labeled)');
    expect(datasetSummary(60, 1, 0)).toBe('60 pool images, 1 test image (0 labeled)');
  });
});
