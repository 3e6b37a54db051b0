import type { LossloopDatabase } from '../../src/lib/data/store/db';
import type { ProjectRecord } from '../../src/lib/data/store/schema';
import { Messages } from '../../src/lib/state/messages.svelte';
import { ProjectList } from '../../src/lib/state/projectList.svelte';
import { ProjectWorkspace } from '../../src/lib/state/workspace.svelte';
import { WriteQueue } from '../../src/lib/state/writeQueue';
import { freshDatabase, seedProject, tinySettings } from './projectFixture';

export interface OpenWorkspace {
  db: LossloopDatabase;
  workspace: ProjectWorkspace;
  messages: Messages;
  queue: WriteQueue;
  /** what `isBusy` answers: set it to pretend a cycle runs */
  busy: { now: boolean };
}

/** The seeded project (40 pool images whose true label is id % 3) open in a workspace. */
export async function openWorkspace(project?: Partial<ProjectRecord>): Promise<OpenWorkspace> {
  const db = await freshDatabase();
  const seeded = await seedProject(db, 40, 10, tinySettings);
  if (project) await db.put('projects', { ...seeded, ...project });
  const messages = new Messages();
  const queue = new WriteQueue();
  const busy = { now: false };
  const projects = new ProjectList(db);
  await projects.reload();
  const workspace = new ProjectWorkspace({ db, queue, messages, projects, isBusy: () => busy.now }, { ...seeded, ...project });
  await workspace.reload();
  return { db, workspace, messages, queue, busy };
}

/** The stored label of each pool sample asked for. */
export async function storedLabels(db: LossloopDatabase, ids: number[]): Promise<(number | null)[]> {
  return Promise.all(ids.map(async (id) => (await db.get('samples', ['p', id]))?.label ?? null));
}
