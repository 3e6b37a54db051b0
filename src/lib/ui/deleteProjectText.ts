import { plural } from '../core/plural';

/**
 * What deleting a project takes away, named only where it exists: a project never trained has no
 * cycles and no model, and promising to delete them would make a person wonder what they missed.
 */

export interface ProjectHoldings {
  /** pool and test images; null where they are not lost (the demo comes back with its images) */
  images: number | null;
  labeled: number;
  cycles: number;
}

/** "Its 12 images, 3 labels, 1 training cycle and the trained model are deleted from this browser.", or null when nothing is. */
export function deletedSentence({ images, labeled, cycles }: ProjectHoldings): string | null {
  const counted = (count: number, noun: string) => ({ words: plural(count, noun), one: count === 1 });
  const parts = [
    ...(images ? [counted(images, 'image')] : []),
    ...(labeled > 0 ? [counted(labeled, 'label')] : []),
    // The model is saved with each finished cycle, and only then.
    ...(cycles > 0 ? [counted(cycles, 'training cycle'), { words: 'the trained model', one: true }] : []),
  ];
  if (parts.length === 0) return null;
  const words = parts.map((p) => p.words);
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
  const verb = parts.length === 1 && parts[0].one ? 'is' : 'are';
  return `Its ${list} ${verb} deleted from this browser.`;
}
