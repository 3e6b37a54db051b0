import type { CycleRecord } from '../data/store/schema';
import type { ProjectSettings } from '../data/store/settings';
import { cycleTrainedSamples, fittedBatchSize, samplesPerEpoch, trainingSchedule } from '../core/schedule';
import { unlabeledWorkFactor } from '../core/trainingWork';

/**
 * What the next cycle will cost on this device, said before Train: its optimizer steps and epochs
 * (src/lib/core/schedule.ts), and its seconds, from the speed the project's last cycle on the same
 * backend and network measured (training samples per second, scored images per second).
 */

export interface CycleCost {
  steps: number;
  epochs: number;
  /** null until a cycle on this backend and network has measured the speed */
  seconds: number | null;
}

export interface NextCycle {
  labeledCount: number;
  unlabeledCount: number;
  testCount: number;
  backend: string | null;
}

function sameNetwork(a: ProjectSettings, b: ProjectSettings): boolean {
  return a.blocksPerStage === b.blocksPerStage && a.headUnits === b.headUnits && a.stageWidths.join('/') === b.stageWidths.join('/');
}

/**
 * Training work per second (labeled samples, weighed by what unlabeled training added to their
 * steps: core/trainingWork.ts) and scored images per second of a finished cycle.
 */
export function measuredSpeed(cycle: CycleRecord): { trainPerSecond: number; scorePerSecond: number } | null {
  const batch = fittedBatchSize(cycle.settings.batchSize, cycle.labeledCount);
  // Epochs report the unlabeled loss only when the cycle drew unlabeled images.
  const factor = cycle.epochs[0]?.unlabeledLoss !== undefined ? unlabeledWorkFactor(cycle.settings) : 1;
  const trained = samplesPerEpoch(cycle.labeledCount, batch) * cycle.epochs.length * factor;
  if (!(cycle.trainSeconds > 0) || !(cycle.scoreSeconds > 0) || cycle.subsetSize === 0) return null;
  return { trainPerSecond: trained / cycle.trainSeconds, scorePerSecond: cycle.subsetSize / cycle.scoreSeconds };
}

export function nextCycleCost(cycles: readonly CycleRecord[], settings: ProjectSettings, next: NextCycle): CycleCost {
  const batch = fittedBatchSize(settings.batchSize, next.labeledCount);
  const schedule = trainingSchedule(next.labeledCount, { ...settings, batchSize: batch });
  const cost = { steps: schedule.totalSteps, epochs: schedule.epochs, seconds: null };
  const last = [...cycles].reverse().find((c) => c.backend === next.backend && sameNetwork(c.settings, settings));
  const speed = last && measuredSpeed(last);
  if (!speed || batch < 2) return cost;
  const trained = cycleTrainedSamples(next.labeledCount, settings) * unlabeledWorkFactor(settings);
  // The test set is measured and the subset scored at the same speed (both are inference).
  const inferred = Math.min(settings.testSize, next.testCount) + Math.min(settings.subsetM, next.unlabeledCount);
  return { ...cost, seconds: trained / speed.trainPerSecond + inferred / speed.scorePerSecond };
}

/** "about 40 s", "about 3 min": an estimate, said as one. */
export function aboutDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}
