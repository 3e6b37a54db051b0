/**
 * Nearest-center distances for the core-set strategy. The strategy takes the distance function as
 * a parameter so it can run on the GPU (in batches); this plain-JS version is the reference and
 * the fallback.
 */

/** Squared Euclidean distance between row `a` of `as` and row `b` of `bs` (both [rows * dim]), in float64. */
export function squaredDistance(as: ArrayLike<number>, a: number, bs: ArrayLike<number>, b: number, dim: number): number {
  const oa = a * dim;
  const ob = b * dim;
  let sum = 0;
  for (let j = 0; j < dim; j++) {
    const diff = as[oa + j] - bs[ob + j];
    sum += diff * diff;
  }
  return sum;
}

function checkShape(name: string, data: ArrayLike<number>, rows: number, dim: number): void {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`${name}: dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`${name}: row count must be a non-negative integer, got ${rows}`);
  if (data.length !== rows * dim) {
    throw new Error(`${name}: expected ${rows} x ${dim} = ${rows * dim} values, got ${data.length}`);
  }
}

/** Plain-JS `NearestDistances` (core/nearestDistances.ts): O(pointCount * centerCount * dim), squared distances. */
export async function nearestDistancesCpu(
  points: Float32Array,
  pointCount: number,
  centers: Float32Array,
  centerCount: number,
  dim: number,
): Promise<Float32Array> {
  checkShape('nearestDistancesCpu points', points, pointCount, dim);
  checkShape('nearestDistancesCpu centers', centers, centerCount, dim);
  const out = new Float32Array(pointCount);
  for (let i = 0; i < pointCount; i++) {
    let best = Infinity;
    for (let c = 0; c < centerCount; c++) best = Math.min(best, squaredDistance(points, i, centers, c, dim));
    out[i] = best;
  }
  return out;
}
