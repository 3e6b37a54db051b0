import { openDatabase, type LossloopDatabase } from '../data/store/db';
import { ensureDemoProject, type LoadProgress } from '../data/transfer/demo';
import { getProject, listProjects, updateProject } from '../data/store/projects';
import { importIdxProject, type IdxProjectFiles } from '../data/transfer/importIdxProject';
import { importImageProject, type ImageFile, type ImageProjectOptions } from '../data/transfer/importImageProject';
import { answerFromTruth, holdOutAsTestSet, listSamples } from '../data/store/samples';
import { idsOf, listPool, listUnlabeled } from '../data/store/sampleQueries';
import { getTrainingRun, listCycles } from '../data/store/cycles';
import { getRace } from '../data/store/races';
import { PRESETS, type PresetName, type ProjectSettings } from '../data/store/settings';
import { TEST_SET_QUERY, type CycleRecord, type ProjectRecord, type RaceRecord } from '../data/store/schema';
import { drawInitialSet } from '../al/query';
import type { StrategyName } from '../al/strategies';
import type { BackendInfo } from '../core/backendNames';
import type { BackendWishes } from '../ml/backendDecision';
import type { EpochMetrics } from '../ml/train';
import type { FromTrainer, RaceRequest, TrainerProgress } from '../worker/protocol';
import { TrainerClient } from './trainerClient';
import { restoreProject } from '../data/transfer/backup';
import { applyLabelsCsv, describeCsvReport } from '../data/transfer/applyLabelsCsv';
import { makeExport, type Download, type ExportKind } from './exports';
import { Labeling } from './labeling.svelte';
import { countChange, countSamples, type Counts } from './counts';
import { addClass, deleteClass, mergeClasses, renameClass } from '../data/store/classes';
import { ConfusionCellView } from './confusionCell.svelte';
import { requestPersistentStorage, storageInfo, type StorageInfo } from '../data/store/storageInfo';
import { acquireTabLock } from './tabLock';

/** The project open last, a UI preference (not data): the store stays the one source of truth. */
const CURRENT_PROJECT_KEY = 'lossloop.currentProject';

/** Progress of an import, whichever kind. */
export interface ImportStatus {
  stage: string;
  done: number;
  total: number;
}

/**
 * The app's state for the components: read from IndexedDB (the source of truth), changed only
 * through the intents below, each of which writes to the store before the state moves on.
 */
export class LossloopState {
  status = $state<'starting' | 'loading' | 'ready' | 'failed'>('starting');
  loadProgress = $state.raw<LoadProgress | null>(null);
  backend = $state.raw<BackendInfo | null>(null);
  project = $state.raw<ProjectRecord | null>(null);
  projects = $state.raw<ProjectRecord[]>([]);
  /** the import panel is open; progress while an import runs */
  importing = $state(false);
  importProgress = $state.raw<ImportStatus | null>(null);
  cycles = $state.raw<CycleRecord[]>([]);
  counts = $state.raw<Counts>({ labeled: 0, unlabeled: 0, test: 0, perClass: [] });
  training = $state.raw<TrainerProgress | null>(null);
  /** the epochs of the cycle (or race round) in progress, as they end */
  liveEpochs = $state.raw<{ epochs: number; history: EpochMetrics[] } | null>(null);
  /** the project's last strategy race, and whether it is running now */
  race = $state.raw<RaceRecord | null>(null);
  racing = $state(false);
  paused = $state(false);
  /** a plain-words note that is not a problem (a resumed cycle, a cancel) */
  notice = $state<string | null>(null);
  storage = $state.raw<StorageInfo | null>(null);
  /** another tab is the writer: this one only shows */
  readOnly = $state(false);
  /** the last thing that went wrong, in plain words */
  problem = $state<string | null>(null);

  readonly labeling = new Labeling(
    () => this.db!,
    () => this.project!,
    (previous, label) => (this.counts = countChange(this.counts, previous, label)),
  );

  /** the test images of the confusion-matrix cell the user opened */
  readonly confusionCell = new ConfusionCellView();

  private db: LossloopDatabase | null = null;
  private trainer: TrainerClient | null = null;
  private importAbort: AbortController | null = null;

  async start(backendWishes: BackendWishes, demoBaseUrl: string): Promise<void> {
    try {
      this.readOnly = !(await acquireTabLock(() => this.loseWriterRole())).held;
      // Another tab owns the store: this one must not even start an import of the demo.
      if (this.readOnly) return;
      this.trainer = new TrainerClient((m) => this.onTrainerMessage(m), (m) => this.fail(m));
      this.trainer.start(backendWishes);
      this.db = await openDatabase();
      await requestPersistentStorage();
      this.status = 'loading';
      const demo = await ensureDemoProject(this.db, demoBaseUrl, (p) => (this.loadProgress = p));
      this.projects = await listProjects(this.db);
      const remembered = this.projects.find((p) => p.id === localStorage.getItem(CURRENT_PROJECT_KEY));
      this.project = remembered ?? demo;
      await this.refresh();
      this.status = 'ready';
      void this.resumeInterruptedCycle();
    } catch (error) {
      this.status = 'failed';
      this.fail(error instanceof Error ? error.message : String(error));
    }
  }

