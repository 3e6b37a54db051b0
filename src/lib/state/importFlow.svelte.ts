import type { LossloopDatabase } from '../data/store/db';
import { importIdxProject, type IdxProjectFiles } from '../data/transfer/importIdxProject';
import { importImageProject, type ImageFile, type ImageProjectOptions } from '../data/transfer/importImageProject';
import type { ProjectRecord } from '../data/store/schema';
import { plural } from '../core/plural';
import { ImageWorker } from './imageWorker';
import { errorText, type Messages } from './messages.svelte';
import type { ProjectList } from './projectList.svelte';
import type { WriteQueue } from './writeQueue';

/** Progress of an import, whichever kind. */
export interface ImportStatus {
  stage: string;
  done: number;
  total: number;
}

type Import = (signal: AbortSignal) => Promise<{ project: ProjectRecord; skipped: string[] }>;

/** Importing a new project: the import panel, its progress, stopping it, and opening what it made. */
export class ImportFlow {
  /** the import panel is open */
  open = $state(false);
  /** set while an import runs */
  progress = $state.raw<ImportStatus | null>(null);

  private abort: AbortController | null = null;

  constructor(
    private readonly db: LossloopDatabase,
    private readonly queue: WriteQueue,
    private readonly messages: Messages,
    private readonly projects: ProjectList,
    /** opens the imported project */
    private readonly openProject: (id: string) => Promise<void>,
    /** unpacks the chosen archive and decodes the images, off the page */
    readonly images = new ImageWorker(),
  ) {}

  /**
   * Opens or closes the import panel; closing it stops an import that runs, and the reading of
   * files chosen for one. What the page said about the project or the form before belongs to
   * them, and goes.
   */
  show(open: boolean): void {
    if (!open) {
      this.abort?.abort();
      this.images.stop('The import was stopped.');
    }
    this.messages.clear();
    this.open = open;
  }

  /** Imports IDX files as a new project and switches to it; a failure leaves nothing behind. */
  importIdx(files: IdxProjectFiles): Promise<void> {
    return this.run(async (signal) => ({
      project: await importIdxProject(this.db, files, (p) => (this.progress = p), signal),
      skipped: [],
    }));
  }

  /** Imports image files (a folder or a ZIP) as a new project and switches to it; the images are decoded in the images worker. */
  importImages(files: ImageFile[], options: ImageProjectOptions): Promise<void> {
    const progress = (done: number, total: number) => (this.progress = { stage: 'decoding and storing images', done, total });
    return this.run((signal) => importImageProject(this.db, files, options, progress, signal, this.images.decoder()));
  }

  private async run(write: Import): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.progress = { stage: 'starting', done: 0, total: 1 };
    this.messages.succeeded();
    try {
      const { project, skipped } = await this.queue.run(() => write(abort.signal));
      await this.projects.reload();
      this.open = false;
      await this.openProject(project.id);
      this.messages.note(`Imported "${project.name}": ${plural(project.poolCount, 'pool image')}, ${plural(project.testCount, 'test image')}.`);
      if (skipped.length > 0) {
        this.messages.fail(`${skipped.length === 1 ? '1 file could not be read and was' : `${plural(skipped.length, 'file')} could not be read and were`} left out: ${skipped.slice(0, 5).join(' ')}${skipped.length > 5 ? ' …' : ''}`);
      }
    } catch (error) {
      this.messages.fail(abort.signal.aborted ? 'The import was stopped; nothing of it was kept.' : `The import failed: ${errorText(error)}`);
    } finally {
      this.progress = null;
      this.abort = null;
      // The worker holds nothing once the import is over (its images went to the store); the next read starts a new one.
      this.images.stop();
    }
  }
}
