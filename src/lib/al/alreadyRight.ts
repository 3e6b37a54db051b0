/**
 * How much of a query the model that chose it already knew: the share of its images whose answer
 * turned out to be the class the model guessed, at ALREADY_RIGHT_CONFIDENCE or more. A label spent
 * on such an image teaches little; a query full of them is the complaint "why are we labeling
 * obvious fives". Only answered images count: the share is over the answers known so far.
 */

/** The confidence from which a right guess counts as already known. */
export const ALREADY_RIGHT_CONFIDENCE = 0.9;

export interface AlreadyRight {
  /** share of the answered images the model already had right, null while none is answered */
  share: number | null;
  answered: number;
}

/**
 * `guessed[i]` and `confidence[i]` are the model's guess for the i-th query image, `answers[i]` its
 * answer (null or undefined while unanswered), both as class indices of the same classes.
 */
export function alreadyRight(guessed: readonly number[], confidence: readonly number[], answers: readonly (number | null | undefined)[]): AlreadyRight {
  let answered = 0;
  let right = 0;
  answers.forEach((answer, i) => {
    if (answer === null || answer === undefined) return;
    answered++;
    if (guessed[i] === answer && confidence[i] >= ALREADY_RIGHT_CONFIDENCE) right++;
  });
  return { share: answered > 0 ? right / answered : null, answered };
}
