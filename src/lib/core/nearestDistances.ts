/**
 * The contract between the core-set strategy (al/, plain JS) and the device version of its distance
 * search (ml/, tfjs): al/ takes a function of this type as a parameter, so it never loads tfjs.
 */

/**
 * For each of the `pointCount` points (row-major [pointCount * dim]) the SQUARED Euclidean distance
 * to its nearest center (row-major [centerCount * dim]). With no centers every distance is +Infinity.
 * Squared distances order the points exactly as plain distances do, and need no square root.
 */
export type NearestDistances = (
  points: Float32Array,
  pointCount: number,
  centers: Float32Array,
  centerCount: number,
  dim: number,
) => Promise<Float32Array>;
