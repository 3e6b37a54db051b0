import { afterEach, describe, expect, it } from 'vitest';
import { ClassEdits } from '../../src/lib/state/classEdits';
import { closeDatabase, tinySettings } from './projectFixture';
import { openWorkspace, storedLabels, type OpenWorkspace } from './workspaceFixture';

describe('undo in the labeling workspace', () => {
  let open: OpenWorkspace;
  afterEach(() => closeDatabase(open.db));

  it('reverts a multi-selection as one action, each image to its own previous label', async () => {
    open = await openWorkspace();
    const { workspace, db } = open;
    await workspace.label([0, 1], 0);
    // One action over three images that had three different labels before: class 0, class 0, none.
    await workspace.label([0, 1, 2], 1);
    expect(await storedLabels(db, [0, 1, 2])).toEqual([1, 1, 1]);
    expect(workspace.counts.perClass).toEqual([0, 3, 0]);

    expect(await workspace.undo()).toEqual([0, 1, 2]);
    expect(await storedLabels(db, [0, 1, 2])).toEqual([0, 0, null]);
    expect(workspace.counts).toMatchObject({ labeled: 2, unlabeled: 38, perClass: [2, 0, 0] });

    expect(await workspace.undo()).toEqual([0, 1]);
    expect(await storedLabels(db, [0, 1, 2])).toEqual([null, null, null]);
    expect(workspace.counts).toMatchObject({ labeled: 0, unlabeled: 40, perClass: [0, 0, 0] });
    expect(await workspace.undo()).toBeNull();
  });

  it('restores three different previous labels in one undo, each logged once', async () => {
    open = await openWorkspace();
    const { workspace, db } = open;
    await workspace.label([4], 2);
    await workspace.label([5], 0);
    await workspace.label([4, 5, 6, 7], 1);
    const logBefore = await db.count('labelEvents');
    await workspace.undo();
    // Three previous labels (2, 0, none), written as one group each; the log gains one entry per image.
    expect(await storedLabels(db, [4, 5, 6, 7])).toEqual([2, 0, null, null]);
    expect((await db.count('labelEvents')) - logBefore).toBe(4);
  });

  it('forgets the undo history when a class edit renumbers the labels', async () => {
    open = await openWorkspace();
    const { workspace, db } = open;
    await workspace.label([9], 2);
    expect(await new ClassEdits(workspace).merge(2, 0)).toBe(true);
    expect(await storedLabels(db, [9])).toEqual([0]);
    expect(await workspace.undo()).toBeNull();
    // The pool image and the three test images of class "c" (test ids 3002, 3005, 3008).
    expect(open.messages.notice).toBe('Merged "c" into "a": 4 labels moved, test-set labels included.');
  });

  it('sets a class key, and refuses a taken one with the name of the class that holds it', async () => {
    open = await openWorkspace();
    const { workspace } = open;
    const edits = new ClassEdits(workspace);
    expect(await edits.setHotkey(0, 'C')).toBeNull();
    expect(workspace.project.classes.map((c) => c.hotkey)).toEqual(['c', '2', '3']);
    expect(await edits.setHotkey(1, '3')).toBe('Key 3 already labels "c". Give that class another key first.');
    expect(await edits.setHotkey(1, '')).toBeNull();
    expect(workspace.project.classes.map((c) => c.hotkey)).toEqual(['c', '', '3']);
    // The refusal is for the field to show; the page-wide problem stays empty.
    expect(open.messages.problem).toBeNull();
  });

  it('shows the decisions newest first, each image once', async () => {
    open = await openWorkspace();
    const { workspace } = open;
    await workspace.label([1], 0);
    await workspace.label([2, 3], 1);
    await workspace.label([1], 2);
    expect(workspace.labeling.recent.map((d) => [d.id, d.label])).toEqual([[1, 2], [2, 1], [3, 1]]);
  });
});

describe('the open project', () => {
  let open: OpenWorkspace;
  afterEach(() => closeDatabase(open.db));

  it('refuses class edits while a cycle runs', async () => {
    open = await openWorkspace();
    open.busy.now = true;
    expect(await new ClassEdits(open.workspace).add('d')).toBe(false);
    expect(open.messages.problem).toBe('Classes cannot change while a cycle or race runs: wait for it to finish, or cancel it.');
    expect((await open.db.get('projects', 'p'))?.classes).toHaveLength(3);
  });

  it('only reads on refresh; the simulated oracle answers as a write of its own', async () => {
    open = await openWorkspace({ settings: { ...tinySettings, simulatedOracle: true } });
    const { workspace, db } = open;
    await db.put('projects', { ...workspace.project, openQuery: { cycle: 1, ids: [7, 8] } });
    await workspace.refresh();
    expect(workspace.project.openQuery?.ids).toEqual([7, 8]);
    expect(await storedLabels(db, [7, 8])).toEqual([null, null]);
    await workspace.reload();
    expect(await storedLabels(db, [7, 8])).toEqual([1, 2]); // true label = id % 3
    expect(workspace.counts.labeled).toBe(2);
  });

  it('answers the open query when the oracle is turned on', async () => {
    open = await openWorkspace({ openQuery: { cycle: 1, ids: [3, 4] } });
    const { workspace, db } = open;
    expect(await storedLabels(db, [3, 4])).toEqual([null, null]);
    await workspace.setSimulatedOracle(true);
    expect(workspace.project.settings.simulatedOracle).toBe(true);
    expect(await storedLabels(db, [3, 4])).toEqual([0, 1]);
  });

  it('draws the initial set of the preset size from the pool', async () => {
    open = await openWorkspace();
    await open.workspace.drawInitialSet();
    const query = open.workspace.project.openQuery;
    expect(query?.cycle).toBe(0);
    expect(new Set(query?.ids).size).toBe(tinySettings.initialSize);
    expect(query?.ids.every((id) => id >= 0 && id < 40)).toBe(true);
    expect(open.workspace.labeling.query.map((item) => item.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe('settings the store refuses', () => {
  let open: OpenWorkspace;
  afterEach(() => closeDatabase(open.db));

  it('are said in plain words, and the stored settings stay as they were', async () => {
    open = await openWorkspace();
    const before = open.workspace.project.settings.batchSize;
    await open.workspace.changeSettings({ batchSize: 7 });
    expect(open.messages.problem).toBe('That change was not saved, and the settings are as they were. Batch size must be even: images are paired for the ranking loss.');
    expect(open.messages.backendProblem).toBe(false);
    await open.workspace.refresh();
    expect(open.workspace.project.settings.batchSize).toBe(before);
  });
});
