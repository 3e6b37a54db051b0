import { describe, expect, it } from 'vitest';
import { describeDefaults, flipsByDefault, proposeDefaults, spreadSample } from '../../src/lib/ui/importDefaults';
import { planImport } from '../../src/lib/ui/importPlanText';

/** The import's defaults proposed from a sample of the images, and the test set a test/ folder decides. */

const grey28 = { width: 28, height: 28, grey: true };

describe('the defaults the images propose', () => {
  it('makes a folder of grey 28x28 images a 28x28 greyscale project', () => {
    const defaults = proposeDefaults(Array.from({ length: 24 }, () => grey28));
    expect(defaults).toEqual({ size: 28, channels: 1, common: { width: 28, height: 28, count: 24 }, sampled: 24 });
    expect(describeDefaults(defaults)).toBe('Proposed from the images: 24 of 24 sampled images are 28 x 28 pixels, all are greyscale.');
  });

  it('keeps RGB when one sampled image has colour, and the size most images share', () => {
    // 13 of 20 are 28x28 (more than half); 7 are 32x32; one has colour.
    const samples = [...Array.from({ length: 13 }, () => grey28), ...Array.from({ length: 7 }, (_, i) => ({ width: 32, height: 32, grey: i !== 3 }))];
    expect(proposeDefaults(samples)).toMatchObject({ size: 28, channels: 3, common: { width: 28, height: 28, count: 13 } });
    expect(describeDefaults(proposeDefaults(samples))).toBe('Proposed from the images: 13 of 20 sampled images are 28 x 28 pixels, some have colour.');
  });

  it('proposes 32 when no size has a majority, the common size is not square, or it is outside 8-128', () => {
    const half = [grey28, grey28, { width: 32, height: 32, grey: true }, { width: 40, height: 40, grey: true }];
    expect(proposeDefaults(half)).toMatchObject({ size: 32, common: null });
    expect(describeDefaults(proposeDefaults(half))).toBe('Proposed from the images: the 4 sampled images have no one size, all are greyscale.');
    expect(proposeDefaults([{ width: 64, height: 48, grey: false }]).size).toBe(32);
    expect(proposeDefaults([{ width: 224, height: 224, grey: false }]).size).toBe(32);
    expect(proposeDefaults([{ width: 128, height: 128, grey: false }]).size).toBe(128);
    expect(proposeDefaults([{ width: 4, height: 4, grey: false }]).size).toBe(32);
  });

  it('keeps the old defaults when no image could be read', () => {
    expect(proposeDefaults([])).toEqual({ size: 32, channels: 3, common: null, sampled: 0 });
    expect(describeDefaults(proposeDefaults([]))).toBeNull();
  });

  it('samples evenly over the images, the first one first', () => {
    expect(spreadSample([1, 2, 3], 24)).toEqual([1, 2, 3]);
    expect(spreadSample(Array.from({ length: 10 }, (_, i) => i), 4)).toEqual([0, 2, 5, 7]);
  });

  it('proposes no flips for classes named by one digit or letter, the preset\'s otherwise', () => {
    expect(flipsByDefault(['0', '1', '2', '9'], true)).toBe(false);
    expect(flipsByDefault(['a', 'B'], true)).toBe(false);
    expect(flipsByDefault(['cat', 'dog'], true)).toBe(true);
    expect(flipsByDefault(['1', 'dog'], true)).toBe(true);
    expect(flipsByDefault([], false)).toBe(false);
  });
});

describe('the test set a test/ folder decides', () => {
  const options = { folders: 'hidden-labels' as const, testFraction: 0.1 };

  it('names the folder and its images, past a wrapping folder', () => {
    const paths = ['mnist/train/0/1.png', 'mnist/train/1/2.png', 'mnist/train/1/3.png', 'mnist/test/0/4.png', 'mnist/test/1/5.png'];
    expect(planImport(paths, options)).toMatchObject({ classNames: ['0', '1'], testFolder: { name: 'test', images: 2 } });
    expect(planImport(['train/a/1.png', 'train/b/2.png', 'val/a/3.png'], options).testFolder).toEqual({ name: 'val', images: 1 });
  });

  it('is none for class folders, where a share of each class is the test set', () => {
    expect(planImport(['a/1.png', 'a/2.png', 'b/3.png'], options)).toMatchObject({ classNames: ['a', 'b'], testFolder: null });
    expect(planImport(['a/1.png', 'b/2.png'], { folders: 'ignore', testFraction: 0 })).toMatchObject({ classNames: [], testFolder: null });
  });
});
