import type { TrainerProgress } from '../worker/protocol';

const PHASE_NAMES = {
  loading: 'Reading the images',
  training: 'Training',
  evaluating: 'Measuring the test set',
  scoring: 'Scoring the unlabeled subset',
  selecting: 'Choosing the next images',
} as const;

/** What the trainer is doing, in words: phase, epoch, losses, speed and time left. */
export function describeProgress(p: TrainerProgress, paused: boolean): string {
  let text = p.race ? `Race: ${p.race.strategy}, round ${p.race.round} of ${p.race.rounds} – ` : '';
  text += PHASE_NAMES[p.phase];
  if (p.phase === 'loading' && p.read) text += ` – ${p.read.done.toLocaleString('en-US')} of ${p.read.total.toLocaleString('en-US')}`;
  if (p.phase === 'training' && p.epoch) {
    text += ` – epoch ${p.epoch} of ${p.epochs}`;
    if (p.crossEntropy !== undefined) text += `, cross-entropy ${p.crossEntropy.toFixed(3)}, ranking loss ${p.rankingLoss!.toFixed(3)}`;
    if (p.samplesPerSecond) text += `, ${p.samplesPerSecond.toFixed(1)} images/s`;
  }
  if (paused) text += ' – paused';
  else if (p.secondsLeft !== undefined) text += ` – about ${formatDuration(p.secondsLeft)} left`;
  return text;
}

/** How full the bar is: while the images are read, how many are; then the share of the whole run. */
export function progressFraction(p: TrainerProgress): number {
  return p.phase === 'loading' && p.read && p.read.total > 0 ? p.read.done / p.read.total : p.fraction;
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
