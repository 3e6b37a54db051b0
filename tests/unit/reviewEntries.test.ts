import { describe, expect, it } from 'vitest';
import { NO_FILTER, countPerClass, cycleGuesses, disagrees, fileNameContains, matchesFilter, reviewEntries, type ReviewEntry } from '../../src/lib/state/reviewEntries';
import type { ClassInfo, CycleRecord, SampleRecord } from '../../src/lib/data/store/schema';

const classes: ClassInfo[] = [{ name: 'cat', hotkey: 'c' }, { name: 'dog', hotkey: 'd' }, { name: 'fox', hotkey: 'f' }];

/** A cycle record with only what the review reads. */
function cycle(fields: Partial<CycleRecord>): CycleRecord {
  return { queryIds: [], ...fields } as CycleRecord;
}

function sample(id: number, label: number | null, fields: Partial<SampleRecord> = {}): SampleRecord {
  return { projectId: 'p', id, split: 'pool', label, labeledBy: 'human', labeledAt: 1, trueLabel: null, ...fields };
}

describe('the model guesses the review shows', () => {
  it('are none before the first cycle', () => {
    expect(cycleGuesses(null, classes).size).toBe(0);
  });

  it('come from the trained images, the query and the test images, with confidence where it was kept', () => {
    const guesses = cycleGuesses(cycle({
      classNames: ['cat', 'dog', 'fox'],
      labeledPredictions: { ids: [1, 2], classIndex: [0, 2], confidence: [0.9, 0.4] },
      queryIds: [7], queryPredictions: { classIndex: [1], confidence: [0.55] },
      testSamples: { ids: [100], labels: [2], predicted: [1], predictedLoss: [0], trueLoss: [0] },
    }), classes);
    expect([...guesses.entries()]).toEqual([
      [100, { classIndex: 1, name: 'dog', confidence: null }],
      [7, { classIndex: 1, name: 'dog', confidence: 0.55 }],
      [1, { classIndex: 0, name: 'cat', confidence: 0.9 }],
      [2, { classIndex: 2, name: 'fox', confidence: 0.4 }],
    ]);
  });

  it('name classes as they were trained: a class renumbered since still matches, a deleted one matches none', () => {
    // trained as [cat, owl, dog]; "owl" was deleted since, so dog moved from 2 to 1
    const guesses = cycleGuesses(cycle({
      classNames: ['cat', 'owl', 'dog'],
      labeledPredictions: { ids: [1, 2], classIndex: [2, 1], confidence: [0.8, 0.7] },
    }), classes);
    expect(guesses.get(1)).toEqual({ classIndex: 1, name: 'dog', confidence: 0.8 });
    expect(guesses.get(2)).toEqual({ classIndex: -1, name: 'owl', confidence: 0.7 });
  });

  it('fall back to class numbers for cycles older than class names', () => {
    const guesses = cycleGuesses(cycle({ queryIds: [4, 5], queryPredictions: { classIndex: [2, 3], confidence: [0.5, 0.5] } }), classes);
    expect(guesses.get(4)).toEqual({ classIndex: 2, name: 'fox', confidence: 0.5 });
    expect(guesses.get(5)).toEqual({ classIndex: -1, name: '?', confidence: 0.5 });
  });
});

describe('the review filters', () => {
  const guesses = new Map([[1, { classIndex: 0, name: 'cat', confidence: 0.9 }], [2, { classIndex: 0, name: 'cat', confidence: 0.6 }]]);
  const entries: ReviewEntry[] = reviewEntries([
    sample(1, 0),
    sample(2, 1, { labeledBy: 'oracle' }),
    sample(3, 1, { labeledBy: 'import' }),
    sample(9, 2, { split: 'test', labeledBy: 'import' }),
    sample(5, null, { labeledBy: null }),
  ], new Map([...guesses, [5, { classIndex: 1, name: 'dog', confidence: 0.5 }]]));
  const ids = (keep: (e: ReviewEntry) => boolean) => entries.filter(keep).map((e) => e.id);

  it('show the labeled training pool by default: a label cleared since leaves the list', () => {
    expect(ids((e) => matchesFilter(e, NO_FILTER))).toEqual([1, 2, 3]);
    expect(ids((e) => matchesFilter(e, { ...NO_FILTER, split: 'test' }))).toEqual([9]);
  });

  it('keep one class, one labeler, or both', () => {
    expect(ids((e) => matchesFilter(e, { ...NO_FILTER, classIndex: 1 }))).toEqual([2, 3]);
    expect(ids((e) => matchesFilter(e, { ...NO_FILTER, labeledBy: 'import' }))).toEqual([3]);
    expect(ids((e) => matchesFilter(e, { ...NO_FILTER, classIndex: 1, labeledBy: 'oracle' }))).toEqual([2]);
  });

  it('keep the disagreements: a guess of another class; an image without a guess or a label never disagrees', () => {
    expect(entries.map(disagrees)).toEqual([false, true, false, false, false]);
    expect(ids((e) => matchesFilter(e, { ...NO_FILTER, disagreement: true }))).toEqual([2]);
  });

  it('count each class in one set', () => {
    expect(countPerClass(entries, 'pool', 3)).toEqual([1, 2, 0]);
    expect(countPerClass(entries, 'test', 3)).toEqual([0, 0, 1]);
  });
});

describe('the file-name search of the review', () => {
  const named: ReviewEntry[] = reviewEntries([
    sample(1, 0, { sourceName: 'cats/IMG_001.JPG' }),
    sample(2, 1, { sourceName: 'dogs/img_002.jpg' }),
    sample(3, 1, { sourceName: 'dogs/Rex.png' }),
    sample(4, 0),
    sample(5, 2, { split: 'test', sourceName: 'test/cats/img_003.jpg' }),
  ], new Map());
  const ids = (fileName: string, filter = NO_FILTER) => named.filter((e) => matchesFilter(e, { ...filter, fileName })).map((e) => e.id);

  it('keeps the stored name with each entry, null for an image without one', () => {
    expect(named.map((e) => e.sourceName)).toEqual(['cats/IMG_001.JPG', 'dogs/img_002.jpg', 'dogs/Rex.png', null, 'test/cats/img_003.jpg']);
  });

  it('keeps the names that contain the text in any case, folders included', () => {
    expect(ids('img_')).toEqual([1, 2]);
    expect(ids('IMG_00')).toEqual([1, 2]);
    expect(ids('DOGS/')).toEqual([2, 3]);
    expect(ids('.png')).toEqual([3]);
    expect(ids('cats', { ...NO_FILTER, split: 'test' })).toEqual([5]);
  });

  it('works with the other filters', () => {
    expect(ids('dogs', { ...NO_FILTER, classIndex: 1 })).toEqual([2, 3]);
    expect(ids('img', { ...NO_FILTER, classIndex: 1 })).toEqual([2]);
  });

  it('filters nothing when blank, and an image without a name never matches a search', () => {
    expect(ids('')).toEqual([1, 2, 3, 4]);
    expect(ids('   ')).toEqual([1, 2, 3, 4]);
    expect(ids(' rex ')).toEqual([3]);
    expect(ids('zebra')).toEqual([]);
    expect(fileNameContains(null, 'a')).toBe(false);
    expect(fileNameContains(null, '')).toBe(true);
  });
});
