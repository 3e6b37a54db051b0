import { describe, expect, it } from 'vitest';
import { getProject, updateProject } from '../../src/lib/data/store/projects';
import { InvalidSettingsError } from '../../src/lib/data/store/settingsRules';
import { seededDatabaseEachTest, tinySettings } from './projectFixture';

const db = seededDatabaseEachTest();

describe('saving settings', () => {
  it('stores settings that keep every rule', async () => {
    await updateProject(db(), 'p', (p) => ({ ...p, settings: { ...p.settings, batchSize: 6 } }));
    expect((await getProject(db(), 'p'))!.settings.batchSize).toBe(6);
  });

  it('refuses an odd batch size, names the setting, and keeps the old value', async () => {
    const saving = updateProject(db(), 'p', (p) => ({ ...p, settings: { ...p.settings, batchSize: 7 } }));
    await expect(saving).rejects.toThrow(InvalidSettingsError);
    await expect(saving).rejects.toThrow('These settings cannot be saved: Batch size must be even: images are paired for the ranking loss.');
    expect((await getProject(db(), 'p'))!.settings).toEqual(tinySettings);
  });

  it('refuses settings that disagree, and writes nothing else of the same change', async () => {
    const saving = updateProject(db(), 'p', (p) => ({ ...p, name: 'renamed', settings: { ...p.settings, queryK: 13 } }));
    await expect(saving).rejects.toThrow('Scored subset M must be at least query size K');
    const stored = (await getProject(db(), 'p'))!;
    expect(stored.name).toBe('test');
    expect(stored.settings.queryK).toBe(4);
  });

  it('lets a change that leaves the settings alone through', async () => {
    await updateProject(db(), 'p', (p) => ({ ...p, openQuery: { cycle: 0, ids: [1, 2] } }));
    expect((await getProject(db(), 'p'))!.openQuery).toEqual({ cycle: 0, ids: [1, 2] });
  });
});
