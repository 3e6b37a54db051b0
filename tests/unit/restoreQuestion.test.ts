import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLabel } from '../../src/lib/data/store/samples';
import { listProjects } from '../../src/lib/data/store/projects';
import { backupProject } from '../../src/lib/data/transfer/backup';
import { ProjectFiles } from '../../src/lib/state/projectFiles';
import { closeDatabase } from './projectFixture';
import { openWorkspace, type OpenWorkspace } from './workspaceFixture';

/**
 * Restoring a backup whose project is already here (a teammate's demo backup meets this browser's
 * demo) asks first: replace it, keep both, or cancel. Nothing is written before the answer.
 */

let open: OpenWorkspace;
let opened: string[];
let files: ProjectFiles;
let backup: File;

beforeEach(async () => {
  open = await openWorkspace();
  opened = [];
  files = new ProjectFiles(open.workspace, async (id) => {
    opened.push(id);
  });
  await setLabel(open.db, 'p', 3, 1, 'human');
  backup = new File([await backupProject(open.db, 'p') as BlobPart], 'team.zip');
  // Work done here after the backup was made: what "replace" gives up and "keep both" keeps.
  await setLabel(open.db, 'p', 3, 0, 'human');
});
afterEach(() => closeDatabase(open.db));

const label = async (projectId: string, id: number) => (await open.db.get('samples', [projectId, id]))!.label;
const names = async () => (await listProjects(open.db)).map((p) => p.name);

describe('restoring a backup of a project that is already here', () => {
  it('asks before writing anything, and a cancel leaves everything as it was', async () => {
    const question = (await files.restoreBackup(backup))!;
    expect(question).toMatchObject({ fileName: 'team.zip', existingName: 'test', keepBothName: 'test (2)' });
    expect(await names()).toEqual(['test']);
    await question.answer('cancel');
    expect(await names()).toEqual(['test']);
    expect(await label('p', 3)).toBe(0);
    expect(opened).toEqual([]);
  });

  it('keeps both: the backup as a new project with a name of its own, the one here untouched', async () => {
    await (await files.restoreBackup(backup))!.answer('keep-both');
    const projects = await listProjects(open.db);
    expect(projects.map((p) => p.name)).toEqual(['test', 'test (2)']);
    const copy = projects[1];
    expect(opened).toEqual([copy.id]);
    expect(await label(copy.id, 3)).toBe(1);
    expect(await label('p', 3)).toBe(0);
    expect(open.messages.notice).toBe('Restored "test (2)" from team.zip, beside "test", which stays as it was.');
  });

  it('replaces the project when asked to', async () => {
    await (await files.restoreBackup(backup))!.answer('replace');
    expect(await names()).toEqual(['test']);
    expect(await label('p', 3)).toBe(1);
    expect(opened).toEqual(['p']);
    expect(open.messages.notice).toBe('Restored "test" from team.zip, in place of the "test" that was here.');
  });

  it('asks nothing about a file that cannot be restored, and says why in place of the last success', async () => {
    await (await files.restoreBackup(backup))!.answer('replace');
    expect(await files.restoreBackup(new File(['hello'], 'notes.zip'))).toBeNull();
    expect(open.messages.problem).toMatch(/^notes\.zip could not be restored: .+ Nothing was changed\.$/);
    expect(open.messages.notice).toBeNull();
  });

  it('waits while a cycle runs, also when the answer comes after it started', async () => {
    const question = (await files.restoreBackup(backup))!;
    open.busy.now = true;
    await question.answer('replace');
    expect(open.messages.problem).toBe('Wait for the cycle to finish (or cancel it) before restoring a backup.');
    expect(await label('p', 3)).toBe(0);
    expect(await files.restoreBackup(backup)).toBeNull();
  });
});
