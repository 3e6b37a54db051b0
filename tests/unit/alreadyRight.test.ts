import { describe, expect, it } from 'vitest';
import { alreadyRight } from '../../src/lib/al/alreadyRight';
import { queryKnowledgeByCycle } from '../../src/lib/state/queryKnowledge';
import type { CycleRecord, SampleRecord } from '../../src/lib/data/store/schema';

describe('how much of a query the model already knew', () => {
  it('counts the answered images guessed right at 90% or more, over the answered ones', () => {
    // right at 0.95; right at 0.9 (counts); right at 0.89 (too unsure); wrong at 0.99; unanswered
    expect(alreadyRight([1, 2, 0, 3, 1], [0.95, 0.9, 0.89, 0.99, 0.99], [1, 2, 0, 1, null])).toEqual({ share: 0.5, answered: 4 });
    expect(alreadyRight([1], [0.99], [undefined])).toEqual({ share: null, answered: 0 });
  });

  it('matches answers to guesses by class name, per cycle', () => {
    const cycle = (index: number, classNames: string[]) => ({
      index, classNames, queryIds: [7, 8, 9], queryPredictions: { classIndex: [0, 1, 1], confidence: [0.99, 0.95, 0.5] },
    }) as unknown as CycleRecord;
    const samples = [{ id: 7, label: 1 }, { id: 8, label: 0 }, { id: 9, label: null }] as SampleRecord[];
    // today's classes are [cat, dog]; cycle 1 trained with [dog, cat], cycle 2 with [cat, dog]
    const known = queryKnowledgeByCycle([cycle(1, ['dog', 'cat']), cycle(2, ['cat', 'dog'])], samples, ['cat', 'dog']);
    // cycle 1: 7 is a dog = its class 0, guessed 0 at 0.99 (right); 8 is a cat = its class 1, guessed 1 at 0.95 (right)
    expect(known[1]).toEqual({ share: 1, answered: 2 });
    // cycle 2: 7 is a dog = class 1, guessed 0 (wrong); 8 is a cat = class 0, guessed 1 (wrong)
    expect(known[2]).toEqual({ share: 0, answered: 2 });
  });
});
