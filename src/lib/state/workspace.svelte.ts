import type { LossloopDatabase } from '../data/store/db';
import { getProject, renameProject, updateProject } from '../data/store/projects';
import { answerFromTruth, holdOutAsTestSet, listSamples } from '../data/store/samples';
import { listCycles } from '../data/store/cycles';
import { getRace } from '../data/store/races';
import { PRESETS, type PresetName, type ProjectSettings } from '../data/store/settings';
import { InvalidSettingsError } from '../data/store/settingsRules';
import { TEST_SET_QUERY, type CycleRecord, type ProjectRecord, type RaceRecord, type SampleRecord } from '../data/store/schema';
import { storageInfo, type StorageInfo } from '../data/store/storageInfo';
import { drawInitialSet } from '../al/query';
import type { StrategyName } from '../al/strategies';
import { ConfusionCellView } from './confusionCell.svelte';
import { countChange, countSamples, type Counts } from './counts';
import { Labeling, type LabelOptions } from './labeling.svelte';
import { plural } from '../core/plural';
import { errorText, type Messages } from './messages.svelte';
import type { ProjectList } from './projectList.svelte';
import { SettingDrafts } from './settingDrafts.svelte';
import { queryKnowledgeByCycle } from './queryKnowledge';
import type { AlreadyRight } from '../al/alreadyRight';
import type { WriteQueue } from './writeQueue';

/** What a workspace is built with: the open store and the parts it shares with the rest of the app. */
export interface WorkspaceParts {
  db: LossloopDatabase;
  queue: WriteQueue;
  messages: Messages;
  projects: ProjectList;
  /** a cycle or a race runs: the project's classes and labels must not be rewritten under it */
  isBusy: () => boolean;
}

/** What a write changed beyond the open project, so that the workspace re-reads it. */
export interface WriteEffects {
  /** labels were renumbered or replaced: an undo of an older action would write stale numbers */
  forgetUndo?: boolean;
  /** a project's name or counts changed: the project list is re-read */
  projectsChanged?: boolean;
}

/**
 * One open project in one open database: its settings, its query, labeling, counts and cycles.
 * It exists only once both are open. Every write goes through the shared queue and is followed by
 * a re-read of the store, the one source of truth.
 */
export class ProjectWorkspace {
  project: ProjectRecord;
  cycles = $state.raw<CycleRecord[]>([]);
  counts = $state.raw<Counts>({ labeled: 0, unlabeled: 0, test: 0, perClass: [] });
  /** per cycle index: how much of its query its model already had right (state/queryKnowledge.ts) */
  queryKnowledge = $state.raw<Record<number, AlreadyRight>>({});
  /** the project's last strategy race (the training session shows it live while it runs) */
  race = $state.raw<RaceRecord | null>(null);
  storage = $state.raw<StorageInfo | null>(null);
  readonly labeling: Labeling;
  /** the test images of the confusion-matrix cell the user opened */
  readonly confusionCell = new ConfusionCellView();
  /** settings typed into the form that the rules refuse; Train waits until they are fixed */
  readonly settingDrafts = new SettingDrafts();

  constructor(readonly parts: WorkspaceParts, project: ProjectRecord) {
    this.project = $state.raw(project);
    this.labeling = new Labeling(parts.db, () => this.project, parts.queue,
      (previous, label) => (this.counts = countChange(this.counts, previous, label)));
  }

  get db(): LossloopDatabase {
    return this.parts.db;
  }

  get busy(): boolean {
    return this.parts.isBusy();
  }

  /**
   * Runs a write in the queue, then lets the simulated oracle answer the open query and re-reads
   * the project. The write's errors reach the caller; nothing after a failed write runs.
   */
  write<T>(change: () => Promise<T>, effects: WriteEffects = {}): Promise<T> {
    return this.parts.queue.run(async () => {
      const result = await change();
      if (effects.forgetUndo) this.labeling.reset();
      if (effects.projectsChanged) await this.parts.projects.reload();
      await this.answerByOracle();
      await this.refresh();
      return result;
    });
  }

  /** Brings the workspace up to date with the store (after a cycle, or when opened). */
  reload(): Promise<void> {
    return this.write(async () => {});
  }

  /** Re-reads the project, its cycles, counts, the open query and the race from the store; writes nothing. */
  async refresh(): Promise<void> {
    const project = await getProject(this.db, this.project.id);
    if (!project) throw new Error(`The project "${this.project.name}" is no longer in this browser.`);
    this.project = project;
    this.cycles = await listCycles(this.db, project.id);
    const samples = await listSamples(this.db, project.id);
    this.counts = countSamples(samples, project.classes.length);
    this.queryKnowledge = queryKnowledgeByCycle(this.cycles, samples, project.classes.map((c) => c.name));
    await this.labeling.load(project, this.cycles);
    this.race = (await getRace(this.db, project.id)) ?? null;
    this.storage = await storageInfo();
  }

