import { listLabeledAnywhere, readSamples } from '../data/store/sampleQueries';
import { listConflicts, readConflicts } from '../data/store/conflicts';
import type { SampleRecord } from '../data/store/schema';
import { readSampleImages, releaseImages, type SampleImage } from './sampleImages';
import { NO_FILTER, openConflict, cycleGuesses, matchesFilter, reviewEntries, type ReviewEntry, type ReviewFilter } from './reviewEntries';
import type { ProjectWorkspace } from './workspace.svelte';

/** One card of the review: the image and what is known of its label. */
export type ReviewItem = SampleImage & ReviewEntry;

/** Cards per page: the images of one page are read at a time, so that 10,000 labels stay fast. */
export const REVIEW_PAGE_SIZE = 40;

/**
 * The review of the labels given so far: every labeled image of the open project, filtered and
 * paged, with the last cycle's guess. A change made here goes through the workspace's labeling
 * (the same queue, log, undo and counts as the Label tab); the card keeps its place until the
 * filter changes, so that a relabeled image does not jump away from under the keyboard.
 */
export class Review {
  filter = $state.raw<ReviewFilter>(NO_FILTER);
  page = $state(0);
  /** every labeled image of the project */
  entries = $state.raw<ReviewEntry[]>([]);
  /** the images the filter keeps, in id order */
  matches = $state.raw<ReviewEntry[]>([]);
  /** the cards of the page shown */
  items = $state.raw<ReviewItem[]>([]);
  /** counts the pages shown (a turn, a filter, a reload) and Enter in the search, so that the grid knows to take the focus */
  view = $state(0);
  /** a cycle has finished: the cards can show the model's guess */
  hasGuesses = $state(false);
  loaded = $state(false);
  /** the labels are being read (the cards shown may be from before the last change elsewhere) */
  loading = $state(false);

  /** the newest page asked for: an older read that finishes late is dropped */
  private pageRequest = 0;

  constructor(private readonly workspace: ProjectWorkspace) {}

  get pageCount(): number {
    return Math.max(1, Math.ceil(this.matches.length / REVIEW_PAGE_SIZE));
  }

  /** Reads the labeled images and the last cycle's guesses from the store, keeping the filter and page. */
  async load(): Promise<void> {
    const { db, project, cycles } = this.workspace;
    const lastCycle = cycles.at(-1) ?? null;
    const guesses = cycleGuesses(lastCycle, project.classes);
    this.loading = true;
    try {
      const [samples, conflicts] = await Promise.all([listLabeledAnywhere(db, project.id), listConflicts(db, project.id)]);
      this.hasGuesses = lastCycle !== null;
      this.entries = reviewEntries(samples, guesses, conflicts, project.classes);
      this.matches = this.entries.filter((e) => matchesFilter(e, this.filter));
      await this.showPage(Math.min(this.page, this.pageCount - 1));
      this.loaded = true;
    } finally {
      this.loading = false;
    }
  }

  /**
   * Filters the records read at load, so that a change (a letter typed in the file-name search
   * too) covers every page at the cost of a loop over the entries; only the images of the page
   * shown are read from the store.
   */
  async setFilter(change: Partial<ReviewFilter>): Promise<void> {
    this.filter = { ...this.filter, ...change };
    this.matches = this.entries.filter((e) => matchesFilter(e, this.filter));
    await this.showPage(0);
  }

  /** Hands the keyboard to the cards shown, as a new page does (Enter in the file-name search). */
  focusCards(): void {
    this.view++;
  }

  async showPage(page: number): Promise<void> {
    const request = ++this.pageRequest;
    const target = Math.max(0, Math.min(this.pageCount - 1, page));
    const shown = this.matches.slice(target * REVIEW_PAGE_SIZE, (target + 1) * REVIEW_PAGE_SIZE);
    const images = await readSampleImages(this.workspace.db, this.workspace.project, shown.map((e) => e.id));
    if (request !== this.pageRequest) return releaseImages(images);
    const old = this.items;
    this.page = target;
    this.items = shown.map((entry, i) => ({ ...images[i], ...entry }));
    this.view++;
    releaseImages(old);
  }

  /**
   * Gives the images a class, or with null clears their labels: a human edit, undoable. On an
   * image with a merge conflict, whose card shows both labels, the choice resolves the conflict.
   */
  async relabel(ids: number[], classIndex: number | null): Promise<void> {
    const resolveConflicts = this.entries.some((e) => e.conflict !== null && ids.includes(e.id));
    await this.workspace.label(ids, classIndex, { resolveConflicts });
    await this.refreshLabels(ids);
  }

  /** Reverts the last labeling action (here or in the Label tab); returns the ids it touched. */
  async undo(): Promise<number[] | null> {
    const ids = await this.workspace.undo();
    if (ids) await this.refreshLabels(ids);
    return ids;
  }

  close(): void {
    releaseImages(this.items);
    this.items = [];
  }

  /** Re-reads the labels of the given images and updates their cards where they are. */
  private async refreshLabels(ids: number[]): Promise<void> {
    // A handful of ids (one action): a search beats building an index.
    const { db, project } = this.workspace;
    const [records, conflicts] = await Promise.all([readSamples(db, project.id, ids), readConflicts(db, project.id, ids)]);
    const update = <T extends ReviewEntry>(entry: T): T => {
      const record: SampleRecord | undefined = records.find((r) => r.id === entry.id);
      if (!record) return entry;
      const conflict = openConflict(conflicts.find((c) => c.sampleId === entry.id), record.label, project.classes);
      return { ...entry, label: record.label, labeledBy: record.labeledBy, conflict };
    };
    this.entries = this.entries.map(update);
    this.matches = this.matches.map(update);
    this.items = this.items.map(update);
  }
}
