/**
 * Query by committee (Seung, Opper & Sompolinsky 1992; the disagreement measures of McCallum &
 * Nigam 1998): the committee is the network as it stood at the end of the cycle's last few epochs
 * (ml/committee.ts), so it costs extra forward passes over the subset and no extra training.
 * Each member gives [n * numClasses] logits for the same n candidates; a HIGHER score means more
 * disagreement, so ask about it first.
 */

import { softmaxRows } from './uncertainty';

function checkCommittee(members: ArrayLike<number>[], numClasses: number, name: string): number {
  if (members.length === 0) throw new Error(`${name}: the committee has no member`);
  const length = members[0].length;
  for (const member of members) {
    if (member.length !== length) throw new Error(`${name}: committee members score different numbers of samples`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 1 || length % numClasses !== 0) {
    throw new Error(`${name}: ${length} logits is not a multiple of ${numClasses} classes`);
  }
  return length / numClasses;
}

/** The first highest probability of the row at `offset` (ties go to the smaller class, as argmax does). */
function votedClass(probs: Float64Array, offset: number, numClasses: number): number {
  let best = 0;
  for (let c = 1; c < numClasses; c++) if (probs[offset + c] > probs[offset + best]) best = c;
  return best;
}

/**
 * One score per candidate from every member's probabilities: `score(probs, row)` reads row `row`
 * (offset row * numClasses) of each member's softmax.
 */
function scoreCandidates(
  members: ArrayLike<number>[], numClasses: number, name: string, score: (probs: Float64Array[], row: number) => number,
): Float64Array {
  const n = checkCommittee(members, numClasses, name);
  const probs = members.map((logits) => softmaxRows(logits, numClasses));
  return Float64Array.from({ length: n }, (_, i) => score(probs, i * numClasses));
}

/**
 * Vote entropy: each member votes for its most probable class; the score is the entropy (nats)
 * of the vote shares, -sum_c (V_c / C) ln(V_c / C). 0 when all agree, ln(min(C, classes)) at most.
 */
export function voteEntropyScores(members: ArrayLike<number>[], numClasses: number): Float64Array {
  const votes = new Float64Array(numClasses);
  return scoreCandidates(members, numClasses, 'voteEntropyScores', (probs, row) => {
    votes.fill(0);
    for (const p of probs) votes[votedClass(p, row, numClasses)] += 1;
    let h = 0;
    for (const v of votes) if (v > 0) h -= (v / probs.length) * Math.log(v / probs.length);
    return h;
  });
}

/**
 * Mean KL divergence to the consensus: (1/C) sum_m KL(p_m || p_mean), where p_mean is the members'
 * average distribution. Unlike the vote it sees disagreement about how sure to be, not only about
 * the top class, so it is also the vote's tie-break.
 */
export function meanKlScores(members: ArrayLike<number>[], numClasses: number): Float64Array {
  const consensus = new Float64Array(numClasses);
  return scoreCandidates(members, numClasses, 'meanKlScores', (probs, row) => {
    consensus.fill(0);
    for (const p of probs) for (let c = 0; c < numClasses; c++) consensus[c] += p[row + c] / probs.length;
    let kl = 0;
    for (const p of probs) {
      for (let c = 0; c < numClasses; c++) {
        // a zero probability adds nothing (0 ln 0 = 0); consensus is > 0 wherever a member's p is
        if (p[row + c] > 0) kl += p[row + c] * Math.log(p[row + c] / consensus[c]);
      }
    }
    return kl / probs.length;
  });
}
