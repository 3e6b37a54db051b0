import { afterEach, describe, expect, it } from 'vitest';
import { listConflicts } from '../../src/lib/data/store/conflicts';
import { setLabel } from '../../src/lib/data/store/samples';
import { mergeLabels } from '../../src/lib/data/transfer/mergeLabels';
import { Review } from '../../src/lib/state/review.svelte';
import { countConflicts } from '../../src/lib/state/reviewEntries';
import { closeDatabase } from './projectFixture';
import { openWorkspace, storedLabels, type OpenWorkspace } from './workspaceFixture';

describe('merge conflicts in the review', () => {
  let open: OpenWorkspace;
  afterEach(() => closeDatabase(open.db));

  /** Images 1, 2, 3 labeled a, b, c here; a teammate's file says a, c, a: conflicts on 2 and 3. */
  async function withConflicts(): Promise<Review> {
    open = await openWorkspace();
    for (const [id, label] of [[1, 0], [2, 1], [3, 2]]) await setLabel(open.db, 'p', id, label, 'human');
    const file = 'filename,label\npool-00001.png,a\npool-00002.png,c\npool-00003.png,a\n';
    await open.workspace.write(() => mergeLabels(open.db, open.workspace.project, 'bob.csv', file));
    const review = new Review(open.workspace);
    await review.load();
    return review;
  }

  it('the Conflicts filter lists each conflict with both labels, counted', async () => {
    const review = await withConflicts();
    expect(countConflicts(review.entries, 'pool')).toBe(2);
    await review.setFilter({ conflicts: true });
    expect(review.items.map((i) => [i.id, i.label, i.conflict])).toEqual([
      [2, 1, { theirs: 'c', source: 'bob.csv' }],
      [3, 2, { theirs: 'a', source: 'bob.csv' }],
    ]);
  });

  it('a class key resolves a conflict (mine, theirs or a third class), and undo opens it again', async () => {
    const review = await withConflicts();
    const { db } = open;
    await review.setFilter({ conflicts: true });
    await review.relabel([2], 1); // keeps mine
    await review.relabel([3], 1); // neither: a third class
    expect(await storedLabels(db, [2, 3])).toEqual([1, 1]);
    expect(await listConflicts(db, 'p')).toEqual([]);
    // The cards stay in place, settled, until the filter changes.
    expect(review.items.map((i) => [i.id, i.label, i.conflict])).toEqual([[2, 1, null], [3, 1, null]]);
    expect(countConflicts(review.entries, 'pool')).toBe(0);

    expect(await review.undo()).toEqual([3]);
    expect(await storedLabels(db, [3])).toEqual([2]);
    expect((await listConflicts(db, 'p')).map((c) => [c.sampleId, c.theirs])).toEqual([[3, 'a']]);
    expect(review.items.find((i) => i.id === 3)?.conflict).toEqual({ theirs: 'a', source: 'bob.csv' });

    await review.relabel([3], 0); // takes theirs
    expect(await storedLabels(db, [3])).toEqual([0]);
    expect(await listConflicts(db, 'p')).toEqual([]);
    await review.setFilter({ conflicts: false });
    await review.setFilter({ conflicts: true });
    expect(review.items).toEqual([]);
  });

  it('a cleared label (Backspace) resolves a conflict as neither label, and undo opens it again', async () => {
    const review = await withConflicts();
    const { db } = open;
    await review.setFilter({ conflicts: true });
    await review.relabel([2], null);
    expect(await storedLabels(db, [2])).toEqual([null]);
    expect((await listConflicts(db, 'p')).map((c) => c.sampleId)).toEqual([3]);
    expect(await review.undo()).toEqual([2]);
    expect(await storedLabels(db, [2])).toEqual([1]);
    expect((await listConflicts(db, 'p')).map((c) => c.sampleId)).toEqual([2, 3]);
  });

  it('a relabel outside the review leaves the conflict open, unless it gives their label', async () => {
    const review = await withConflicts();
    await open.workspace.label([2], 0); // neither mine before nor theirs (c)
    await open.workspace.label([3], 0); // theirs (a)
    expect((await listConflicts(open.db, 'p')).map((c) => c.sampleId)).toEqual([2, 3]);
    await review.load();
    expect(countConflicts(review.entries, 'pool')).toBe(1);
    await review.setFilter({ conflicts: true });
    expect(review.items.map((i) => [i.id, i.label, i.conflict])).toEqual([[2, 0, { theirs: 'c', source: 'bob.csv' }]]);
  });
});
