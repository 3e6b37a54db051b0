import type { LossloopDatabase } from '../data/store/db';
import { listProjects } from '../data/store/projects';
import type { ProjectRecord } from '../data/store/schema';

/** The project open last, a UI preference (not data): the store stays the one source of truth. */
const CURRENT_PROJECT_KEY = 'lossloop.currentProject';

/** Every project in the store, for the project picker, and which one this browser opened last. */
export class ProjectList {
  items = $state.raw<ProjectRecord[]>([]);

  constructor(private readonly db: LossloopDatabase) {}

  /** Re-reads the list (after an import, a restore, or a change to a project's counts). */
  async reload(): Promise<void> {
    this.items = await listProjects(this.db);
  }

  find(id: string | null): ProjectRecord | undefined {
    return this.items.find((p) => p.id === id);
  }

  /** The project open last in this browser, if it still exists. */
  remembered(): ProjectRecord | undefined {
    return this.find(globalThis.localStorage?.getItem(CURRENT_PROJECT_KEY) ?? null);
  }

  remember(id: string): void {
    globalThis.localStorage?.setItem(CURRENT_PROJECT_KEY, id);
  }
}
