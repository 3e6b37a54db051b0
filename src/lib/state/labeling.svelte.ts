/* eslint-disable svelte/prefer-svelte-reactivity -- every Map here is built whole, then either read once or
   handed to a $state.raw field that is replaced, never changed in place: nothing needs to track its entries */
import type { LossloopDatabase } from '../data/store/db';
import { recentlyLabeledByHand } from '../data/store/samples';
import { conflictsOf, inLabelTransaction, writeLabels, type LabelTransaction } from '../data/store/labelTransaction';
import type { LabelConflictRecord } from '../data/store/conflicts';
import { trainedClassNames } from '../data/store/trainedWith';
import { readSampleImages, releaseImages, releaseUnshown, type SampleImage } from './sampleImages';
import type { CycleRecord, ProjectRecord } from '../data/store/schema';
import type { WriteQueue } from './writeQueue';

/** One sample of the open query, as the grid shows it. */
export interface QueryItem extends SampleImage {
  rank: number;
  /** the loss head's raw output, which has no scale; absent for the initial random set */
  score: number | null;
  /** where the predicted loss stands among every scored sample (1 = highest); absent for the initial set and older cycles */
  lossRank: { rank: number; scored: number } | null;
  /** the model's guess, with the name it had when the model was trained; absent for the initial set */
  guess: { name: string; confidence: number } | null;
}

/** A sample a person labeled recently, listed so the decision can be reviewed and changed. */
export type Decision = SampleImage;

/** One labeling action (a key press on one card or on a multi-selection), as undo reverts it. */
interface LabelAction {
  changes: { id: number; previous: number | null }[];
  /** the merge conflicts the action resolved: its undo opens them again */
  resolved: LabelConflictRecord[];
}

export interface LabelOptions {
  /** the label settles the images' merge conflicts (a choice made seeing both labels, in the review) */
  resolveConflicts?: boolean;
}

/** A key press waiting for its transaction, with the promise its caller awaits. */
type Step =
  | { kind: 'label'; ids: number[]; classIndex: number | null; resolveConflicts: boolean; settle: Settle<void> }
  | { kind: 'undo'; settle: Settle<number[] | null> };

interface Settle<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** Labels a step wrote: shown on the cards and counted once the transaction is on disk. */
interface Written {
  ids: number[];
  previous: (number | null)[];
  label: number | null;
}

const RECENT_DECISIONS = 12;
/**
 * The User Timing entry each label transaction leaves, from its start to its durable commit, with
 * the labels it wrote as `detail.labels`: DevTools' Performance panel shows it, and
 * `npm run bench:labeling` reads it for the write time per label.
 */
export const LABEL_WRITE_MEASURE = 'lossloop:label-write';
const UNDO_DEPTH = 100;

/**
 * The labeling workspace: the open query, the last decisions, and undo.
 *
 * A label is shown only once it is on disk: its transaction is durable (labelTransaction.ts), and
 * the card, the counts and the recent decisions change after it completes, from what was written
 * (no re-read of the store). Key presses that arrive while a transaction runs wait in `steps` and
 * all go into the next one, in order, so a fast labeler's rate is not capped by one flush per key.
 * Undo is a step like a label, so an undo pressed right after a label reverts that label.
 */
export class Labeling {
  query = $state.raw<QueryItem[]>([]);
  recent = $state.raw<Decision[]>([]);
  /** the class each card was given by a key press still being written (the grid moves past them) */
  pending = $state.raw<ReadonlyMap<number, number | null>>(new Map());

  private undoStack: LabelAction[] = [];
  /** key presses not yet in a transaction */
  private steps: Step[] = [];
  /** the steps of the transaction being written */
  private writing: Step[] = [];
  /** a flush is in the write queue and has not yet taken `steps` */
  private flushQueued = false;

