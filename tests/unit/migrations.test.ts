import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { openDatabase } from '../../src/lib/data/db';
import { DB_NAME, DB_VERSION } from '../../src/lib/data/schema';

afterEach(() => deleteDB(DB_NAME));

/** The stores of schema version 1, created as version 1 of lossloop created them. */
async function createVersion1WithData(): Promise<void> {
  const db = await openDB(DB_NAME, 1, {
    upgrade(v1) {
      v1.createObjectStore('projects', { keyPath: 'id' });
      v1.createObjectStore('samples', { keyPath: ['projectId', 'id'] });
      v1.createObjectStore('pixelChunks', { keyPath: ['projectId', 'chunk'] });
      v1.createObjectStore('labelEvents', { keyPath: 'seq', autoIncrement: true }).createIndex('byProject', 'projectId');
      v1.createObjectStore('cycles', { keyPath: ['projectId', 'index'] });
      v1.createObjectStore('checkpoints', { keyPath: 'projectId' });
      v1.createObjectStore('trainingRuns', { keyPath: 'projectId' });
    },
  });
  await db.put('projects', { id: 'old', name: 'made with version 1' });
  await db.put('samples', { projectId: 'old', id: 4, split: 'pool', label: 2 });
  await db.add('labelEvents', { projectId: 'old', sampleId: 4, label: 2 });
  db.close();
}

describe('schema migrations', () => {
  it('a new database gets every store of the current version', async () => {
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(
      ['checkpoints', 'cycles', 'labelEvents', 'pixelChunks', 'projects', 'races', 'samples', 'thumbnails', 'trainingRuns'],
    );
    db.close();
  });

  it('version 1 -> 3 adds the thumbnails and races stores and keeps every record', async () => {
    await createVersion1WithData();
    const db = await openDatabase();
    expect(db.version).toBe(3);
    expect(db.objectStoreNames.contains('thumbnails')).toBe(true);
    expect(db.objectStoreNames.contains('races')).toBe(true);
    expect(await db.get('projects', 'old')).toEqual({ id: 'old', name: 'made with version 1' });
    expect(await db.get('samples', ['old', 4])).toMatchObject({ label: 2 });
    expect(await db.getAllFromIndex('labelEvents', 'byProject', 'old')).toHaveLength(1);
    db.close();
  });
});
