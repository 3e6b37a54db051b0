import { getTrainingRun } from '../data/store/cycles';
import type { RaceRecord } from '../data/store/schema';
import type { BackendInfo } from '../core/backendNames';
import type { EpochMetrics } from '../ml/train';
import type { FromTrainer, TrainerProgress } from '../worker/protocol';
import type { RaceRequest } from '../loop/race';
import { plural } from '../core/plural';
import { errorText, type Messages } from './messages.svelte';
import type { ProjectWorkspace } from './workspace.svelte';
import { whyTrainIsOff } from './trainBlocker';
import { ModelTrials } from './modelTrials';

/** What the session asks of the trainer worker (TrainerClient in the page, a fake in tests). */
export interface TrainerPort {
  train(projectId: string): void;
  race(projectId: string, request?: RaceRequest): void;
  /** one image through the last stored model, answered by a 'tried' or 'try-failed' message */
  tryModel(projectId: string, requestId: number, pixels: Uint8Array): void;
  pause(): void;
  resume(): void;
  /** `endRun`: the person cancelled, so the cycle ends for good; false when the work moves to another tab */
  cancel(endRun: boolean): void;
  simulateDeviceLoss(): void;
}

/** Makes the trainer, given where its messages and its crash go. */
export type ConnectTrainer = (onMessage: (message: FromTrainer) => void, onCrash: (message: string) => void) => TrainerPort;

const LOADING: TrainerProgress = { type: 'progress', phase: 'loading', fraction: 0 };

/**
 * The work the trainer worker does for the open project: cycles and strategy races, their progress
 * as it comes, pause and cancel, and picking up a cycle that an interruption (a closed tab, a lost
 * GPU) cut short. The worker writes its own results to the store; the session tells the workspace
 * to re-read them.
 */
export class TrainingSession {
  backend = $state.raw<BackendInfo | null>(null);
  /** the progress of the cycle or race round that runs; null when the trainer is idle */
  training = $state.raw<TrainerProgress | null>(null);
  /** the epochs of the cycle (or race round) in progress, as they end */
  liveEpochs = $state.raw<{ epochs: number; history: EpochMetrics[] } | null>(null);
  racing = $state(false);
  paused = $state(false);

  /** images tried on the current model (the Model tab's panel) */
  readonly trials: ModelTrials;

  private readonly trainer: TrainerPort;
  /** whether the open project was checked for an interrupted cycle */
  private resumeChecked = false;
  /** the cycle picked up after an interruption, until it is done */
  private resumedCycle: number | null = null;
  /** Train was pressed and waits for the last labels to reach the store before the trainer starts */
  private waitingForLabels = false;

  constructor(
    private readonly messages: Messages,
    /** the open project; null until the store is open */
    private readonly workspace: () => ProjectWorkspace | null,
    connect: ConnectTrainer,
  ) {
    // A message whose follow-up fails (the store cannot be re-read) shows why, like any problem.
    this.trainer = connect((message) => this.handle(message).catch((error) => messages.fail(errorText(error))), (message) => {
      this.trials.abandon(message);
      messages.failOnBackend(message);
    });
    this.trials = new ModelTrials((projectId, requestId, pixels) => this.trainer.tryModel(projectId, requestId, pixels));
  }

  get busy(): boolean {
    return this.training !== null;
  }

  get canTrain(): boolean {
    return this.workspace() !== null && this.trainBlocker === null;
  }

  /** Why Train is off and what to do about it; null when it can start. */
  get trainBlocker(): string | null {
    const workspace = this.workspace();
    return whyTrainIsOff({
      backendReady: this.backend !== null,
      running: this.training !== null,
      racing: this.racing,
      labeled: workspace?.counts.labeled ?? 0,
      labeledTest: workspace?.counts.test ?? 0,
      queryOpen: workspace?.project.openQuery != null,
      refusedSettings: workspace?.settingDrafts.all ?? [],
    });
  }

  /**
   * Trains the next cycle on every label given so far: the labels of the last key presses may still
   * be on their way to the store, and the cycle reads its labels from there, so it starts once they
   * are written.
   */
  async train(): Promise<void> {
    const workspace = this.workspace();
    if (!workspace || !this.canTrain) return;
    this.begin();
    this.waitingForLabels = true;
    await workspace.labeling.settled();
    // Cancel pressed while the labels were being written: the cycle never reaches the trainer.
    if (!this.waitingForLabels) return;
    this.waitingForLabels = false;
    this.trainer.train(workspace.project.id);
  }

