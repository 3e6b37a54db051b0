import type { LossloopDatabase } from './db';
import type { RaceRecord } from './schema';

/** The last strategy race of a project (one per project: a new race replaces the old one). */
export function getRace(db: LossloopDatabase, projectId: string): Promise<RaceRecord | undefined> {
  return db.get('races', projectId);
}

export async function saveRace(db: LossloopDatabase, race: RaceRecord): Promise<void> {
  await db.put('races', race);
}
