/**
 * Uncertainty baselines (METHOD.md): scores computed from the classifier's logits.
 * Input: row-major logits [n * numClasses]. Output: one score per row, where a HIGHER score means
 * "ask the human about this sample first", so every strategy can go through `selectTopK`.
 * The softmax subtracts the row maximum first, so huge logits (1000 and more) do not overflow.
 * A row with a NaN logit gets a NaN score, which `selectTopK` ranks last.
 */

function rowCount(logits: ArrayLike<number>, numClasses: number, name: string): number {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`${name}: numClasses must be a positive integer, got ${numClasses}`);
  }
  if (logits.length % numClasses !== 0) {
    throw new Error(`${name}: ${logits.length} logits is not a multiple of ${numClasses} classes`);
  }
  return logits.length / numClasses;
}

/** Softmax of row `row` written into `probs` (length numClasses); stable: the row max is subtracted. */
function softmaxRow(logits: ArrayLike<number>, row: number, numClasses: number, probs: Float64Array): void {
  const offset = row * numClasses;
  let max = -Infinity;
  for (let c = 0; c < numClasses; c++) max = Math.max(max, logits[offset + c]);
  if (Number.isNaN(max)) {
    probs.fill(NaN);
    return;
  }
  let sum = 0;
  for (let c = 0; c < numClasses; c++) {
    // a row of -Infinity only (max = -Infinity) would give NaN; such a row is treated as uniform
    const e = max === -Infinity ? 1 : Math.exp(logits[offset + c] - max);
    probs[c] = e;
    sum += e;
  }
  for (let c = 0; c < numClasses; c++) probs[c] /= sum;
}

/** Entropy of the softmax, in nats: -sum_c p_c ln p_c (terms with p_c = 0 contribute 0). Range [0, ln C]. */
export function entropyScores(logits: ArrayLike<number>, numClasses: number): Float64Array {
  const n = rowCount(logits, numClasses, 'entropyScores');
  const probs = new Float64Array(numClasses);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    softmaxRow(logits, i, numClasses, probs);
    let h = 0;
    for (let c = 0; c < numClasses; c++) if (probs[c] !== 0) h -= probs[c] * Math.log(probs[c]); // NaN passes through
    scores[i] = h;
  }
  return scores;
}

/**
 * Margin: -(p_top1 - p_top2), so the smallest gap between the two highest probabilities scores
 * highest. Range [-1, 0]. With a single class there is no second probability: it counts as 0.
 */
export function marginScores(logits: ArrayLike<number>, numClasses: number): Float64Array {
  const n = rowCount(logits, numClasses, 'marginScores');
  const probs = new Float64Array(numClasses);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    softmaxRow(logits, i, numClasses, probs);
    // probabilities are >= 0, so 0 is a safe start for both (and the value of a missing second class)
    let first = 0;
    let second = 0;
    for (let c = 0; c < numClasses; c++) {
      const p = probs[c];
      if (Number.isNaN(p)) {
        first = NaN;
        break;
      }
      if (p > first) {
        second = first;
        first = p;
      } else if (p > second) {
        second = p;
      }
    }
    scores[i] = -(first - second);
  }
  return scores;
}

/** Least confidence: 1 - max_c p_c, so the lowest top probability scores highest. Range [0, 1 - 1/C]. */
export function leastConfidenceScores(logits: ArrayLike<number>, numClasses: number): Float64Array {
  const n = rowCount(logits, numClasses, 'leastConfidenceScores');
  const probs = new Float64Array(numClasses);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    softmaxRow(logits, i, numClasses, probs);
    let max = -Infinity;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, probs[c]); // Math.max propagates NaN
    scores[i] = 1 - max;
  }
  return scores;
}
