import type { CycleHooks } from '../ml/cycle';
import type { CycleWork } from './cycleWork';

/**
 * How far a learning cycle or a strategy race has come. The loop reports it; the worker wraps it
 * into a message for the page (worker/protocol.ts), which draws the progress bar from it.
 */

export type RunPhase = 'loading' | 'training' | 'evaluating' | 'scoring' | 'selecting';

export interface RunProgress {
  phase: RunPhase;
  /** 0..1 over the whole cycle */
  fraction: number;
  epoch?: number;
  epochs?: number;
  crossEntropy?: number;
  rankingLoss?: number;
  samplesPerSecond?: number;
  /** while loading: images read from the store so far, of all the run needs */
  read?: { done: number; total: number };
  /** estimate from the time spent so far */
  secondsLeft?: number;
  /** set when this run resumed an interrupted cycle after that many epochs */
  resumedFromEpoch?: number;
  paused?: boolean;
  /** set while a strategy race runs: whose round this is (the lane's label) */
  race?: { strategy: string; round: number; rounds: number };
}

/** What a cycle reports of itself; the caller adds the time left and what it knows of the whole run. */
export type CycleProgress = Omit<RunProgress, 'secondsLeft' | 'resumedFromEpoch' | 'race'>;

/**
 * runCycle hooks that report the phase, the epoch and the fraction of the cycle done, each phase
 * filling its share of the bar (`phaseShares` of the cycle's work, loop/cycleWork.ts).
 */
export function cycleProgressHooks(report: (progress: CycleProgress) => void, shares: CycleWork): Pick<CycleHooks, 'onTrainProgress' | 'onPhase'> {
  return {
    onTrainProgress: (p) => report({
      phase: 'training',
      fraction: shares.training * (p.epoch + p.step / p.stepsPerEpoch) / p.epochs,
      epoch: p.epoch + 1, epochs: p.epochs,
      crossEntropy: p.crossEntropy, rankingLoss: p.rankingLoss, samplesPerSecond: p.samplesPerSecond,
    }),
    onPhase: (phase, done, total) => report({
      phase,
      fraction: phase === 'evaluating'
        ? shares.training + shares.evaluating * (done / total)
        : shares.training + shares.evaluating + shares.scoring * (done / total),
    }),
  };
}

/**
 * Seconds left from the time spent so far and the progress made in it (none until there is a
 * trend: 2% more done). `startFraction` is where this run started: 0 for a new cycle, further on
 * for a resumed one. Counting the epochs done before the interruption as done in this run's first
 * seconds would promise an end that keeps not coming.
 */
export function timeLeftEstimator(startFraction = 0, now: () => number = () => performance.now()): (fraction: number) => number | undefined {
  const started = now();
  return (fraction) => {
    const progress = fraction - startFraction;
    return progress > 0.02 ? ((now() - started) / 1000) * (1 - fraction) / progress : undefined;
  };
}

/** The fraction of a cycle done when `epoch` of its `epochs` are trained (where a resumed cycle starts). */
export function cycleFractionAtEpoch(epoch: number, epochs: number, shares: CycleWork): number {
  return epochs > 0 ? shares.training * Math.min(epoch, epochs) / epochs : 0;
}