  get canTrain(): boolean {
    return this.status === 'ready' && this.backend !== null && this.training === null && !this.racing && this.counts.labeled >= 2;
  }

  /**
   * Project changes run one after another, in the order the user asked for them: a click on
   * "Draw" right after a preset change must see the new preset.
   */
  private changes: Promise<unknown> = Promise.resolve();
  private inOrder<T>(change: () => Promise<T>): Promise<T> {
    const next = this.changes.then(change, change);
    this.changes = next.catch(() => {});
    return next;
  }

  choosePreset(preset: PresetName): Promise<void> {
    return this.inOrder(async () => {
      this.project = await updateProject(this.db!, this.project!.id, (p) => ({
        ...p, settings: { ...PRESETS[preset].settings, simulatedOracle: p.settings.simulatedOracle, seed: p.settings.seed },
      }));
    });
  }

  /** Opens a query of `size` random unlabeled pool images whose labels will make the test set. */
  drawTestSet(size: number): Promise<void> {
    return this.inOrder(async () => {
      const project = (await getProject(this.db!, this.project!.id))!;
      const poolIds = idsOf(await listUnlabeled(this.db!, project.id));
      const ids = drawInitialSet(poolIds, size, project.settings.seed + 7919);
      this.project = await updateProject(this.db!, project.id, (p) => ({ ...p, openQuery: { cycle: TEST_SET_QUERY, ids } }));
      await this.refresh();
    });
  }

  /** The labeled images of the test-set query leave the pool for good and become the test set. */
  holdOutTestSet(): Promise<void> {
    return this.inOrder(async () => {
      const moved = await holdOutAsTestSet(this.db!, this.project!.id, this.project!.openQuery?.ids ?? []);
      this.projects = await listProjects(this.db!);
      await this.refresh();
      this.notice = `${moved} labeled images are now the test set; they are never trained on or asked again.`;
    });
  }

  /** Opens the first query: a random initial set of the preset's size. */
  drawInitialSet(): Promise<void> {
    return this.inOrder(async () => {
      const project = (await getProject(this.db!, this.project!.id))!;
      const poolIds = idsOf(await listPool(this.db!, project.id));
      const ids = drawInitialSet(poolIds, project.settings.initialSize, project.settings.seed);
      this.project = await updateProject(this.db!, project.id, (p) => ({ ...p, openQuery: { cycle: 0, ids } }));
      await this.refresh();
    });
  }

