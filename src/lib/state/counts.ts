import { measuredLabel, type SampleRecord } from '../data/store/schema';

/** How many pool images are labeled (in all and per class) and how many test images can measure the model. */
export interface Counts {
  labeled: number;
  unlabeled: number;
  /**
   * labeled test images: the ones a cycle measures on. A class delete leaves its test images
   * without a label, and those no longer count.
   */
  test: number;
  /** labeled pool images per class */
  perClass: number[];
}

export function countSamples(samples: readonly SampleRecord[], numClasses: number): Counts {
  const counts: Counts = { labeled: 0, unlabeled: 0, test: 0, perClass: Array.from({ length: numClasses }, () => 0) };
  for (const s of samples) {
    if (s.split === 'test') {
      if (measuredLabel(s) !== null) counts.test++;
    } else if (s.label === null) counts.unlabeled++;
    else {
      counts.labeled++;
      counts.perClass[s.label]++;
    }
  }
  return counts;
}

/** The counts after some pool images went from `previous` labels to `label`: no scan of the store. */
export function countChange(counts: Counts, previous: readonly (number | null)[], label: number | null): Counts {
  const perClass = [...counts.perClass];
  let labeled = counts.labeled;
  for (const old of previous) {
    if (old !== null) {
      perClass[old]--;
      labeled--;
    }
    if (label !== null) {
      perClass[label]++;
      labeled++;
    }
  }
  return { ...counts, perClass, labeled, unlabeled: counts.unlabeled - (labeled - counts.labeled) };
}
