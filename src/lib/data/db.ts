import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, type LossloopDB } from './schema';

export type LossloopDatabase = IDBPDatabase<LossloopDB>;

/**
 * Opens (and creates or upgrades) the database; the UI and the trainer worker both call this.
 * Each schema version adds its stores in its own step, so a database of any older version is
 * brought up to date without touching its data.
 */
export function openDatabase(): Promise<LossloopDatabase> {
  return openDB<LossloopDB>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('projects', { keyPath: 'id' });
        db.createObjectStore('samples', { keyPath: ['projectId', 'id'] });
        db.createObjectStore('pixelChunks', { keyPath: ['projectId', 'chunk'] });
        const events = db.createObjectStore('labelEvents', { keyPath: 'seq', autoIncrement: true });
        events.createIndex('byProject', 'projectId');
        db.createObjectStore('cycles', { keyPath: ['projectId', 'index'] });
        db.createObjectStore('checkpoints', { keyPath: 'projectId' });
        db.createObjectStore('trainingRuns', { keyPath: 'projectId' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('thumbnails', { keyPath: ['projectId', 'id'] });
      }
      if (oldVersion < 3) {
        db.createObjectStore('races', { keyPath: 'projectId' });
      }
    },
  });
}

/** Key range covering every [projectId, n] key of one project. */
export function projectRange(projectId: string): IDBKeyRange {
  return IDBKeyRange.bound([projectId, -Infinity], [projectId, Infinity]);
}
