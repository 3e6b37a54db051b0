import { cycleTrainedSamples, type ScheduleSettings } from '../core/schedule';
import { FORWARD_COST, unlabeledWorkFactor } from '../core/trainingWork';

/**
 * How much work each phase of a cycle is, counted in training images, so that the progress bar
 * and the time left share a cycle, and a race's rounds, by what they cost rather than evenly.
 * Evenly was far off: a race's rounds train on 500 to 3,000 labels, so its first round is a small
 * share of the race, and the time left it promised after one round was about half the truth; within
 * a cycle, measuring 10,000 test images is a third of the work at 500 labels and a tenth at 3,000.
 */

export { FORWARD_COST, unlabeledWorkFactor };

/** Work per phase, in training images. */
export interface CycleWork {
  training: number;
  evaluating: number;
  scoring: number;
}

export interface CycleCounts {
  labeled: number;
  /** test images measured after training */
  tested: number;
  /** candidates scored for the query (0 in a race's last round) */
  scored: number;
  /** scoring passes over the candidates: 1, or the committee's size */
  scoringPasses: number;
  /** training images predicted again after training (the review's guesses, k-center features) */
  guessed: number;
  /** the cost of a labeled image's step over the labeled image alone (core/trainingWork.ts) */
  trainingFactor: number;
}


export function cycleWork(counts: CycleCounts, settings: ScheduleSettings): CycleWork {
  return {
    training: cycleTrainedSamples(counts.labeled, settings) * counts.trainingFactor,
    evaluating: FORWARD_COST * counts.tested,
    // The training images are predicted again between the scoring passes: their bar is scoring's.
    scoring: FORWARD_COST * (counts.scored * Math.max(1, counts.scoringPasses) + counts.guessed),
  };
}

export function totalWork(work: CycleWork): number {
  return work.training + work.evaluating + work.scoring;
}

/** Each phase's share of the cycle's bar (all of it training when there is no work at all). */
export function phaseShares(work: CycleWork): CycleWork {
  const total = totalWork(work);
  if (!(total > 0)) return { training: 1, evaluating: 0, scoring: 0 };
  return { training: work.training / total, evaluating: work.evaluating / total, scoring: work.scoring / total };
}
