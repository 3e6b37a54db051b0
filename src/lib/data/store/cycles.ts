import { projectRange, type LossloopDatabase } from './db';
import type { CheckpointRecord, CycleRecord, TrainingRunRecord } from './schema';

export function listCycles(db: LossloopDatabase, projectId: string): Promise<CycleRecord[]> {
  return db.getAll('cycles', projectRange(projectId));
}

/**
 * Records a finished cycle, its checkpoint and the query it opens, and closes its training run,
 * all in one transaction: after a crash either the whole cycle is there or none of it is.
 */
export async function commitCycle(db: LossloopDatabase, cycle: CycleRecord, checkpoint: CheckpointRecord): Promise<void> {
  const tx = db.transaction(['cycles', 'checkpoints', 'projects', 'trainingRuns'], 'readwrite');
  const project = await tx.objectStore('projects').get(cycle.projectId);
  if (!project) throw new Error('The project was deleted while its cycle was running.');
  await tx.objectStore('cycles').put(cycle);
  await tx.objectStore('checkpoints').put(checkpoint);
  await tx.objectStore('projects').put({ ...project, openQuery: { cycle: cycle.index, ids: cycle.queryIds } });
  await tx.objectStore('trainingRuns').delete(cycle.projectId);
  await tx.done;
}

export function getTrainingRun(db: LossloopDatabase, projectId: string): Promise<TrainingRunRecord | undefined> {
  return db.get('trainingRuns', projectId);
}

export async function saveTrainingRun(db: LossloopDatabase, run: TrainingRunRecord): Promise<void> {
  await db.put('trainingRuns', run);
}

/** Ends a cycle in progress for good: with no resume point left, nothing starts it again by itself. */
export async function discardTrainingRun(db: LossloopDatabase, projectId: string): Promise<void> {
  await db.delete('trainingRuns', projectId);
}

export function getCheckpoint(db: LossloopDatabase, projectId: string): Promise<CheckpointRecord | undefined> {
  return db.get('checkpoints', projectId);
}
