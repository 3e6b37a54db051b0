import type { CycleRecord, SampleRecord } from '../data/store/schema';
import { alreadyRight, type AlreadyRight } from '../al/alreadyRight';

/**
 * For each cycle (by index), how much of its query its model already had right, judged by the
 * answers given since (al/alreadyRight.ts). Answers are matched to the model's guesses by class
 * name, so a class added, merged or renamed since the cycle does not shift them.
 */
export function queryKnowledgeByCycle(cycles: readonly CycleRecord[], samples: readonly SampleRecord[], classNames: readonly string[]): Record<number, AlreadyRight> {
  const labelOf = new Map(samples.map((s) => [s.id, s.label]));
  const known: Record<number, AlreadyRight> = {};
  for (const cycle of cycles) {
    if (!cycle.queryPredictions) continue;
    const trainedNames = cycle.classNames ?? classNames;
    const answers = cycle.queryIds.map((id) => {
      const label = labelOf.get(id);
      return label === null || label === undefined ? null : trainedNames.indexOf(classNames[label]);
    });
    known[cycle.index] = alreadyRight(cycle.queryPredictions.classIndex, cycle.queryPredictions.confidence, answers);
  }
  return known;
}
