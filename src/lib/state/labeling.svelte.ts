import type { LossloopDatabase } from '../data/store/db';
import { recentlyLabeledByHand, setLabels, type ConflictChange } from '../data/store/samples';
import { readConflicts, type LabelConflictRecord } from '../data/store/conflicts';
import { trainedClassNames } from '../data/store/trainedWith';
import { readSampleImages, releaseImages, type SampleImage } from './sampleImages';
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

const RECENT_DECISIONS = 12;
const UNDO_DEPTH = 100;

/**
 * The labeling workspace: the open query, the last decisions, and undo. Every label is written
 * to the store (with its log entry) before the cards change; undo writes the previous labels back
 * the same way, so a reload shows exactly what the person sees.
 */
export class Labeling {
  query = $state.raw<QueryItem[]>([]);
  recent = $state.raw<Decision[]>([]);

  private undoStack: LabelAction[] = [];

  constructor(
    private readonly db: LossloopDatabase,
    private readonly project: () => ProjectRecord,
    /** labels and undos are store writes: they wait for the writes issued before them */
    private readonly queue: WriteQueue,
    /** told of every change (the labels replaced, the new one), to keep the counts without a scan */
    private readonly onLabelsChanged: (previous: (number | null)[], label: number | null) => void,
  ) {}

  /** Labels the given samples with one class (or none); undoable as one action. */
  label(ids: number[], classIndex: number | null, { resolveConflicts = false }: LabelOptions = {}): Promise<void> {
    return this.queue.run(async () => {
      const resolved = resolveConflicts ? await readConflicts(this.db, this.project().id, ids) : [];
      const previous = await this.write(ids, classIndex, { resolve: resolveConflicts });
      this.undoStack.push({ changes: ids.map((id, i) => ({ id, previous: previous[i] })), resolved });
      if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
    });
  }

  /** Reverts the last labeling action; returns the ids it touched (null when there is nothing to undo). */
  undo(): Promise<number[] | null> {
    // In the queue, so that an undo pressed while a label is being saved reverts that label.
    return this.queue.run(async () => {
      const action = this.undoStack.pop();
      if (!action) return null;
      // Grouped by the label to restore: each group is one transaction, like the action was.
      const previousLabels = action.changes.map((c) => c.previous).filter((label, i, all) => all.indexOf(label) === i);
      for (const previous of previousLabels) {
        const ids = action.changes.filter((c) => c.previous === previous).map((c) => c.id);
        await this.write(ids, previous, { reopen: action.resolved.filter((c) => ids.includes(c.sampleId)) });
      }
      return action.changes.map((c) => c.id);
    });
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

  private async write(ids: number[], classIndex: number | null, conflicts: ConflictChange = {}): Promise<(number | null)[]> {
    const previous = await setLabels(this.db, this.project().id, ids, classIndex, 'human', conflicts);
    this.onLabelsChanged(previous, classIndex);
    this.query = this.query.map((item) => (ids.includes(item.id) ? { ...item, label: classIndex } : item));
    await this.noteDecisions(ids, classIndex);
    return previous;
  }

  /** The recent list gains the samples just labeled (newest first), without a scan of the log. */
  private async noteDecisions(ids: number[], classIndex: number | null): Promise<void> {
    const before = this.recent;
    const fresh = classIndex === null ? [] : await readSampleImages(this.db, this.project(), ids.slice(-RECENT_DECISIONS));
    this.recent = [...fresh, ...before.filter((d) => !ids.includes(d.id))].slice(0, RECENT_DECISIONS);
    releaseImages(before.filter((item) => !this.recent.includes(item)));
  }
}
