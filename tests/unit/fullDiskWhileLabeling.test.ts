import { afterEach, describe, expect, it } from 'vitest';
import { errorText } from '../../src/lib/state/messages.svelte';
import { closeDatabase } from './projectFixture';
import { quotaExceeded, refuseWrites } from './fullDisk';
import { openWorkspace, storedLabels, type OpenWorkspace } from './workspaceFixture';

/** A full disk met outside an import is said in plain words, and the labels already kept stay. */

let open: OpenWorkspace | null = null;
afterEach(async () => {
  if (open) await closeDatabase(open.db);
  open = null;
});

describe('a full disk while labeling', () => {
  it("says what a QuotaExceededError means and what to free, not the browser's own words", () => {
    expect(errorText(quotaExceeded())).toBe(
      "This browser has no room left for lossloop's data, so this change was not saved; everything saved before it is as it was. " +
        "To make room, delete projects of lossloop you no longer need (Project, then Delete…), clear other websites' data in the browser's settings (Privacy, Site data), or free disk space on this computer.",
    );
    expect(errorText(new Error('Sample 3 does not exist in this project.'))).toBe('Sample 3 does not exist in this project.');
  });

  it('refuses the label that found the disk full, keeps the ones before it, and says so', async () => {
    const opened = await openWorkspace({ openQuery: { cycle: 0, ids: [0, 1, 2] } });
    open = opened;
    const { workspace, db } = opened;
    expect(await workspace.label([0], 1)).toBe(true);
    const undoRefusal = refuseWrites((store) => store === 'samples');
    try {
      expect(await workspace.label([1], 2)).toBe(false);
    } finally {
      undoRefusal();
    }
    expect(await storedLabels(db, [0, 1])).toEqual([1, null]);
    expect(workspace.labeling.query.map((item) => item.label)).toEqual([1, null, null]);
    expect(workspace.counts.labeled).toBe(1);
    expect(opened.messages.problem).toMatch(/^That label could not be saved: This browser has no room left for lossloop's data, so this change was not saved;/);
  });
});
