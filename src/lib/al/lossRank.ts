/**
 * Where a sample stands among all scored candidates by predicted loss. The loss head is trained
 * with a ranking loss, so its raw output has no scale: only its order means something to a person.
 */

/**
 * The rank by predicted loss (1 = highest) of each of `indices` among all of `predictedLoss`.
 * Equal values share the better rank; a NaN counts below every number, as in selectTopK.
 */
export function lossRanks(predictedLoss: ArrayLike<number>, indices: readonly number[]): number[] {
  const key = (value: number) => (Number.isNaN(value) ? -Infinity : value);
  return indices.map((index) => {
    const own = key(predictedLoss[index]);
    let higher = 0;
    for (let i = 0; i < predictedLoss.length; i++) if (key(predictedLoss[i]) > own) higher++;
    return higher + 1;
  });
}