  /** With the simulated oracle on, the open query's images get their true labels. Runs inside the queue. */
  private async answerByOracle(): Promise<void> {
    const project = await getProject(this.db, this.project.id);
    if (project?.settings.simulatedOracle && project.openQuery) await answerFromTruth(this.db, project.id, project.openQuery.ids);
  }

  /** A preset replaces every setting: whatever was typed and refused before no longer applies. */
  choosePreset(preset: PresetName): Promise<void> {
    this.settingDrafts.clear();
    return this.updateSettings((settings) => ({ ...PRESETS[preset].settings, simulatedOracle: settings.simulatedOracle, seed: settings.seed }));
  }

  changeSettings(change: Partial<ProjectSettings>): Promise<void> {
    return this.updateSettings((settings) => ({ ...settings, ...change }));
  }

  setStrategy(strategy: StrategyName): Promise<void> {
    return this.changeSettings({ strategy });
  }

  /** Turning the oracle on answers the open query at once. */
  setSimulatedOracle(on: boolean): Promise<void> {
    return this.write(() => this.saveSettings((settings) => ({ ...settings, simulatedOracle: on })));
  }

  /**
   * A settings change only: no re-read of the samples is needed. The form sends only valid values,
   * but the store has the last word: a refusal is said, and the stored settings stay as they were.
   */
  private async updateSettings(next: (settings: ProjectSettings) => ProjectSettings): Promise<void> {
    try {
      await this.parts.queue.run(() => this.saveSettings(next));
    } catch (error) {
      if (!(error instanceof InvalidSettingsError)) throw error;
      this.parts.messages.fail(`That change was not saved, and the settings are as they were. ${error.problems.join(' ')}`);
    }
  }

  private async saveSettings(next: (settings: ProjectSettings) => ProjectSettings): Promise<void> {
    this.project = await updateProject(this.db, this.project.id, (p) => ({ ...p, settings: next(p.settings) }));
  }

  /** Opens the first query: a random initial set of the preset's size. */
  drawInitialSet(): Promise<void> {
    return this.openQuery(0, (sample) => sample.split === 'pool', (settings) => ({ size: settings.initialSize, seed: settings.seed }));
  }

  /** Opens a query of `size` random unlabeled pool images whose labels will make the test set. */
  drawTestSet(size: number): Promise<void> {
    return this.openQuery(TEST_SET_QUERY, (sample) => sample.split === 'pool' && sample.label === null, (settings) => ({ size, seed: settings.seed + 7919 }));
  }

  private openQuery(
    cycle: number,
    eligible: (sample: SampleRecord) => boolean,
    draw: (settings: ProjectSettings) => { size: number; seed: number },
  ): Promise<void> {
    return this.write(async () => {
      const project = (await getProject(this.db, this.project.id)) ?? this.project;
      const poolIds = (await listSamples(this.db, project.id)).filter(eligible).map((s) => s.id);
      const { size, seed } = draw(project.settings);
      const ids = drawInitialSet(poolIds, size, seed);
      await updateProject(this.db, project.id, (p) => ({ ...p, openQuery: { cycle, ids } }));
    });
  }

  /** The labeled images of the test-set query leave the pool for good and become the test set. */
  async holdOutTestSet(): Promise<void> {
    const moved = await this.write(() => holdOutAsTestSet(this.db, this.project.id, this.project.openQuery?.ids ?? []), { projectsChanged: true });
    this.parts.messages.note(`${plural(moved, 'labeled image')} ${moved === 1 ? 'is' : 'are'} now the test set, never trained on or asked again.`);
  }

  /** Labels the given samples (one card, or a multi-selection) with one class; true once it is on disk. */
  async label(ids: number[], classIndex: number | null, options: LabelOptions = {}): Promise<boolean> {
    try {
      await this.labeling.label(ids, classIndex, options);
      return true;
    } catch (error) {
      this.parts.messages.fail(`That label could not be saved: ${errorText(error)}`);
      return false;
    }
  }

  /** Renames the project; false (with the reason shown) when the store refuses the name. */
  async rename(name: string): Promise<boolean> {
    try {
      await this.write(() => renameProject(this.db, this.project.id, name), { projectsChanged: true });
      this.parts.messages.succeeded();
      return true;
    } catch (error) {
      this.parts.messages.fail(`The project could not be renamed: ${errorText(error)}`);
      return false;
    }
  }

  /** Reverts the last labeling action; returns the ids it touched. */
  undo(): Promise<number[] | null> {
    return this.labeling.undo();
  }

  openConfusionCell(cycle: CycleRecord, trueClass: number, predicted: number): Promise<void> {
    return this.confusionCell.open(this.db, this.project, cycle, trueClass, predicted);
  }

  /** Lets go of what the workspace shows: another project opens. */
  close(): void {
    this.labeling.close();
    this.confusionCell.close();
  }
}
