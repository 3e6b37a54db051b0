import 'fake-indexeddb/auto';
import { afterEach, beforeEach } from 'vitest';
import { deleteDB } from 'idb';
import { openDatabase, type LossloopDatabase } from '../../src/lib/data/store/db';
import { DB_NAME, type ProjectRecord } from '../../src/lib/data/store/schema';
import { addSamples } from '../../src/lib/data/store/samples';
import { PRESETS, type ProjectSettings } from '../../src/lib/data/store/settings';
import { tinyImages } from './tinyData';

/**
 * One database fixture for the store tests: a project of 6x6 greyscale images, pool ids
 * 0..poolCount-1 with hidden true labels, test ids from 3000 with given labels.
 */

export async function freshDatabase(): Promise<LossloopDatabase> {
  await deleteDB(DB_NAME);
  return openDatabase();
}

export async function closeDatabase(db: LossloopDatabase): Promise<void> {
  db.close();
  await deleteDB(DB_NAME);
}

export const tinySettings: ProjectSettings = {
  ...PRESETS.quick.settings, initialSize: 10, queryK: 4, subsetM: 12, epochs: 3, minSteps: 0, batchSize: 4,
  stageWidths: [2, 3], headUnits: 3, testSize: 8, learningRate: 0.05, fallbackWhenAtChance: false,
};

export async function seedProject(db: LossloopDatabase, poolCount = 40, testCount = 10, settings = tinySettings, id = 'p'): Promise<ProjectRecord> {
  const project: ProjectRecord = {
    id, name: id === 'p' ? 'test' : id, source: 'made up',
    classes: [{ name: 'a', hotkey: '1' }, { name: 'b', hotkey: '2' }, { name: 'c', hotkey: '3' }],
    imageShape: [6, 6, 1], normalization: { mean: 0.3, std: 0.3 }, poolCount, testCount,
    settings, openQuery: null, complete: true, createdAt: 0,
  };
  await db.put('projects', project);
  const pool = tinyImages(poolCount, 1);
  const test = tinyImages(testCount, 2);
  await addSamples(db, id, { split: 'pool', firstId: 0, count: poolCount, pixels: pool.pixels, pixelsPerImage: 36, trueLabels: pool.labels });
  await addSamples(db, id, { split: 'test', firstId: 3000, count: testCount, pixels: test.pixels, pixelsPerImage: 36, labels: test.labels });
  return project;
}

/** A fresh database with the seeded project for each test of a file, closed after it: the returned function gives it. */
export function seededDatabaseEachTest(): () => LossloopDatabase {
  let db: LossloopDatabase;
  beforeEach(async () => {
    db = await freshDatabase();
    await seedProject(db);
  });
  afterEach(() => closeDatabase(db));
  return () => db;
}
