import { openDatabase, type LossloopDatabase } from '../data/store/db';
import { ensureDemoProject, type LoadProgress } from '../data/transfer/demo';
import type { ProjectRecord } from '../data/store/schema';
import { requestPersistentStorage } from '../data/store/storageInfo';
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

  private readonly queue = new WriteQueue();
  private db: LossloopDatabase | null = null;

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
      const demo = await this.queue.run(() => ensureDemoProject(db, demoBaseUrl, (p) => (this.loadProgress = p)));
      const projects = new ProjectList(db);
      await projects.reload();
      this.projects = projects;
      this.imports = new ImportFlow(db, this.queue, this.messages, projects, (id) => this.selectProject(id));
      await this.show(db, projects, projects.remembered() ?? demo);
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

  /** Builds the parts of one open project and reads it from the store. */
  private async show(db: LossloopDatabase, projects: ProjectList, project: ProjectRecord): Promise<void> {
    const parts = { db, queue: this.queue, messages: this.messages, projects, isBusy: () => this.session?.busy ?? false };
    const workspace = new ProjectWorkspace(parts, project);
    await workspace.reload();
    this.open?.workspace.close();
    this.open?.review.close();
    this.open = {
      workspace, classes: new ClassEdits(workspace), files: new ProjectFiles(workspace, (id) => this.selectProject(id)), review: new Review(workspace),
    };
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
