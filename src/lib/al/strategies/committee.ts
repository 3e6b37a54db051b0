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

/** The first highest probability of a row (ties go to the smaller class, as argmax does). */
function votedClass(probs: Float64Array, row: number, numClasses: number): number {
  let best = 0;
  for (let c = 1; c < numClasses; c++) if (probs[row * numClasses + c] > probs[row * numClasses + best]) best = c;
  return best;
}

/**
 * Vote entropy: each member votes for its most probable class; the score is the entropy (nats)
 * of the vote shares, -sum_c (V_c / C) ln(V_c / C). 0 when all agree, ln(min(C, classes)) at most.
 */
export function voteEntropyScores(members: ArrayLike<number>[], numClasses: number): Float64Array {
  const n = checkCommittee(members, numClasses, 'voteEntropyScores');
  const probs = members.map((logits) => softmaxRows(logits, numClasses));
  const votes = new Float64Array(numClasses);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    votes.fill(0);
    for (const p of probs) votes[votedClass(p, i, numClasses)] += 1;
    let h = 0;
    for (const v of votes) if (v > 0) h -= (v / probs.length) * Math.log(v / probs.length);
    scores[i] = h;
  }
  return scores;
}

/**
 * Mean KL divergence to the consensus: (1/C) sum_m KL(p_m || p_mean), where p_mean is the members'
 * average distribution. Unlike the vote it sees disagreement about how sure to be, not only about
 * the top class, so it is also the vote's tie-break.
 */
export function meanKlScores(members: ArrayLike<number>[], numClasses: number): Float64Array {
  const n = checkCommittee(members, numClasses, 'meanKlScores');
  const probs = members.map((logits) => softmaxRows(logits, numClasses));
  const consensus = new Float64Array(numClasses);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * numClasses;
    consensus.fill(0);
    for (const p of probs) for (let c = 0; c < numClasses; c++) consensus[c] += p[row + c] / probs.length;
    let kl = 0;
    for (const p of probs) {
      for (let c = 0; c < numClasses; c++) {
        // a zero probability adds nothing (0 ln 0 = 0); consensus is > 0 wherever a member's p is
        if (p[row + c] > 0) kl += p[row + c] * Math.log(p[row + c] / consensus[c]);
      }
    }
    scores[i] = kl / probs.length;
  }
  return scores;
}
