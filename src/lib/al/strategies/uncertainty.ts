/**
 * Uncertainty baselines (docs/method.md): scores computed from the classifier's logits.
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

/** The softmax of one row of logits (the class probabilities the network gives one image). */
export function softmax(logits: ArrayLike<number>): Float64Array {
  const probs = new Float64Array(logits.length);
  softmaxRow(logits, 0, logits.length, probs);
  return probs;
}

/** The softmax of every row: [n * numClasses] probabilities, row-major (the committee and BADGE read them). */
export function softmaxRows(logits: ArrayLike<number>, numClasses: number): Float64Array {
  const n = rowCount(logits, numClasses, 'softmaxRows');
  const out = new Float64Array(n * numClasses);
  const probs = new Float64Array(numClasses);
  for (let i = 0; i < n; i++) {
    softmaxRow(logits, i, numClasses, probs);
    out.set(probs, i * numClasses);
  }
  return out;
}

/** One score per row, computed by `score` from the row's softmax (a buffer reused between rows). */
function scoreRows(logits: ArrayLike<number>, numClasses: number, name: string, score: (probs: Float64Array) => number): Float64Array {
  const n = rowCount(logits, numClasses, name);
  const probs = new Float64Array(numClasses);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    softmaxRow(logits, i, numClasses, probs);
    scores[i] = score(probs);
  }
  return scores;
}

/** Entropy of the softmax, in nats: -sum_c p_c ln p_c (terms with p_c = 0 contribute 0). Range [0, ln C]. */
export function entropyScores(logits: ArrayLike<number>, numClasses: number): Float64Array {
  return scoreRows(logits, numClasses, 'entropyScores', (probs) => {
    let h = 0;
    for (const p of probs) if (p !== 0) h -= p * Math.log(p); // NaN passes through
    return h;
  });
}

/**
 * Margin: -(p_top1 - p_top2), so the smallest gap between the two highest probabilities scores
 * highest. Range [-1, 0]. With a single class there is no second probability: it counts as 0.
 */
export function marginScores(logits: ArrayLike<number>, numClasses: number): Float64Array {
  return scoreRows(logits, numClasses, 'marginScores', (probs) => {
    // probabilities are >= 0, so 0 is a safe start for both (and the value of a missing second class)
    let first = 0;
    let second = 0;
    for (const p of probs) {
      if (Number.isNaN(p)) return NaN;
      if (p > first) {
        second = first;
        first = p;
      } else if (p > second) {
        second = p;
      }
    }
    return -(first - second);
  });
}

/** Least confidence: 1 - max_c p_c, so the lowest top probability scores highest. Range [0, 1 - 1/C]. */
export function leastConfidenceScores(logits: ArrayLike<number>, numClasses: number): Float64Array {
  // Math.max propagates NaN
  return scoreRows(logits, numClasses, 'leastConfidenceScores', (probs) => 1 - Math.max(...probs));
}
