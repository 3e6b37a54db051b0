import { plural } from '../core/plural';
import { fittedBatchSize, trainingSchedule } from '../core/schedule';
import type { ProjectSettings } from '../data/store/settings';

type RaceSettings = Pick<ProjectSettings, 'initialSize' | 'queryK' | 'epochs' | 'minSteps' | 'batchSize' | 'lrDropFraction' | 'detachFraction'>;

/**
 * What the rounds of a race train, as the schedule really trains them (src/lib/core/schedule.ts):
 * a small labeled set runs more epochs than the setting says, to reach the minimum number of
 * steps, so "10 epochs" would be wrong beside a progress bar that counts 75. Said in the Train
 * panel's words: "300 steps (75 epochs of 100 labels)".
 */
export function raceTrainingText(settings: RaceSettings, rounds: number): string {
  const first = `Round 1 trains ${roundTraining(settings, settings.initialSize)}`;
  if (!(rounds > 1)) return first;
  const last = Math.floor(rounds);
  return `${first}, round ${last} ${roundTraining(settings, settings.initialSize + (last - 1) * settings.queryK)}`;
}

/** One round's steps and epochs, at the batch the round fits to its labeled set. */
function roundTraining(settings: RaceSettings, labeled: number): string {
  const schedule = trainingSchedule(labeled, { ...settings, batchSize: fittedBatchSize(settings.batchSize, labeled) });
  return `${plural(schedule.totalSteps, 'step')} (${plural(schedule.epochs, 'epoch')} of ${plural(labeled, 'label')})`;
}
