import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LABEL_WRITE_MEASURE } from '../../src/lib/state/labeling.svelte';
import { closeDatabase } from './projectFixture';
import { openWorkspace, storedLabels, type OpenWorkspace } from './workspaceFixture';

/**
 * Key presses faster than a durable write: those that arrive while a transaction runs all go into
 * the next one, in order; a card shows its label only once the label is on disk; undo stays exact;
 * one refused label does not take the others down with it.
 */

let open: OpenWorkspace;
afterEach(() => closeDatabase(open.db));
beforeEach(() => performance.clearMeasures(LABEL_WRITE_MEASURE));

/** The label transactions committed so far: how many, and the labels each wrote. */
function transactions(): number[] {
  return performance.getEntriesByName(LABEL_WRITE_MEASURE).map((entry) => (entry as PerformanceMeasure).detail.labels);
}

/** Holds the write queue (as a long write would) until the returned function is called. */
function holdQueue(): () => void {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  void open.queue.run(() => gate);
  return release;
}

describe('labels at keyboard speed', () => {
  it('puts every key press that arrives during a write into the next transaction, in order', async () => {
    open = await openWorkspace({ openQuery: { cycle: 0, ids: [0, 1, 2, 3, 4, 5] } });
    const { workspace, db } = open;
    const release = holdQueue();
    // Six presses while the store is busy; card 2 gets two keys, the second one counts.
    const presses = [workspace.label([0], 1), workspace.label([1], 2), workspace.label([2], 0), workspace.label([2], 1), workspace.label([3], 0), workspace.label([4], 2)];
    expect(workspace.labeling.pending).toEqual(new Map([[0, 1], [1, 2], [2, 1], [3, 0], [4, 2]]));
    // Nothing is shown as labeled before it is on disk.
    expect(workspace.labeling.query.map((item) => item.label)).toEqual([null, null, null, null, null, null]);
    release();
    expect(await Promise.all(presses)).toEqual([true, true, true, true, true, true]);
    expect(transactions()).toEqual([6]);
    expect(await storedLabels(db, [0, 1, 2, 3, 4, 5])).toEqual([1, 2, 1, 0, 2, null]);
    expect(workspace.labeling.query.map((item) => item.label)).toEqual([1, 2, 1, 0, 2, null]);
    expect(workspace.labeling.pending.size).toBe(0);
    expect(workspace.counts).toMatchObject({ labeled: 5, unlabeled: 35, perClass: [1, 2, 2] });
    // The log has every press, the overwritten one included, with the label each replaced.
    const log = (await db.getAll('labelEvents')).filter((e) => e.sampleId === 2).map((e) => [e.previous, e.label]);
    expect(log).toEqual([[null, 0], [0, 1]]);
  });

  it('an undo pressed among labels reverts the label pressed just before it, also inside one transaction', async () => {
    open = await openWorkspace({ openQuery: { cycle: 0, ids: [0, 1, 2, 3] } });
    const { workspace, db } = open;
    await workspace.label([0], 2);
    const release = holdQueue();
    const first = workspace.label([1], 1);
    const second = workspace.label([2], 0);
    const undone = workspace.undo();
    const third = workspace.label([3], 2);
    release();
    await Promise.all([first, second, third]);
    expect(await undone).toEqual([2]);
    expect(await storedLabels(db, [0, 1, 2, 3])).toEqual([2, 1, null, 2]);
    expect(transactions()).toEqual([1, 4]);
    // Undo goes on backwards through what was written: 3, then 1, then 0.
    expect(await workspace.undo()).toEqual([3]);
    expect(await workspace.undo()).toEqual([1]);
    expect(await workspace.undo()).toEqual([0]);
    expect(await storedLabels(db, [0, 1, 2, 3])).toEqual([null, null, null, null]);
    expect(workspace.counts.labeled).toBe(0);
  });

  it('refuses only the label that cannot be written; the presses beside it are stored', async () => {
    open = await openWorkspace({ openQuery: { cycle: 0, ids: [0, 1] } });
    const { workspace, db } = open;
    const release = holdQueue();
    // 3000 is a test image: the review may not relabel it from here.
    const presses = [workspace.label([0], 1), workspace.label([3000], 1), workspace.label([1], 2)];
    release();
    expect(await Promise.all(presses)).toEqual([true, false, true]);
    expect(await storedLabels(db, [0, 1])).toEqual([1, 2]);
    expect(open.messages.problem).toBe('That label could not be saved: Sample 3000 belongs to the test set and cannot be relabeled here.');
    // The refused press left nothing to undo: undo reverts the last label written.
    expect(await workspace.undo()).toEqual([1]);
    expect(await storedLabels(db, [0, 1])).toEqual([1, null]);
  });

  it('lists the new decisions from the images already shown, newest first', async () => {
    open = await openWorkspace({ openQuery: { cycle: 0, ids: [5, 6, 7] } });
    const { workspace } = open;
    const release = holdQueue();
    const presses = [workspace.label([5], 0), workspace.label([6], 1), workspace.label([7], 2)];
    release();
    await Promise.all(presses);
    expect(workspace.labeling.recent.map((d) => [d.id, d.label])).toEqual([[7, 2], [6, 1], [5, 0]]);
    // The same image bytes as the card's: nothing read again from the store.
    expect(workspace.labeling.recent[0].pixels).toBe(workspace.labeling.query[2].pixels);
  });
});