  /** Starts a new strategy race with the simulated oracle (the project's own labels are untouched). */
  startRace(request: RaceRequest): void {
    // The last race leaves the page now: its chart must not pass for the new race's.
    const workspace = this.workspace();
    if (workspace) workspace.race = null;
    this.beginRace((projectId) => this.trainer.race(projectId, request));
  }

  /** Goes on with the project's last race from its last point. */
  continueRace(): void {
    this.beginRace((projectId) => this.trainer.race(projectId));
  }

  /** The person's cancel: the cycle is over, and a reload does not start it again. */
  cancel(): void {
    if (this.waitingForLabels) {
      this.waitingForLabels = false;
      this.stop();
      this.messages.note('The cycle was cancelled before it started. Your labels are kept; Train starts a new cycle.');
      return;
    }
    this.trainer.cancel(true);
  }

  /** Another tab takes the work over: this one stops, and the cycle resumes there. */
  handOver(): void {
    this.trainer.cancel(false);
  }

  togglePause(): void {
    if (this.paused) this.trainer.resume();
    else this.trainer.pause();
  }

  /** Fault injection for end-to-end tests: the GPU goes away mid-cycle. */
  simulateDeviceLoss(): void {
    this.trainer.simulateDeviceLoss();
  }

  /** Another project is open: it gets its own check for an interrupted cycle. */
  projectChanged(): Promise<void> {
    this.resumeChecked = false;
    return this.resumeInterruptedCycle();
  }

  /** A cycle cut short goes on from its last completed epoch, once per opened project. */
  async resumeInterruptedCycle(): Promise<void> {
    const workspace = this.workspace();
    if (this.resumeChecked || !this.backend || !workspace) return;
    this.resumeChecked = true;
    const run = await getTrainingRun(workspace.db, workspace.project.id);
    if (!run) return;
    this.messages.note(run.checkpoint
      ? `Resuming cycle ${run.cycle}, which was interrupted after epoch ${run.checkpoint.nextEpoch}.`
      : `Restarting cycle ${run.cycle}, which was interrupted before its first epoch ended.`);
    this.resumedCycle = run.cycle;
    this.training = LOADING;
    this.trainer.train(workspace.project.id);
  }

  /** Every message of the trainer worker lands here. */
  async handle(message: FromTrainer): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.backend = message.backend;
        this.trials.trainerStarted();
        await this.resumeInterruptedCycle();
        break;
      case 'progress':
        this.training = message;
        break;
      case 'epoch':
        this.liveEpochs = { epochs: message.epochs, history: message.history };
        break;
      case 'race':
        this.showRace(message.race);
        break;
      case 'paused':
        this.paused = message.paused;
        break;
      case 'tried':
      case 'try-failed':
        this.trials.settle(message);
        break;
      case 'done':
        this.stop();
        // A short cycle can finish before anyone read "Resuming…": say that it did.
        await this.workspace()?.reload();
        this.messages.note(this.doneNote(message.cycle));
        this.resumedCycle = null;
        break;
      case 'cancelled':
        this.messages.note(this.racing
          ? 'The race was stopped. Its points are kept; it can go on later from where it stopped.'
          : message.ended
            ? 'The cycle was cancelled and will not restart by itself. Your labels are kept; Train starts a new cycle.'
            : 'The cycle was stopped here; it goes on in the tab that took over.');
        this.stop();
        break;
      case 'error':
        this.stop();
        this.messages.failOnBackend(message.message);
        break;
    }
  }

  /** What a finished cycle trained on, so that a person sees every label given counted. */
  private doneNote(cycle: number): string {
    const labeled = this.workspace()?.cycles.find((c) => c.index === cycle)?.labeledCount;
    const trainedOn = labeled === undefined ? '' : ` It trained on ${plural(labeled, 'label')}.`;
    // A short cycle can finish before anyone read "Resuming…": say that it did.
    return this.resumedCycle === cycle ? `Cycle ${cycle}, which had been interrupted, is done.${trainedOn}` : `Cycle ${cycle} is done.${trainedOn}`;
  }

  private showRace(race: RaceRecord): void {
    const workspace = this.workspace();
    if (workspace) workspace.race = race;
    if (race.state === 'finished') {
      this.messages.note(`The race is over: ${plural(race.lanes.length, 'strategy', 'strategies')}, ${plural(race.rounds, 'point')} each.`);
      this.stop();
    }
  }

  private beginRace(send: (projectId: string) => void): void {
    const workspace = this.workspace();
    if (!workspace) return;
    this.racing = true;
    this.begin();
    send(workspace.project.id);
  }

  private begin(): void {
    this.messages.clear();
    this.training = LOADING;
  }

  private stop(): void {
    this.training = null;
    this.paused = false;
    this.racing = false;
    this.liveEpochs = null;
  }
}
