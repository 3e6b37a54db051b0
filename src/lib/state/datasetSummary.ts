import { plural } from '../core/plural';

/**
 * The header's count of a project's images. A class delete leaves that class's test images without
 * a label; cycles measure only on the labeled ones, so when some are unlabeled the header says how
 * many still count, rather than a test-set size no cycle uses.
 */
export function datasetSummary(poolCount: number, testCount: number, labeledTestCount: number): string {
  const test = plural(testCount, 'test image');
  const labeled = labeledTestCount < testCount ? ` (${labeledTestCount.toLocaleString('en-US')} labeled)` : '';
  return `${plural(poolCount, 'pool image')}, ${test}${labeled}`;
}