  /** Labels the given samples (one card, or a multi-selection) with one class. */
  async label(ids: number[], classIndex: number | null): Promise<void> {
    try {
      await this.labeling.label(ids, classIndex);
    } catch (error) {
      this.problem = `That label could not be saved: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Reverts the last labeling action; returns the ids it touched. */
  undo(): Promise<number[] | null> {
    return this.labeling.undo();
  }

  async setSimulatedOracle(on: boolean): Promise<void> {
    await this.changeSettings({ simulatedOracle: on });
    await this.inOrder(() => this.refresh());
  }

  train(): void {
    if (!this.canTrain) return;
    this.problem = null;
    this.notice = null;
    this.training = { type: 'progress', phase: 'loading', fraction: 0 };
    this.trainer!.train(this.project!.id);
  }

  cancel(): void {
    this.trainer?.cancel(true);
  }

  /** Moves the work to this tab: the other tab becomes read-only. */
  async takeOver(): Promise<void> {
    await acquireTabLock(() => this.loseWriterRole(), true);
    location.reload();
  }

  private loseWriterRole(): void {
    this.trainer?.cancel(false);
    this.readOnly = true;
  }

  /** Fault injection for end-to-end tests (see main.ts): the GPU goes away mid-cycle. */
  simulateDeviceLoss(): void {
    this.trainer?.simulateDeviceLoss();
  }

  togglePause(): void {
    if (this.paused) this.trainer?.resume();
    else this.trainer?.pause();
  }

  setStrategy(strategy: StrategyName): Promise<void> {
    return this.changeSettings({ strategy });
  }

  /** Class edits; each says what it did or what went wrong in plain words, and whether it was made. */
  addClass(name: string): Promise<boolean> {
    return this.editClasses(async () => {
      await addClass(this.db!, this.project!.id, name);
      return `Added the class "${name.trim()}".`;
    });
  }

  renameClass(index: number, name: string): Promise<boolean> {
    return this.editClasses(async () => {
      await renameClass(this.db!, this.project!.id, index, name);
      return null;
    });
  }

  mergeClasses(from: number, into: number): Promise<boolean> {
    const [a, b] = [this.project!.classes[from].name, this.project!.classes[into].name];
    return this.editClasses(async () => `Merged "${a}" into "${b}": ${await mergeClasses(this.db!, this.project!.id, from, into)} labels moved, test-set labels included.`);
  }

  deleteClass(index: number): Promise<boolean> {
    const name = this.project!.classes[index].name;
    return this.editClasses(async () => `Deleted the class "${name}": ${await deleteClass(this.db!, this.project!.id, index)} images are unlabeled again (test images of that class included).`);
  }

  /** Runs a class edit that returns its notice (null: nothing worth saying). */
  private editClasses(edit: () => Promise<string | null>): Promise<boolean> {
    if (this.training) {
      this.problem = 'Classes cannot change while a cycle or race runs: wait for it to finish, or cancel it.';
      return Promise.resolve(false);
    }
    return this.inOrder(async () => {
      try {
        const notice = await edit();
        if (notice) this.notice = notice;
        this.problem = null;
        // Merges and deletes renumber labels: an undo of an older action would write stale numbers.
        this.labeling.reset();
        this.projects = await listProjects(this.db!);
        await this.refresh();
        return true;
      } catch (error) {
        this.problem = error instanceof Error ? error.message : String(error);
        return false;
      }
    });
  }

  openConfusionCell(cycle: CycleRecord, trueClass: number, predicted: number): Promise<void> {
    return this.confusionCell.open(this.db!, this.project!, cycle, trueClass, predicted);
  }

  /** Starts a new strategy race with the simulated oracle (the project's own labels are untouched). */
  startRace(request: RaceRequest): void {
    this.beginRace();
    this.trainer!.race(this.project!.id, request);
  }

  /** Goes on with the project's last race from its last point. */
  continueRace(): void {
    this.beginRace();
    this.trainer!.race(this.project!.id);
  }

  private beginRace(): void {
    this.problem = null;
    this.notice = null;
    this.racing = true;
    this.training = { type: 'progress', phase: 'loading', fraction: 0 };
  }

  changeSettings(change: Partial<ProjectSettings>): Promise<void> {
    return this.inOrder(async () => {
      this.project = await updateProject(this.db!, this.project!.id, (p) => ({ ...p, settings: { ...p.settings, ...change } }));
    });
  }

  async selectProject(id: string): Promise<void> {
    if (this.training) return;
    const project = this.projects.find((p) => p.id === id);
    if (!project) return;
    this.project = project;
    localStorage.setItem(CURRENT_PROJECT_KEY, id);
    this.problem = null;
    this.notice = null;
    this.resumingChecked = false;
    this.labeling.reset();
    await this.refresh();
    await this.resumeInterruptedCycle();
  }

  openImport(open: boolean): void {
    if (!open) this.importAbort?.abort();
    this.importing = open;
  }

  /** Imports IDX files as a new project and switches to it; a failure leaves nothing behind. */
  importIdx(files: IdxProjectFiles): Promise<void> {
    return this.runImport(async (signal) => ({
      project: await importIdxProject(this.db!, files, (p) => (this.importProgress = p), signal),
      skipped: [],
    }));
  }

  /** Imports image files (a folder or a ZIP) as a new project and switches to it. */
  importImages(files: ImageFile[], options: ImageProjectOptions): Promise<void> {
    return this.runImport((signal) =>
      importImageProject(this.db!, files, options, (done, total) => (this.importProgress = { stage: 'decoding and storing images', done, total }), signal));
  }

  private async runImport(run: (signal: AbortSignal) => Promise<{ project: ProjectRecord; skipped: string[] }>): Promise<void> {
    this.importAbort = new AbortController();
    this.importProgress = { stage: 'starting', done: 0, total: 1 };
    this.problem = null;
    try {
      const { project, skipped } = await run(this.importAbort.signal);
      this.projects = await listProjects(this.db!);
      this.importing = false;
      await this.selectProject(project.id);
      this.notice = `Imported "${project.name}": ${project.poolCount} pool images, ${project.testCount} test images.`;
      if (skipped.length > 0) {
        this.problem = `${skipped.length} files could not be read and were left out: ${skipped.slice(0, 5).join(' ')}${skipped.length > 5 ? ' …' : ''}`;
      }
    } catch (error) {
      this.problem = this.importAbort.signal.aborted
        ? 'The import was stopped; nothing of it was kept.'
        : `The import failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.importProgress = null;
      this.importAbort = null;
    }
  }

