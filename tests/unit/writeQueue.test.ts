import { afterEach, describe, expect, it } from 'vitest';
import { WriteQueue } from '../../src/lib/state/writeQueue';
import { closeDatabase } from './projectFixture';
import { openWorkspace, storedLabels, type OpenWorkspace } from './workspaceFixture';

/** A promise with its resolve handle, to hold a write open while the test issues another. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('the write queue', () => {
  it('runs two writes issued without awaiting in the order they were issued', async () => {
    const queue = new WriteQueue();
    const log: string[] = [];
    // The first write is the slower one: unordered, it would land second.
    const first = queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push('first');
    });
    const second = queue.run(async () => {
      log.push('second');
    });
    await Promise.all([first, second]);
    expect(log).toEqual(['first', 'second']);
  });

  it('holds a write issued during another until that one is done', async () => {
    const queue = new WriteQueue();
    const log: string[] = [];
    const held = gate();
    const first = queue.run(async () => {
      log.push('first starts');
      await held.opened;
      log.push('first ends');
    });
    const second = queue.run(async () => log.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['first starts']);
    held.open();
    await Promise.all([first, second]);
    expect(log).toEqual(['first starts', 'first ends', 'second']);
  });

  it('gives each caller its own result, and a failed write does not stop the next', async () => {
    const queue = new WriteQueue();
    const failed = queue.run(async () => {
      throw new Error('disk full');
    });
    const next = queue.run(async () => 42);
    await expect(failed).rejects.toThrow('disk full');
    expect(await next).toBe(42);
  });
});

describe('ordered intents on the store', () => {
  let open: OpenWorkspace;
  afterEach(() => closeDatabase(open.db));

  it('keeps the later of two labels of one image issued without awaiting', async () => {
    open = await openWorkspace();
    const { workspace, db } = open;
    await Promise.all([workspace.label([5], 0), workspace.label([5], 2)]);
    expect(await storedLabels(db, [5])).toEqual([2]);
    expect(workspace.counts.perClass).toEqual([0, 0, 1]);
  });

  it('lets an undo pressed while a label is being saved revert that label', async () => {
    open = await openWorkspace();
    const { workspace, db } = open;
    await workspace.label([3], 1);
    const labeling = workspace.label([3], 2);
    const undone = workspace.undo();
    await labeling;
    expect(await undone).toEqual([3]);
    expect(await storedLabels(db, [3])).toEqual([1]);
  });

  it('makes a settings change wait for the write issued before it', async () => {
    open = await openWorkspace();
    const { workspace, queue } = open;
    const held = gate();
    const order: string[] = [];
    const before = queue.run(async () => {
      await held.opened;
      order.push('before');
    });
    const change = workspace.changeSettings({ epochs: 7 }).then(() => order.push('settings'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(workspace.project.settings.epochs).toBe(3);
    held.open();
    await Promise.all([before, change]);
    expect(order).toEqual(['before', 'settings']);
    expect(workspace.project.settings.epochs).toBe(7);
  });
});
