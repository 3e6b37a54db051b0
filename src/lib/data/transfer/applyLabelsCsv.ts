import type { LossloopDatabase } from '../store/db';
import { allOrNothing } from '../store/allOrNothing';
import { listSamples } from '../store/samples';
import type { ProjectRecord } from '../store/schema';
import { parseLabelsCsv } from '../formats/labelsCsv';
import { describeRowProblems, matchRowsToSamples, type RowProblems } from './labelRowMatch';

/**
 * Labels from a CSV of `filename,label` (a pre-labeled seed set) applied to a project's pool, in
 * one transaction with their label-log entries. Files are named as lossloop exports them (the
 * source file name, or split-id.png), so an exported CSV applies back. Rows that do not fit are
 * reported, not guessed at.
 */

export interface CsvApplyReport extends RowProblems {
  applied: number;
}

export async function applyLabelsCsv(db: LossloopDatabase, project: ProjectRecord, csvText: string): Promise<CsvApplyReport> {
  const { rows } = parseLabelsCsv(csvText);
  const { pool, problems } = matchRowsToSamples(rows, await listSamples(db, project.id), project.classes);

  const tx = db.transaction(['samples', 'labelEvents'], 'readwrite');
  const at = Date.now();
  let applied = 0;
  await allOrNothing(tx, (_, writes) => {
    for (const { sample, classIndex } of pool) {
      if (sample.label === classIndex) continue;
      writes.push(tx.objectStore('samples').put({ ...sample, label: classIndex, labeledBy: 'import', labeledAt: at }));
      writes.push(tx.objectStore('labelEvents').add({ projectId: project.id, sampleId: sample.id, label: classIndex, previous: sample.label, by: 'import', at }));
      applied++;
    }
  });
  return { applied, ...problems };
}

/** The report in plain words, for the UI. */
export function describeCsvReport(report: CsvApplyReport): string {
  return [`Applied ${report.applied} label${report.applied === 1 ? '' : 's'}.`, ...describeRowProblems(report)].join(' ');
}
