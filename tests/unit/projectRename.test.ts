import { describe, expect, it } from 'vitest';
import { getProject, renameProject } from '../../src/lib/data/store/projects';
import { MAX_NAME_LENGTH } from '../../src/lib/data/store/names';
import { seededDatabaseEachTest } from './projectFixture';

const db = seededDatabaseEachTest();

describe('renaming a project', () => {
  it('stores the new name without the spaces around it', async () => {
    await renameProject(db(), 'p', '  Shoes and bags ');
    expect((await getProject(db(), 'p'))!.name).toBe('Shoes and bags');
  });

  it('refuses an empty name and keeps the old one', async () => {
    await expect(renameProject(db(), 'p', '   ')).rejects.toThrow('A project needs a name.');
    expect((await getProject(db(), 'p'))!.name).toBe('test');
  });

  it('refuses a name too long for the picker', async () => {
    await renameProject(db(), 'p', 'x'.repeat(MAX_NAME_LENGTH));
    await expect(renameProject(db(), 'p', 'y'.repeat(MAX_NAME_LENGTH + 1))).rejects.toThrow('at most 80 characters');
    expect((await getProject(db(), 'p'))!.name).toBe('x'.repeat(80));
  });
});
