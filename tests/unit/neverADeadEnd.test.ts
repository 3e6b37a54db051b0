import { describe, expect, it } from 'vitest';
import { whyTrainIsOff, type TrainConditions } from '../../src/lib/state/trainBlocker';
import { SettingDrafts } from '../../src/lib/state/settingDrafts.svelte';
import { describeImportPlan } from '../../src/lib/ui/importPlanText';
import { describeProgress, progressFraction } from '../../src/lib/ui/progressText';

const ready: TrainConditions = { backendReady: true, running: false, racing: false, labeled: 20, labeledTest: 50, queryOpen: true, refusedSettings: [] };

describe('why Train is off', () => {
  it('is null when a cycle can start', () => {
    expect(whyTrainIsOff(ready)).toBeNull();
  });

  it('names a refused setting and where to fix it, before any other reason but running work', () => {
    const refusedSettings = [{ label: 'Batch size', text: '7', problems: ['Batch size must be even: images are paired for the ranking loss.'] }];
    expect(whyTrainIsOff({ ...ready, labeled: 0, backendReady: false, refusedSettings })).toBe(
      'A setting cannot be used: Batch size must be even: images are paired for the ranking loss. Fix it in the Settings tab (or choose a preset); nothing trains until then.');
    expect(whyTrainIsOff({ ...ready, running: true, refusedSettings })).toMatch(/^A cycle is running/);
  });

  it('asks for labels, or for images to label first', () => {
    expect(whyTrainIsOff({ ...ready, labeled: 1 })).toBe(
      'Training needs at least 2 labeled images, and 1 is labeled so far. Click an image and press its class key, or turn on the simulated oracle.');
    expect(whyTrainIsOff({ ...ready, labeled: 0, queryOpen: false })).toBe(
      'Training needs at least 2 labeled images. Draw images to label first, in the Start panel.');
  });

  it('asks for a labeled test set first, with or without labels in the pool', () => {
    expect(whyTrainIsOff({ ...ready, labeledTest: 0, labeled: 0, queryOpen: false })).toBe(
      'Training needs a labeled test set to measure the model on, and this project has none. Draw images for the test set above and label them once.');
    expect(whyTrainIsOff({ ...ready, labeledTest: 1 })).toBe(
      'Training needs a labeled test set to measure the model on, and only 1 of its images is labeled. Draw images for the test set above and label them once.');
    expect(whyTrainIsOff({ ...ready, labeledTest: 2 })).toBeNull();
  });

  it('says a race or the trainer starting holds it', () => {
    expect(whyTrainIsOff({ ...ready, running: true, racing: true })).toMatch(/^The strategy race is running/);
    expect(whyTrainIsOff({ ...ready, backendReady: false })).toMatch(/^The trainer is still starting/);
  });
});

describe('refused settings typed into the form', () => {
  it('are kept until fixed or replaced by a preset', () => {
    const drafts = new SettingDrafts();
    drafts.set('batchSize', { label: 'Batch size', text: '7', problems: ['odd'] });
    drafts.set('epochs', { label: 'Epochs', text: '-1', problems: ['negative'] });
    expect(drafts.get('batchSize')?.text).toBe('7');
    expect(drafts.all.map((d) => d.label)).toEqual(['Batch size', 'Epochs']);
    drafts.set('batchSize', { label: 'Batch size', text: '8', problems: [] });
    expect(drafts.get('batchSize')).toBeUndefined();
    expect(drafts.all.map((d) => d.label)).toEqual(['Epochs']);
    drafts.clear();
    expect(drafts.all).toEqual([]);
  });
});

describe('what an image import will make, said before it starts', () => {
  const given = { folders: 'given-labels' as const, testFraction: 0.2 };

  it('holds out one test image per class from a small folder', () => {
    // 3 images per class at 20%: round(0.6) = 1 test image each
    const paths = ['cat/1.png', 'cat/2.png', 'cat/3.png', 'dog/1.png', 'dog/2.png', 'dog/3.png'];
    expect(describeImportPlan(paths, given)).toEqual({
      ok: true, summary: '2 classes from folders (cat, dog); 20% of each class held out: 4 training images, 2 test images.', warning: null,
    });
  });

  it('takes train/ and test/ folders as they are', () => {
    const paths = ['data/train/a/1.png', 'data/train/a/2.png', 'data/train/b/1.png', 'data/test/a/3.png', 'data/test/b/2.png', 'data/test/b/3.png'];
    expect(describeImportPlan(paths, given)).toEqual({
      ok: true, summary: 'train/ and test/ folders: 3 training images, 3 test images, 2 classes (a, b).', warning: null,
    });
  });

  it('names the classes left without a test image', () => {
    const plan = describeImportPlan(['a/1.png', 'a/2.png', 'b/1.png'], given);
    expect(plan).toEqual({
      ok: true, summary: '2 classes from folders (a, b); 20% of each class held out: 2 training images, 1 test image.',
      warning: "No test image for b: that class has too few images to hold one out, so the model's accuracy on it is not measured.",
    });
  });

  it('refuses what the import would refuse, and says when there is no image at all', () => {
    expect(describeImportPlan(['a/1.png', 'a/2.png'], given)).toEqual({ ok: false, refusal: 'Only one class folder was found ("a"): lossloop needs at least two classes.' });
    expect(describeImportPlan(['notes/readme.txt'], given)).toEqual({
      ok: false, refusal: '1 file was found, none of them an image. Choose a folder or ZIP with PNG, JPEG, GIF, WebP, BMP or AVIF images.',
    });
    expect(describeImportPlan([], given)).toMatchObject({ ok: false, refusal: expect.stringMatching(/^Nothing was found there/) });
  });

  it('says that ignored folders leave every image unlabeled', () => {
    expect(describeImportPlan(['x/1.png', '2.png'], { folders: 'ignore', testFraction: 0 })).toEqual({
      ok: true, summary: '2 images, all unlabeled and no test set: you label them, and make a test set after the import.', warning: null,
    });
  });
});

describe('reading the images', () => {
  it('shows the images read of all the cycle needs, and fills the bar by them', () => {
    const reading = { type: 'progress' as const, phase: 'loading' as const, fraction: 0, read: { done: 3000, total: 12000 } };
    expect(describeProgress(reading, false)).toBe('Reading the images – 3,000 of 12,000');
    expect(progressFraction(reading)).toBe(0.25);
    expect(progressFraction({ type: 'progress', phase: 'training', fraction: 0.5, read: { done: 1, total: 1 } })).toBe(0.5);
  });
});