  constructor(
    private readonly db: LossloopDatabase,
    private readonly project: () => ProjectRecord,
    /** labels and undos are store writes: they wait for the writes issued before them */
    private readonly queue: WriteQueue,
    /** told of every change (the labels replaced, the new one), to keep the counts without a scan */
    private readonly onLabelsChanged: (previous: (number | null)[], label: number | null) => void,
  ) {}

  /** Labels the given samples with one class (or none); undoable as one action. Resolves once on disk. */
  label(ids: number[], classIndex: number | null, { resolveConflicts = false }: LabelOptions = {}): Promise<void> {
    return new Promise((resolve, reject) => this.add({ kind: 'label', ids, classIndex, resolveConflicts, settle: { resolve, reject } }));
  }

  /** Reverts the last labeling action; resolves with the ids it touched (null when there is nothing to undo). */
  undo(): Promise<number[] | null> {
    return new Promise((resolve, reject) => this.add({ kind: 'undo', settle: { resolve, reject } }));
  }

  /** Resolves once every label and undo asked for so far is on disk (or refused): Train waits for it. */
  settled(): Promise<void> {
    return this.queue.run(async () => {});
  }

  /** Re-reads the query and the recent decisions from the store. */
  async load(project: ProjectRecord, cycles: CycleRecord[]): Promise<void> {
    const db = this.db;
    const old = [...this.query, ...this.recent];
    const query = project.openQuery;
    const cycle = cycles.find((c) => c.index === query?.cycle);
    const names = trainedClassNames(project, cycle);
    const queryIds = query?.ids ?? [];
    const recentIds = await recentlyLabeledByHand(db, project.id, RECENT_DECISIONS);
    const [queryImages, recentImages] = await Promise.all([readSampleImages(db, project, queryIds), readSampleImages(db, project, recentIds)]);
    this.query = queryImages.map((image, i) => ({
      ...image, rank: i + 1,
      score: cycle ? cycle.queryScores[i] : null,
      lossRank: cycle?.queryLossRanks ? { rank: cycle.queryLossRanks[i], scored: cycle.subsetSize } : null,
      guess: cycle?.queryPredictions
        ? { name: names[cycle.queryPredictions.classIndex[i]] ?? '?', confidence: cycle.queryPredictions.confidence[i] }
        : null,
    }));
    this.recent = recentImages;
    releaseImages(old);
  }

  /** Forgets the undo history (class numbers changed, so an older action would write stale labels). */
  reset(): void {
    this.undoStack = [];
  }

  /** Lets go of the images shown (the project is closed). */
  close(): void {
    releaseImages([...this.query, ...this.recent]);
    this.query = [];
    this.recent = [];
  }

  /** Queues a key press: into the flush already waiting in the write queue, or a new one. */
  private add(step: Step): void {
    this.steps.push(step);
    this.showPending();
    if (this.flushQueued) return;
    this.flushQueued = true;
    void this.queue.run(() => this.flush());
  }

  /** Writes every step queued so far in one durable transaction, then shows what it wrote. */
  private async flush(): Promise<void> {
    this.flushQueued = false;
    this.writing = this.steps;
    this.steps = [];
    try {
      try {
        await this.show(await this.commit(this.writing));
      } catch {
        // One refused step (a sample gone, a test image) must not take the others down with it:
        // each goes again in its own transaction, and only the refused ones fail.
        for (const step of this.writing) {
          await this.commit([step]).then((outcomes) => this.show(outcomes), (error) => step.settle.reject(error));
        }
      }
    } finally {
      this.writing = [];
      this.showPending();
    }
  }

  /** Applies the steps in order in one transaction; resolves once it is on disk. Settles nothing. */
  private async commit(steps: Step[]): Promise<{ step: Step; result: number[] | null; written: Written[] }[]> {
    const started = performance.now();
    const undoBefore = [...this.undoStack];
    try {
      const outcomes = await inLabelTransaction(this.db, async (tx) => {
        const applied = [];
        for (const step of steps) applied.push({ step, ...(await this.apply(tx, step)) });
        return applied;
      });
      const labels = outcomes.reduce((sum, { written }) => sum + written.reduce((n, change) => n + change.ids.length, 0), 0);
      performance.measure(LABEL_WRITE_MEASURE, { start: started, detail: { labels, steps: steps.length } });
      return outcomes;
    } catch (error) {
      this.undoStack = undoBefore;
      throw error;
    }
  }

