import type { LossloopDatabase } from './db';
import type { ProjectRecord } from './schema';
import { assertValidSettings } from './settingsRules';

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

/** The longest project name kept: it has to fit the project picker. */
export const MAX_PROJECT_NAME_LENGTH = 80;

/**
 * Gives a project a new name, trimmed. An empty name is refused (the picker would show a blank
 * entry); names may repeat, as file names in different folders do.
 */
export async function renameProject(db: LossloopDatabase, projectId: string, name: string): Promise<ProjectRecord> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A project needs a name.');
  if (trimmed.length > MAX_PROJECT_NAME_LENGTH) throw new Error(`A project name can have at most ${MAX_PROJECT_NAME_LENGTH} characters.`);
  return updateProject(db, projectId, (project) => ({ ...project, name: trimmed }));
}
