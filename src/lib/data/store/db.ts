import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, type LossloopDB } from './schema';
import { upgradeSettings } from './settingsUpgrade';
import { assignHotkeys } from './hotkeys';

export type LossloopDatabase = IDBPDatabase<LossloopDB>;

/**
 * Opens (and creates or upgrades) the database; the UI and the trainer worker both call this.
 * Each schema version adds its stores in its own step, so a database of any older version is
 * brought up to date without touching its data.
 */
export function openDatabase(): Promise<LossloopDatabase> {
  return openDB<LossloopDB>(DB_NAME, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, transaction) {
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
      if (oldVersion < 6) {
        db.createObjectStore('labelConflicts', { keyPath: ['projectId', 'sampleId'] });
      }
      if (oldVersion >= 1 && oldVersion < 7) {
        // Version 4: settings gained the minimum training steps and the entropy fallback, and the
        // presets changed. Version 7: the ranking targets and learning from unlabeled images.
        for (const storeName of ['projects', 'trainingRuns', 'races'] as const) {
          if (!db.objectStoreNames.contains(storeName)) continue;
          const store = transaction.objectStore(storeName);
          for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
            if (cursor.value.settings) await cursor.update({ ...cursor.value, settings: upgradeSettings(cursor.value.settings) });
          }
        }
      }
      if (oldVersion >= 1 && oldVersion < 5) {
        // Keys used to follow class positions (key 2 labeled the second class, even one named "1"),
        // and could not be edited: every project gets the keys its class names ask for.
        const projects = transaction.objectStore('projects');
        for (let cursor = await projects.openCursor(); cursor; cursor = await cursor.continue()) {
          if (!Array.isArray(cursor.value.classes)) continue;
          const keys = assignHotkeys(cursor.value.classes.map((c) => c.name));
          await cursor.update({ ...cursor.value, classes: cursor.value.classes.map((c, i) => ({ ...c, hotkey: keys[i] })) });
        }
      }
    },
  });
}

/** Key range covering every [projectId, n] key of one project. */
export function projectRange(projectId: string): IDBKeyRange {
  return IDBKeyRange.bound([projectId, -Infinity], [projectId, Infinity]);
}
