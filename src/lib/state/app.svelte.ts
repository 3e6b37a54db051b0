import { openDatabase, type LossloopDatabase } from '../data/store/db';
import { DEMO_PROJECT_ID, ensureDemoProject, type LoadProgress } from '../data/transfer/demo';
import { deleteProjectData } from '../data/store/samples';
import type { ProjectRecord } from '../data/store/schema';
import { requestPersistentStorage, storageInfo, type StorageInfo } from '../data/store/storageInfo';
import { isStorageFull } from '../data/store/storageFull';
import type { BackendWishes } from '../ml/backendDecision';
import { ClassEdits } from './classEdits';
import { ImportFlow } from './importFlow.svelte';
import { errorText, Messages } from './messages.svelte';
import { ProjectFiles } from './projectFiles';
import { ProjectList } from './projectList.svelte';
import { Review } from './review.svelte';
import { acquireTabLock } from './tabLock';
import { TrainerClient } from './trainerClient';
import { TrainingSession } from './trainingSession.svelte';
import { ProjectWorkspace } from './workspace.svelte';
import { WriteQueue } from './writeQueue';

/** The open project and what acts on it, swapped as a whole when another project opens. */
export interface OpenProject {
  workspace: ProjectWorkspace;
  classes: ClassEdits;
  files: ProjectFiles;
  review: Review;
}

/** Why the demo is not in this browser: it could not be downloaded or stored. */
export interface DemoProblem {
  /** the store ran out of space: making room (or a smaller project of one's own) helps */
  storageFull: boolean;
  /** what went wrong, in plain words */
  text: string;
}

/**
 * The app's state for the components: it starts lossloop (the tab lock, the store, the demo) and
 * wires the parts, each with one job. IndexedDB is the source of truth; every write to it from the
 * page goes through one ordered queue.
 */
export class LossloopState {
  status = $state<'starting' | 'loading' | 'ready' | 'failed'>('starting');
  loadProgress = $state.raw<LoadProgress | null>(null);
  /** another tab is the writer: this one only shows */
  readOnly = $state(false);
  readonly messages = new Messages();
  /** the trainer; absent in a read-only tab */
  session = $state.raw<TrainingSession | null>(null);
  projects = $state.raw<ProjectList | null>(null);
  imports = $state.raw<ImportFlow | null>(null);
  /** the project open now; absent until the store and a project are open */
  open = $state.raw<OpenProject | null>(null);
  /** why the demo could not be loaded, until a retry loads it */
  demoProblem = $state.raw<DemoProblem | null>(null);
  /** what this site stores against its quota, read when the demo could not be stored */
  storage = $state.raw<StorageInfo | null>(null);

  private readonly queue = new WriteQueue();
  private db: LossloopDatabase | null = null;
  private demoBaseUrl = '';

  async start(backendWishes: BackendWishes, demoBaseUrl: string): Promise<void> {
    try {
      this.readOnly = !(await acquireTabLock(() => this.loseWriterRole())).held;
      // Another tab owns the store: this one must not even start an import of the demo.
      if (this.readOnly) return;
      const session = new TrainingSession(this.messages, () => this.open?.workspace ?? null, (onMessage, onCrash) => {
        const client = new TrainerClient(onMessage, onCrash);
        client.start(backendWishes);
        return client;
      });
      this.session = session;
      const db = await openDatabase();
      this.db = db;
      await requestPersistentStorage();
      this.status = 'loading';
      this.demoBaseUrl = demoBaseUrl;
      const projects = new ProjectList(db);
      this.projects = projects;
      this.imports = new ImportFlow(db, this.queue, this.messages, projects, (id) => this.selectProject(id));
      // Without the demo the page still offers the project menu, New project and a retry.
      const demo = await this.tryLoadDemo(db);
      await projects.reload();
      const first = projects.remembered() ?? demo ?? projects.items[0];
      if (first) await this.show(db, projects, first);
      if (first && this.demoProblem) this.messages.note(`The demo is not in this browser: ${this.demoProblem.text}`);
      this.status = 'ready';
      void session.resumeInterruptedCycle();
    } catch (error) {
      this.status = 'failed';
      this.messages.fail(errorText(error));
    }
  }

