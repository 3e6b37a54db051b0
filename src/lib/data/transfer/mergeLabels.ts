import { projectRange, type LossloopDatabase } from '../store/db';
import { listSamples } from '../store/samples';
import type { ProjectRecord } from '../store/schema';
import { parseLabelsFile } from '../formats/labelsFile';
import { plural } from '../../core/plural';
import { describeRowProblems, matchRowsToSamples, type RowProblems } from './labelRowMatch';

/**
 * Merging another person's labels of the same images (their lossloop labels export, CSV or JSON)
 * into this project, for teams without a server. Images match by the name lossloop exports them
 * under, classes by name. An image unlabeled here takes their label; the same label on both sides
 * changes nothing; a different label is a conflict, stored for the review and never written over
 * the label here. A later file that agrees with the label here settles a conflict left open.
 *
 * A merged label is logged as an 'import' with a `source` (the file, and the project it came
 * from), not as a labeler kind of its own: like a CSV seed set it arrived in a file rather than by
 * a key here or from the hidden truth, and what tells merges apart is which file and whose project,
 * which a fixed kind could not say. The exports and the review's "labeled by" filter keep their
 * three kinds.
 */

export interface MergeReport extends RowProblems {
  /** the file, and the project it was exported from when the file says */
  source: string;
  /** the images that were unlabeled here and took the file's label */
  taken: number;
  /** the images labeled alike on both sides */
  agreed: number;
  /** the images labeled differently: open conflicts, new or updated */
  conflicts: number;
  /** conflicts left open by an earlier merge that this file agrees with the label here on */
  settled: number;
  /** what the report's row numbers count: CSV lines or JSON entries */
  rowsAre: 'line' | 'entry';
}

/** Merges the labels file `fileName` (its text) into the project's pool, in one transaction. */
export async function mergeLabels(db: LossloopDatabase, project: ProjectRecord, fileName: string, text: string): Promise<MergeReport> {
  const file = parseLabelsFile(text);
  const source = file.project === null ? fileName : `${fileName} (project "${file.project}")`;
  const { pool, problems } = matchRowsToSamples(file.rows, await listSamples(db, project.id), project.classes);

  const tx = db.transaction(['samples', 'labelEvents', 'labelConflicts'], 'readwrite');
  const conflicts = tx.objectStore('labelConflicts');
  const open = new Set((await conflicts.getAllKeys(projectRange(project.id))).map(([, sampleId]) => sampleId));
  const report: MergeReport = { source, taken: 0, agreed: 0, conflicts: 0, settled: 0, rowsAre: file.rowsAre, ...problems };
  const at = Date.now();
  // Writes are issued without waiting, and tx.done reports the first that fails (all or nothing).
  const issue = (request: Promise<unknown>) => void request.catch(() => {});
  for (const { sample, classIndex } of pool) {
    const key: [string, number] = [project.id, sample.id];
    if (sample.label === null) {
      issue(tx.objectStore('samples').put({ ...sample, label: classIndex, labeledBy: 'import', labeledAt: at }));
      issue(tx.objectStore('labelEvents').add({ projectId: project.id, sampleId: sample.id, label: classIndex, previous: null, by: 'import', at, source }));
      if (open.has(sample.id)) issue(conflicts.delete(key));
      report.taken++;
    } else if (sample.label === classIndex) {
      report.agreed++;
      if (open.has(sample.id)) {
        issue(conflicts.delete(key));
        report.settled++;
      }
    } else {
      issue(conflicts.put({ projectId: project.id, sampleId: sample.id, theirs: project.classes[classIndex].name, source, at }));
      report.conflicts++;
    }
  }
  await tx.done;
  return report;
}

/** The report in plain words, for the UI. */
export function describeMergeReport(report: MergeReport): string {
  const parts = [`Took ${plural(report.taken, 'label')} from ${report.source}.`];
  if (report.agreed) parts.push(`${plural(report.agreed, 'label')} agreed already.`);
  if (report.conflicts) {
    parts.push(`${plural(report.conflicts, 'conflict')} to resolve in Review labels > Conflicts; the labels here are unchanged.`);
  }
  if (report.settled) parts.push(`${plural(report.settled, 'earlier conflict')} settled: the file now agrees with the label here.`);
  return [...parts, ...describeRowProblems(report, report.rowsAre)].join(' ');
}
