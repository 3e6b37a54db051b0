import { TrainingCancelled } from '../ml/trainingErrors';

/**
 * Pause and cancel for a running cycle. `checkpoint` is awaited before every training step and
 * inference batch; it always yields to the event loop once, so a pause or cancel message sent
 * while a step runs is seen before the next step starts.
 */
export class RunControl {
  private paused = false;
  private cancelled = false;
  /** whether the cancel ends the run for good (the person asked) or leaves it to resume (a lost device, a tab handing over) */
  endsRun = false;
  private wake: (() => void) | null = null;

  constructor(private readonly onPauseChange: (paused: boolean) => void = () => {}) {}

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.onPauseChange(true);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.onPauseChange(false);
    this.wake?.();
  }

  cancel(endRun: boolean): void {
    this.cancelled = true;
    this.endsRun = endRun;
    this.wake?.();
  }

  readonly checkpoint = async (): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    while (this.paused && !this.cancelled) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    if (this.cancelled) throw new TrainingCancelled();
  };
}
