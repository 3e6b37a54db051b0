import { allOrNothing } from './allOrNothing';
import type { LossloopDatabase } from './db';
import type { ProjectRecord } from './schema';
import { assertValidSettings } from './settingsRules';
import { uniqueName } from './names';

export function getProject(db: LossloopDatabase, projectId: string): Promise<ProjectRecord | undefined> {
  return db.get('projects', projectId);
}

/** Every completely imported project, oldest first. */
export async function listProjects(db: LossloopDatabase): Promise<ProjectRecord[]> {
  return (await db.getAll('projects')).filter((p) => p.complete).sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * Reads, changes and writes a project record in one transaction. Changed settings are checked
 * against the settings' rules first: settings that break one throw InvalidSettingsError, naming
 * the setting, and the stored project keeps its old settings.
 */
export async function updateProject(
  db: LossloopDatabase,
  projectId: string,
  change: (project: ProjectRecord) => ProjectRecord,
): Promise<ProjectRecord> {
  const tx = db.transaction('projects', 'readwrite');
  const project = await tx.store.get(projectId);
  if (!project) throw new Error(`There is no project "${projectId}".`);
  const updated = change(project);
  if (updated.settings !== project.settings) assertValidSettings(updated.settings);
  await tx.store.put(updated);
  await tx.done;
  return updated;
}

/**
 * Gives a project a new name, under the name rule (names.ts): trimmed, not empty, not too long for
 * the picker, and no other project's name, so the picker never lists two entries that read alike.
 */
export async function renameProject(db: LossloopDatabase, projectId: string, name: string): Promise<ProjectRecord> {
  return allOrNothing(db.transaction('projects', 'readwrite'), async (tx) => {
    const project = await tx.store.get(projectId);
    if (!project) throw new Error(`There is no project "${projectId}".`);
    const checked = uniqueName(name, 'project', namesOf(await tx.store.getAll(), projectId));
    const renamed = { ...project, name: checked };
    await tx.store.put(renamed);
    return renamed;
  });
}

/** The name a new project may take (typed by a person): the name rule, among the projects here. */
export async function checkNewProjectName(db: LossloopDatabase, name: string): Promise<string> {
  return uniqueName(name, 'project', namesOf(await db.getAll('projects')));
}

/** The names of the projects a person sees (completely imported ones), but the one `except`. */
export function namesOf(projects: readonly ProjectRecord[], except?: string): string[] {
  return projects.filter((p) => p.complete && p.id !== except).map((p) => p.name);
}
