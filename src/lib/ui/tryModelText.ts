import type { LossStanding, UnlikeReason, Unlikeness } from '../worker/protocol';
import { plural } from '../core/plural';

/** One class of a tried image's answer, ready to draw as a bar. */
export interface RankedClass {
  /** the output index (the class's place in the trained network's class list) */
  index: number;
  name: string;
  probability: number;
  percent: string;
}

/** Every class, the most probable first (ties in output order). */
export function rankedClasses(probabilities: readonly number[], classNames: readonly string[]): RankedClass[] {
  return probabilities
    .map((probability, index) => ({ index, name: classNames[index] ?? `class ${index + 1}`, probability, percent: percentText(probability) }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index);
}

/**
 * A probability to one decimal of a percent. What rounds to 0.0% or 100.0% without being it says
 * so ("<0.1%", ">99.9%"): a model is never shown as certain when it is not.
 */
export function percentText(probability: number): string {
  if (probability > 0 && probability < 0.0005) return '<0.1%';
  if (probability < 1 && probability >= 0.9995) return '>99.9%';
  return `${(probability * 100).toFixed(1)}%`;
}

/**
 * The predicted loss in context: where it falls among the test images the same model was
 * measured on, and how often the model was right on the test images whose predicted loss is
 * closest. The raw value has no unit, so alone it says nothing.
 */
export function lossStandingText(standing: LossStanding | null, cycle: number): string {
  if (!standing) return `Cycle ${cycle} kept no test-set measurements to compare it with.`;
  const { measured, lower, neighbours, neighboursCorrect } = standing;
  const among = `the ${plural(measured, 'test image')} cycle ${cycle} was measured on`;
  const where = lower === measured ? `Higher than every one of ${among}`
    : lower === 0 ? `Lower than every one of ${among}`
      // Kept off 0% and 100%, which only the two lines above may say.
      : `Higher than ${Math.min(99, Math.max(1, Math.round((100 * lower) / measured)))}% of ${among}`;
  const right = `the model classified ${neighboursCorrect} of the ${plural(neighbours, 'test image')} closest to it in predicted loss correctly`;
  return `${where}; ${right} (${Math.round((100 * neighboursCorrect) / neighbours)}%).`;
}

/** Each way an image can fall outside the test images' range, in plain words. */
const UNLIKE_WORDS: Record<UnlikeReason, string> = {
  grainier: 'its neighbouring pixels differ more than in any of them, as in noise',
  smoother: 'it is smoother than any of them, like a flat colour or a gradient',
  layout: 'its light and dark areas are placed unlike any of theirs',
  'loss-lower': 'its predicted loss is lower than any of theirs',
  'loss-higher': 'its predicted loss is higher than any of theirs',
};

/**
 * The out-of-distribution mark: null when the image is like the test images on every measure,
 * else what sets it apart. The test images stand for the training data (drawn from the same source).
 */
export function unlikeText(unlike: Unlikeness | null, cycle: number): string | null {
  if (!unlike || unlike.reasons.length === 0) return null;
  const reasons = unlike.reasons.map((reason) => UNLIKE_WORDS[reason]).join('; ');
  return `Unlike the training data: compared with the ${plural(unlike.measured, 'test image')} cycle ${cycle} was measured on, ${reasons}. `
    + 'The answer above says little about such an image, however sure it looks.';
}
