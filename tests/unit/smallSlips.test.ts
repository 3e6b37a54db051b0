import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { Messages } from '../../src/lib/state/messages.svelte';
import { describeRowProblems } from '../../src/lib/data/transfer/labelRowMatch';
import { importIdxProject } from '../../src/lib/data/transfer/importIdxProject';
import { listProjects } from '../../src/lib/data/store/projects';
import { deletedSentence } from '../../src/lib/ui/deleteProjectText';
import { raceTrainingText } from '../../src/lib/ui/raceRoundText';
import { lossRankText } from '../../src/lib/ui/lossRankText';
import { PRESETS } from '../../src/lib/data/store/settings';
import { closeDatabase, freshDatabase } from './projectFixture';

describe('the page\'s messages', () => {
  it('takes a success notice away when a problem comes after it', () => {
    const messages = new Messages();
    messages.succeeded('Restored "Demo" from a.zip.');
    messages.fail('b.zip could not be restored: This ZIP is not a lossloop backup. Nothing was changed.');
    expect(messages.notice).toBeNull();
    expect(messages.problem).toBe('b.zip could not be restored: This ZIP is not a lossloop backup. Nothing was changed.');
    messages.succeeded('Added the class "d".');
    messages.failOnBackend('The GPU device was lost.');
    expect(messages.notice).toBeNull();
  });

  it('keeps a notice of how things stand beside a problem said after it', () => {
    const messages = new Messages();
    messages.note('Imported "Photos": 27 pool images, 9 test images.');
    messages.fail('1 file could not be read and was left out: photos/shoe/broken.png');
    expect(messages.notice).toBe('Imported "Photos": 27 pool images, 9 test images.');
  });
});

describe('the rows of a labels file that do not fit', () => {
  const line = (n: number) => ({ line: n, filename: `f${n}.png`, label: 'x' });
  it('are counted with their noun and verb in the right number', () => {
    expect(describeRowProblems({ unknownFiles: [line(3)], unknownClasses: [line(4), line(5)], duplicates: [line(6)], testImages: ['t.png'] })).toEqual([
      '1 row names a file that is not in this project (line 3).',
      '2 rows name classes this project does not have (lines 4, 5).',
      '1 row repeats a file named earlier; the first one counts (line 6).',
      '1 row names a test image, whose label is not changed.',
    ]);
    expect(describeRowProblems({ unknownFiles: [line(2), line(9)], unknownClasses: [], duplicates: [line(1), line(2)], testImages: ['a', 'b'] }, 'entry')).toEqual([
      '2 rows name files that are not in this project (entries 2, 9).',
      '2 rows repeat a file named earlier; the first one counts (entries 1, 2).',
      '2 rows name test images, whose labels are not changed.',
    ]);
  });
});

describe('an IDX pool file that is not one', () => {
  let db: LossloopDatabase;
  beforeEach(async () => {
    db = await freshDatabase();
  });
  afterEach(() => closeDatabase(db));

  it('is reported as what it is, before the missing labels', async () => {
    // A PNG's first bytes, with no labels file and no class names.
    const notIdx = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]);
    await expect(importIdxProject(db, { name: 'x', poolImages: notIdx, poolLabelMode: 'hidden' }))
      .rejects.toThrow('This is not an IDX file: its first bytes are 89 50 4e 47 (an IDX file starts with two zero bytes).');
    expect(await listProjects(db)).toEqual([]);
  });
});

describe('the delete dialog', () => {
  it('names only what the project has', () => {
    expect(deletedSentence({ images: 60, labeled: 0, cycles: 0 })).toBe('Its 60 images are deleted from this browser.');
    expect(deletedSentence({ images: 1, labeled: 0, cycles: 0 })).toBe('Its 1 image is deleted from this browser.');
    expect(deletedSentence({ images: 1500, labeled: 3, cycles: 0 })).toBe('Its 1,500 images and 3 labels are deleted from this browser.');
    expect(deletedSentence({ images: 60, labeled: 1, cycles: 1 })).toBe('Its 60 images, 1 label, 1 training cycle and the trained model are deleted from this browser.');
    // The demo's images come back: with nothing done on it, nothing is lost.
    expect(deletedSentence({ images: null, labeled: 0, cycles: 0 })).toBeNull();
    expect(deletedSentence({ images: null, labeled: 20, cycles: 2 })).toBe('Its 20 labels, 2 training cycles and the trained model are deleted from this browser.');
  });
});

describe('the race panel', () => {
  it('says what a round really trains, minimum steps included', () => {
    const quick = PRESETS.quick.settings;
    // 100 labels at batch 32: 4 steps an epoch, so 300 steps take 75 epochs. 400 labels: 13 steps an
    // epoch, ceil(300 / 13) = 24 epochs, 312 steps.
    expect(raceTrainingText(quick, 4)).toBe('Round 1 trains 300 steps (75 epochs of 100 labels), round 4 312 steps (24 epochs of 400 labels)');
    expect(raceTrainingText(quick, 1)).toBe('Round 1 trains 300 steps (75 epochs of 100 labels)');
    // Without a minimum, the epochs are the setting's: 1,000 labels at batch 128 are 8 steps an epoch.
    expect(raceTrainingText(PRESETS.paper.settings, 2)).toBe('Round 1 trains 1,600 steps (200 epochs of 1,000 labels), round 2 3,200 steps (200 epochs of 2,000 labels)');
  });
});

describe('a predicted-loss rank', () => {
  it('groups the thousands of the images scored, as the rest of the page does', () => {
    expect(lossRankText(7, 1000)).toBe('top 1% of 1,000 scored');
    expect(lossRankText(3, 12)).toBe('rank 3 of 12 scored');
  });
});
