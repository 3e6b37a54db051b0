import type { ClassInfo, CycleRecord, Labeler, SampleRecord, Split } from '../data/store/schema';
import type { LabelConflictRecord } from '../data/store/conflicts';

/**
 * What the review of labels lists and how it filters, apart from the store and the DOM so that it
 * can be read (and tested) in one place.
 */

/** The last cycle's guess for one image, in today's class numbers. */
export interface ReviewGuess {
  /** the class it names today; -1 when that class was deleted or merged away since */
  classIndex: number;
  /** the name the class had when the model was trained */
  name: string;
  /** the softmax probability of the guess; null where the cycle kept only the class (test images) */
  confidence: number | null;
}

/** One labeled image as the review lists it. */
export interface ReviewEntry {
  id: number;
  split: Split;
  /** null once cleared in the review (the card stays where it was until the filter changes) */
  label: number | null;
  labeledBy: Labeler | null;
  /** the file it was imported from; null when the images came without names (the demo, IDX files) */
  sourceName: string | null;
  guess: ReviewGuess | null;
  /** a merged labels file labels the image differently: their class name and the file; null when none is open */
  conflict: Pick<LabelConflictRecord, 'theirs' | 'source'> | null;
}

export interface ReviewFilter {
  split: Split;
  /** null: every class */
  classIndex: number | null;
  /** null: whoever labeled it */
  labeledBy: Labeler | null;
  /** only the images whose label differs from the model's guess */
  disagreement: boolean;
  /** only the images a merged labels file labels differently, waiting to be resolved */
  conflicts: boolean;
  /** only the images whose file name contains this text, in any case; blank: every image */
  fileName: string;
}

export const NO_FILTER: ReviewFilter = { split: 'pool', classIndex: null, labeledBy: null, disagreement: false, conflicts: false, fileName: '' };

/**
 * The guesses of a cycle's model, by sample id: for the images it was trained on, those of its query
 * (labeled after it) and its test images. A guess names the class by the cycle's class names, so that
 * a class renumbered by a merge or delete since still matches by name.
 */
export function cycleGuesses(cycle: CycleRecord | null, classes: readonly ClassInfo[]): Map<number, ReviewGuess> {
  const guesses = new Map<number, ReviewGuess>();
  if (!cycle) return guesses;
  const toGuess = (trainedIndex: number, confidence: number | null): ReviewGuess => {
    const name = cycle.classNames?.[trainedIndex] ?? classes[trainedIndex]?.name ?? '?';
    const classIndex = cycle.classNames ? classes.findIndex((c) => c.name === name) : trainedIndex < classes.length ? trainedIndex : -1;
    return { classIndex, name, confidence };
  };
  const tested = cycle.testSamples;
  tested?.ids.forEach((id, i) => guesses.set(id, toGuess(tested.predicted[i], null)));
  const query = cycle.queryPredictions;
  cycle.queryIds.forEach((id, i) => query && guesses.set(id, toGuess(query.classIndex[i], query.confidence[i])));
  const labeled = cycle.labeledPredictions;
  labeled?.ids.forEach((id, i) => guesses.set(id, toGuess(labeled.classIndex[i], labeled.confidence[i])));
  return guesses;
}

export function reviewEntries(
  samples: readonly SampleRecord[],
  guesses: ReadonlyMap<number, ReviewGuess>,
  conflicts: readonly LabelConflictRecord[] = [],
  classes: readonly ClassInfo[] = [],
): ReviewEntry[] {
  const conflictOf = new Map(conflicts.map((c) => [c.sampleId, c]));
  return samples.map((s) => ({
    id: s.id, split: s.split, label: s.label, labeledBy: s.labeledBy, sourceName: s.sourceName ?? null, guess: guesses.get(s.id) ?? null,
    conflict: openConflict(conflictOf.get(s.id), s.label, classes),
  }));
}

/**
 * What a review card shows of a stored conflict: nothing once the label here is the one the other
 * file gives (relabeled that way since, by hand), for then there is nothing left to choose.
 */
export function openConflict(conflict: LabelConflictRecord | undefined, label: number | null, classes: readonly ClassInfo[]): ReviewEntry['conflict'] {
  if (!conflict || (label !== null && classes[label]?.name === conflict.theirs)) return null;
  return { theirs: conflict.theirs, source: conflict.source };
}

/** The label differs from the model's guess (an image without a guess, or without a label, never disagrees). */
export function disagrees(entry: ReviewEntry): boolean {
  return entry.guess !== null && entry.label !== null && entry.guess.classIndex !== entry.label;
}

/** A cleared label leaves the list at the next filter change: the review lists labeled images. */
export function matchesFilter(entry: ReviewEntry, filter: ReviewFilter): boolean {
  return entry.label !== null && entry.split === filter.split
    && (filter.classIndex === null || entry.label === filter.classIndex)
    && (filter.labeledBy === null || entry.labeledBy === filter.labeledBy)
    && (!filter.disagreement || disagrees(entry))
    && (!filter.conflicts || entry.conflict !== null)
    && fileNameContains(entry.sourceName, filter.fileName);
}

/**
 * The file-name search: the stored name (folders included, as the card's tooltip shows it) contains
 * the text, in any case. Spaces around the text are dropped, as they are hard to see in the field;
 * an image without a name matches only a blank search.
 */
export function fileNameContains(sourceName: string | null, search: string): boolean {
  const text = search.trim().toLowerCase();
  return text === '' || (sourceName !== null && sourceName.toLowerCase().includes(text));
}

/** Labeled images with an open merge conflict in one split, for the conflicts filter's count. */
export function countConflicts(entries: readonly ReviewEntry[], split: Split): number {
  return entries.filter((e) => e.split === split && e.label !== null && e.conflict !== null).length;
}

/** Labeled images per class in one split, for the class filter's counts. */
export function countPerClass(entries: readonly ReviewEntry[], split: Split, numClasses: number): number[] {
  const counts = Array.from({ length: numClasses }, () => 0);
  for (const e of entries) if (e.split === split && e.label !== null && e.label < numClasses) counts[e.label]++;
  return counts;
}