  /** Opens another project (not while a cycle or race runs). */
  async selectProject(id: string): Promise<void> {
    const project = this.projects?.find(id);
    if (this.session?.busy || !project || !this.db || !this.projects) return;
    this.projects.remember(id);
    this.messages.clear();
    await this.show(this.db, this.projects, project);
    await this.session?.projectChanged();
  }

  /**
   * Removes every record of the open project in one transaction, then opens the next project.
   * The demo is never gone for good: deleting it starts it over from the built-in images.
   */
  async deleteProject(): Promise<void> {
    const project = this.open?.workspace.project;
    const { db, projects } = this;
    if (this.session?.busy || !project || !db || !projects) return;
    try {
      await this.queue.run(() => deleteProjectData(db, project.id));
      const other = projects.items.find((p) => p.id !== project.id);
      const next = project.id === DEMO_PROJECT_ID || !other ? (await this.tryLoadDemo(db)) ?? other : other;
      await projects.reload();
      this.messages.clear();
      if (next) {
        projects.remember(next.id);
        await this.show(db, projects, next);
      } else {
        this.close();
      }
      this.messages.note(project.id !== DEMO_PROJECT_ID
        ? `Deleted "${project.name}": its images, labels, cycles and model are gone from this browser.`
        : next?.id === DEMO_PROJECT_ID
          ? 'The demo starts over: its labels, cycles and model were deleted.'
          : 'The demo was deleted: its labels, cycles and model are gone from this browser.');
      await this.session?.projectChanged();
    } catch (error) {
      this.status = 'ready';
      this.messages.fail(`The project could not be deleted: ${errorText(error)}`);
    }
  }

  /**
   * Loads the demo again after it could not be stored (the user made room) and opens it; when it
   * still cannot be, says why again, with the storage figure as it is now.
   */
  async retryDemo(): Promise<void> {
    const { db, projects } = this;
    if (this.session?.busy || !db || !projects) return;
    this.messages.clear();
    const demo = await this.tryLoadDemo(db);
    await projects.reload();
    if (!demo) return;
    projects.remember(demo.id);
    await this.show(db, projects, demo);
    await this.session?.projectChanged();
  }

  /**
   * The demo, loaded if it is missing; or null, with the reason in `demoProblem` (and the storage
   * figure when the store is full), since a failure here must not take the rest of the page with it.
   */
  private async tryLoadDemo(db: LossloopDatabase): Promise<ProjectRecord | null> {
    try {
      const demo = await this.loadDemo(db);
      this.demoProblem = null;
      return demo;
    } catch (error) {
      const storageFull = isStorageFull(error);
      this.storage = await storageInfo().catch(() => null);
      this.demoProblem = { storageFull, text: errorText(error) };
      return null;
    }
  }

  /** Imports the built-in demo if it is missing, showing its progress in place of the project. */
  private async loadDemo(db: LossloopDatabase): Promise<ProjectRecord> {
    const ready = this.status === 'ready';
    this.status = 'loading';
    this.loadProgress = null;
    try {
      return await this.queue.run(() => ensureDemoProject(db, this.demoBaseUrl, (p) => (this.loadProgress = p)));
    } finally {
      if (ready) this.status = 'ready';
    }
  }

  /** Builds the parts of one open project and reads it from the store. */
  private async show(db: LossloopDatabase, projects: ProjectList, project: ProjectRecord): Promise<void> {
    const parts = { db, queue: this.queue, messages: this.messages, projects, isBusy: () => this.session?.busy ?? false };
    const workspace = new ProjectWorkspace(parts, project);
    await workspace.reload();
    this.close();
    this.open = {
      workspace, classes: new ClassEdits(workspace), files: new ProjectFiles(workspace, (id) => this.selectProject(id)), review: new Review(workspace),
    };
  }

  /** Closes the open project, if any: the page then shows no project. */
  private close(): void {
    this.open?.workspace.close();
    this.open?.review.close();
    this.open = null;
  }

  /** Moves the work to this tab: the other tab becomes read-only. */
  async takeOver(): Promise<void> {
    await acquireTabLock(() => this.loseWriterRole(), true);
    location.reload();
  }

  private loseWriterRole(): void {
    this.session?.handOver();
    this.readOnly = true;
  }

  /** Fault injection for end-to-end tests (see main.ts): the GPU goes away mid-cycle. */
  simulateDeviceLoss(): void {
    this.session?.simulateDeviceLoss();
  }
}
