/**
 * Which images each round of an active-learning run asked for, by class. A run's labeled ids
 * grow in order (the initial set, then each round's query appended), and every round records how
 * many labels it trained on, so each round's picks are a slice of the ids: no need to store them.
 */

/**
 * The ids each round's query picked: round r's picks are the ids labeled after its training, up
 * to the next round's count (or to the end, for the last round that ran). A round that queried
 * nothing (the last round of a finished run) gets an empty list.
 */
export function picksPerRound(labeledIds: readonly number[], labeledPerRound: readonly number[]): number[][] {
  return labeledPerRound.map((from, r) => labeledIds.slice(from, labeledPerRound[r + 1] ?? labeledIds.length));
}

/**
 * How many of `ids` fall in each of `classCount` classes, by `classOf`; an id whose class is
 * unknown (or out of range) is not counted.
 */
export function classCounts(ids: readonly number[], classOf: (id: number) => number | undefined, classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const id of ids) {
    const label = classOf(id);
    if (label !== undefined && label >= 0 && label < classCount) counts[label]++;
  }
  return counts;
}

/** The class histogram of every round's picks: rounds × classes. */
export function pickHistogram(labeledIds: readonly number[], labeledPerRound: readonly number[], classOf: (id: number) => number | undefined, classCount: number): number[][] {
  return picksPerRound(labeledIds, labeledPerRound).map((ids) => classCounts(ids, classOf, classCount));
}