  private async apply(tx: LabelTransaction, step: Step): Promise<{ result: number[] | null; written: Written[] }> {
    const projectId = this.project().id;
    if (step.kind === 'label') {
      const { ids, classIndex, resolveConflicts } = step;
      const resolved = resolveConflicts ? await conflictsOf(tx, projectId, ids) : [];
      const previous = await writeLabels(tx, projectId, ids, classIndex, 'human', { resolve: resolveConflicts });
      this.undoStack.push({ changes: ids.map((id, i) => ({ id, previous: previous[i] })), resolved });
      if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
      return { result: null, written: [{ ids, previous, label: classIndex }] };
    }
    const action = this.undoStack.pop();
    if (!action) return { result: null, written: [] };
    // Grouped by the label to restore, each group written as the action was.
    const written: Written[] = [];
    const previousLabels = action.changes.map((c) => c.previous).filter((label, i, all) => all.indexOf(label) === i);
    for (const label of previousLabels) {
      const ids = action.changes.filter((c) => c.previous === label).map((c) => c.id);
      const reopen = action.resolved.filter((c) => ids.includes(c.sampleId));
      written.push({ ids, previous: await writeLabels(tx, projectId, ids, label, 'human', { reopen }), label });
    }
    return { result: action.changes.map((c) => c.id), written };
  }

  /** What a committed transaction wrote reaches the counts, the cards and the recent list; its callers resume. */
  private async show(outcomes: { step: Step; result: number[] | null; written: Written[] }[]): Promise<void> {
    const labels = new Map<number, number | null>();
    for (const { written } of outcomes) {
      for (const change of written) {
        this.onLabelsChanged(change.previous, change.label);
        for (const id of change.ids) labels.set(id, change.label);
      }
    }
    this.query = this.query.map((item) => (labels.has(item.id) ? { ...item, label: labels.get(item.id)! } : item));
    for (const { step, result } of outcomes) {
      if (step.kind === 'undo') step.settle.resolve(result);
      else step.settle.resolve();
    }
    // The recent list gains the samples just labeled (newest first), from the images already shown;
    // those not shown (labeled from the review) are read from the store, after the labels are shown.
    for (const { written } of outcomes) {
      for (const { ids, label } of written) {
        // Built again for each change: the one before may have let go of an image (and its thumbnail).
        const shown = new Map<number, SampleImage>([...this.query, ...this.recent].map((image) => [image.id, image]));
        const newest = label === null ? [] : ids.slice(-RECENT_DECISIONS);
        const images = newest.map((id) => shown.get(id));
        const fresh = images.every((image) => image !== undefined) ? images : await readSampleImages(this.db, this.project(), newest);
        this.addDecisions(fresh, ids, label);
      }
    }
  }

  private addDecisions(fresh: SampleImage[], ids: number[], classIndex: number | null): void {
    const before = this.recent;
    const decisions = fresh.map((image) => ({ id: image.id, label: classIndex, pixels: image.pixels, thumbnail: image.thumbnail, sourceName: image.sourceName }));
    this.recent = [...decisions, ...before.filter((d) => !ids.includes(d.id))].slice(0, RECENT_DECISIONS);
    releaseUnshown(before.filter((item) => !this.recent.includes(item)), [...this.query, ...this.recent]);
  }

  private showPending(): void {
    const pending = new Map<number, number | null>();
    for (const step of [...this.writing, ...this.steps]) if (step.kind === 'label') for (const id of step.ids) pending.set(id, step.classIndex);
    this.pending = pending;
  }
}
