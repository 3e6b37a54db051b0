import type { LossStanding } from '../worker/protocol';
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