  /** A file for the user to download; null (and the reason shown) when it cannot be made. */
  async exportData(kind: ExportKind): Promise<Download | null> {
    try {
      return await makeExport(this.db!, this.project!, kind);
    } catch (error) {
      this.problem = `The export failed: ${error instanceof Error ? error.message : String(error)}`;
      return null;
    }
  }

  /** Labels from a CSV file; what did not fit is reported in plain words. */
  async applyCsv(file: File): Promise<void> {
    try {
      const report = await applyLabelsCsv(this.db!, this.project!, await file.text());
      await this.refresh();
      this.notice = `${file.name}: ${describeCsvReport(report)}`;
      this.problem = null;
    } catch (error) {
      this.problem = `${file.name} could not be used: ${error instanceof Error ? error.message : String(error)} No label was changed.`;
    }
  }

  /** Replaces the project a backup was made from with the backup's content. */
  async restoreBackup(file: File): Promise<void> {
    if (this.training) {
      this.problem = 'Wait for the cycle to finish (or cancel it) before restoring a backup.';
      return;
    }
    try {
      const restored = await restoreProject(this.db!, new Uint8Array(await file.arrayBuffer()), { replace: true });
      this.project = restored;
      this.labeling.reset();
      this.projects = await listProjects(this.db!);
      this.problem = null;
      this.notice = `Restored "${restored.name}" from ${file.name}.`;
      await this.refresh();
    } catch (error) {
      this.problem = `${file.name} could not be restored: ${error instanceof Error ? error.message : String(error)} Nothing was changed.`;
    }
  }

  /** A cycle cut short (closed tab, lost GPU) goes on from its last completed epoch. */
  private resumingChecked = false;

  private async resumeInterruptedCycle(): Promise<void> {
    if (this.resumingChecked || !this.backend || this.status !== 'ready') return;
    this.resumingChecked = true;
    const run = await getTrainingRun(this.db!, this.project!.id);
    if (!run) return;
    this.notice = run.checkpoint
      ? `Resuming cycle ${run.cycle}, which was interrupted after epoch ${run.checkpoint.nextEpoch}.`
      : `Restarting cycle ${run.cycle}, which was interrupted before its first epoch ended.`;
    this.resumedCycle = run.cycle;
    this.training = { type: 'progress', phase: 'loading', fraction: 0 };
    this.trainer!.train(this.project!.id);
  }

  /** the cycle picked up after an interruption, until it is done */
  private resumedCycle: number | null = null;

  private async onTrainerMessage(message: FromTrainer): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.backend = message.backend;
        if (!this.readOnly) await this.resumeInterruptedCycle();
        break;
      case 'progress':
        this.training = message;
        break;
      case 'epoch':
        this.liveEpochs = { epochs: message.epochs, history: message.history };
        break;
      case 'race':
        this.race = message.race;
        if (message.race.state !== 'running') this.endRace(message.race);
        break;
      case 'paused':
        this.paused = message.paused;
        break;
      case 'done':
        this.stopWork();
        // A short cycle can finish before anyone read "Resuming…": say that it did.
        this.notice = this.resumedCycle === message.cycle ? `Cycle ${message.cycle}, which had been interrupted, is done.` : null;
        this.resumedCycle = null;
        await this.refresh();
        break;
      case 'cancelled':
        this.notice = this.racing
          ? 'The race was stopped. Its points are kept; it can go on later from where it stopped.'
          : message.ended
            ? 'The cycle was cancelled and will not restart by itself. Your labels are kept; Train starts a new cycle.'
            : 'The cycle was stopped here; it goes on in the tab that took over.';
        this.stopWork();
        break;
      case 'error':
        this.stopWork();
        this.fail(message.message);
        break;
    }
  }

  private endRace(race: RaceRecord): void {
    if (race.state === 'finished') {
      this.notice = `The race is over: ${race.lanes.length} strategies, ${race.rounds} points each.`;
      this.stopWork();
    }
  }

  private stopWork(): void {
    this.training = null;
    this.paused = false;
    this.racing = false;
    this.liveEpochs = null;
  }

  private fail(message: string): void {
    this.problem = message;
  }

  /** Re-reads the project, its cycles and the open query from the store. */
  private async refresh(): Promise<void> {
    const db = this.db!;
    let project = (await getProject(db, this.project!.id))!;
    if (project.settings.simulatedOracle && project.openQuery) {
      await answerFromTruth(db, project.id, project.openQuery.ids);
      project = (await getProject(db, project.id))!;
    }
    this.project = project;
    this.cycles = await listCycles(db, project.id);
    this.counts = await this.countSamples();
    await this.labeling.load(project, this.cycles);
    this.race = (await getRace(db, project.id)) ?? null;
    this.storage = await storageInfo();
  }

  private async countSamples(): Promise<Counts> {
    return countSamples(await listSamples(this.db!, this.project!.id), this.project!.classes.length);
  }


}
