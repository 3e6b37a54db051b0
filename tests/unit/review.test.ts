import { afterEach, describe, expect, it } from 'vitest';
import { answerFromTruth } from '../../src/lib/data/store/samples';
import { Review } from '../../src/lib/state/review.svelte';
import { closeDatabase } from './projectFixture';
import { openWorkspace, storedLabels, type OpenWorkspace } from './workspaceFixture';

describe('the review of the labels', () => {
  let open: OpenWorkspace;
  afterEach(() => closeDatabase(open.db));

  /** The seeded project with its first ten pool images answered by the oracle (true label id % 3). */
  async function reviewed(): Promise<Review> {
    open = await openWorkspace();
    await answerFromTruth(open.db, 'p', Array.from({ length: 10 }, (_, i) => i));
    await open.workspace.reload();
    const review = new Review(open.workspace);
    await review.load();
    return review;
  }

  it('lists the labeled pool images, with no guess before any cycle, and the test set apart', async () => {
    const review = await reviewed();
    expect(review.items.map((i) => i.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(review.items.every((i) => i.labeledBy === 'oracle' && i.guess === null && i.pixels.length === 36)).toBe(true);
    expect(review.hasGuesses).toBe(false);
    expect(review.entries).toHaveLength(20);
    await review.setFilter({ split: 'test' });
    expect(review.items.map((i) => i.id)).toEqual([3000, 3001, 3002, 3003, 3004, 3005, 3006, 3007, 3008, 3009]);
  });

  it('relabels and clears as human edits that the counts follow, keeping each card in place until the filter changes', async () => {
    const review = await reviewed();
    const { workspace, db } = open;
    await review.setFilter({ classIndex: 1 });
    expect(review.items.map((i) => i.id)).toEqual([1, 4, 7]);
    expect(workspace.counts.perClass).toEqual([4, 3, 3]);

    await review.relabel([4], 2);
    await review.relabel([7], null);
    expect(review.items.map((i) => [i.id, i.label, i.labeledBy])).toEqual([[1, 1, 'oracle'], [4, 2, 'human'], [7, null, null]]);
    expect(await storedLabels(db, [1, 4, 7])).toEqual([1, 2, null]);
    expect(workspace.counts).toMatchObject({ labeled: 9, perClass: [4, 1, 4] });
    const log = await db.getAll('labelEvents');
    expect(log.slice(-2).map((e) => [e.sampleId, e.label, e.previous, e.by])).toEqual([[4, 2, 1, 'human'], [7, null, 1, 'human']]);

    // Undo brings the cleared label back, on the same card.
    expect(await review.undo()).toEqual([7]);
    expect(review.items.find((i) => i.id === 7)?.label).toBe(1);
    expect(await storedLabels(db, [7])).toEqual([1]);

    await review.setFilter({ classIndex: null, labeledBy: 'human' });
    expect(review.items.map((i) => i.id)).toEqual([4, 7]);
    await review.setFilter({ labeledBy: null, classIndex: 1 });
    expect(review.items.map((i) => i.id)).toEqual([1, 7]);
  });

  it('refuses to change a test-set label and says why', async () => {
    const review = await reviewed();
    await review.relabel([3000], 0);
    expect(open.messages.problem).toMatch(/test set/);
  });
});
