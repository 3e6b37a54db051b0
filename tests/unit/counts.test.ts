import { describe, expect, it } from 'vitest';
import { countChange, countSamples } from '../../src/lib/state/counts';
import type { SampleRecord } from '../../src/lib/data/store/schema';

const sample = (id: number, split: 'pool' | 'test', label: number | null): SampleRecord => ({
  projectId: 'p', id, split, label, labeledBy: null, labeledAt: null, trueLabel: null,
});

describe('the counts', () => {
  it('counts labeled, unlabeled and test images, and labels per class', () => {
    const samples = [sample(0, 'pool', 1), sample(1, 'pool', null), sample(2, 'pool', 1), sample(3, 'pool', 0), sample(4, 'test', 2)];
    expect(countSamples(samples, 3)).toEqual({ labeled: 3, unlabeled: 1, test: 1, perClass: [1, 2, 0] });
  });

  it('counts only the test images a cycle can measure on: given label or hidden answer', () => {
    const cleared = sample(5, 'test', null); // a class delete took its label
    const imported = { ...sample(6, 'test', null), trueLabel: 0 };
    const samples = [sample(4, 'test', 2), cleared, imported, sample(7, 'pool', null)];
    expect(countSamples(samples, 3)).toEqual({ labeled: 0, unlabeled: 1, test: 2, perClass: [0, 0, 0] });
  });

  it('follows a change without a scan: new labels, relabels and removals', () => {
    const counts = { labeled: 3, unlabeled: 1, test: 1, perClass: [1, 2, 0] };
    // an unlabeled image and a class-1 image both become class 2
    expect(countChange(counts, [null, 1], 2)).toEqual({ labeled: 4, unlabeled: 0, test: 1, perClass: [1, 1, 2] });
    // a class-0 image loses its label (undo)
    expect(countChange(counts, [0], null)).toEqual({ labeled: 2, unlabeled: 2, test: 1, perClass: [0, 2, 0] });
  });
});
