import { addClass, deleteClass, mergeClasses, renameClass, setHotkey } from '../data/store/classes';
import { plural } from '../core/plural';
import { errorText } from './messages.svelte';
import type { ProjectWorkspace } from './workspace.svelte';

/**
 * The class edits of the open project. Each says what it did (or what went wrong) in plain words
 * and returns whether it was made.
 */
export class ClassEdits {
  constructor(private readonly workspace: ProjectWorkspace) {}

  add(name: string): Promise<boolean> {
    return this.edit(async (db, id) => {
      const project = await addClass(db, id, name);
      return `Added the class "${project.classes[project.classes.length - 1].name}".`;
    });
  }

  rename(index: number, name: string): Promise<boolean> {
    return this.edit(async (db, id) => {
      await renameClass(db, id, index, name);
      return null;
    });
  }

  /**
   * Gives class `index` the key typed (one digit or letter, or '' for none). Returns why the key was
   * refused (taken by another class, not a key), to be shown next to the field, or null when it was set.
   */
  async setHotkey(index: number, typed: string): Promise<string | null> {
    if (this.workspace.busy) return 'Keys cannot change while a cycle or race runs.';
    try {
      await this.workspace.write(() => setHotkey(this.workspace.db, this.workspace.project.id, index, typed));
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  merge(from: number, into: number): Promise<boolean> {
    const [a, b] = [this.workspace.project.classes[from].name, this.workspace.project.classes[into].name];
    return this.edit(async (db, id) => `Merged "${a}" into "${b}": ${plural(await mergeClasses(db, id, from, into), 'label')} moved, test-set labels included.`);
  }

  delete(index: number): Promise<boolean> {
    const name = this.workspace.project.classes[index].name;
    return this.edit(async (db, id) => {
      const cleared = await deleteClass(db, id, index);
      return `Deleted the class "${name}": ${plural(cleared, 'image')} ${cleared === 1 ? 'is' : 'are'} unlabeled again (test images of that class included).`;
    });
  }

  /** Runs a class edit that returns its notice (null: nothing worth saying). */
  private async edit(change: (db: ProjectWorkspace['db'], projectId: string) => Promise<string | null>): Promise<boolean> {
    const { messages } = this.workspace.parts;
    if (this.workspace.busy) {
      messages.fail('Classes cannot change while a cycle or race runs: wait for it to finish, or cancel it.');
      return false;
    }
    try {
      // Merges and deletes renumber labels, and the class count changes in the project list.
      const notice = await this.workspace.write(() => change(this.workspace.db, this.workspace.project.id), { forgetUndo: true, projectsChanged: true });
      messages.succeeded(notice ?? undefined);
      return true;
    } catch (error) {
      messages.fail(errorText(error));
      return false;
    }
  }
}
