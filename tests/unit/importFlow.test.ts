import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { encodeIdx } from '../../src/lib/data/formats/idx';
import { listProjects } from '../../src/lib/data/store/projects';
import { ImportFlow } from '../../src/lib/state/importFlow.svelte';
import { Messages } from '../../src/lib/state/messages.svelte';
import { ProjectList } from '../../src/lib/state/projectList.svelte';
import { WriteQueue } from '../../src/lib/state/writeQueue';
import { closeDatabase, freshDatabase, seedProject } from './projectFixture';

/** `count` 2x2 images, labels i mod 2. */
function idxFiles(count: number) {
  return {
    name: 'squares',
    poolImages: new Blob([encodeIdx([count, 2, 2], Uint8Array.from({ length: count * 4 }, (_, i) => i % 256)) as BlobPart]),
    poolLabels: new Blob([encodeIdx([count], Uint8Array.from({ length: count }, (_, i) => i % 2)) as BlobPart]),
    poolLabelMode: 'hidden' as const,
  };
}

describe('the import flow', () => {
  let db: LossloopDatabase;
  let messages: Messages;
  let opened: string[];
  let flow: ImportFlow;
  let projects: ProjectList;

  beforeEach(async () => {
    db = await freshDatabase();
    await seedProject(db);
    messages = new Messages();
    opened = [];
    projects = new ProjectList(db);
    await projects.reload();
    flow = new ImportFlow(db, new WriteQueue(), messages, projects, async (id) => void opened.push(id));
  });
  afterEach(() => closeDatabase(db));

  it('stores the new project, lists it, closes the panel and opens the project', async () => {
    flow.show(true);
    messages.fail('an older problem');
    await flow.importIdx(idxFiles(12));
    expect(projects.items.map((p) => p.name).sort()).toEqual(['squares', 'test']);
    const imported = projects.items.find((p) => p.name === 'squares');
    expect(opened).toEqual([imported?.id]);
    expect(flow.open).toBe(false);
    expect(flow.progress).toBeNull();
    expect(messages.problem).toBeNull();
    expect(messages.notice).toBe('Imported "squares": 12 pool images, 0 test images.');
  });

  it('says the import was stopped when the panel closes during it, and keeps nothing', async () => {
    flow.show(true);
    const running = flow.importIdx(idxFiles(12));
    flow.show(false);
    await running;
    expect(messages.problem).toBe('The import was stopped; nothing of it was kept.');
    expect(opened).toEqual([]);
    expect((await listProjects(db)).map((p) => p.name)).toEqual(['test']);
  });

  it('says why an import failed', async () => {
    await flow.importIdx({ ...idxFiles(12), poolLabels: new Blob([encodeIdx([5], new Uint8Array(5)) as BlobPart]) });
    expect(messages.problem).toMatch(/^The import failed: /);
    expect(opened).toEqual([]);
  });
});
