import type { LossloopDatabase } from '../store/db';
import { exportName } from './exportNames';
import { listSamples } from '../store/samples';
import type { ProjectRecord } from '../store/schema';
import { matchLabels, parseLabelsCsv, type LabelMatch } from '../formats/labelsCsv';

/**
 * Labels from a CSV of `filename,label` (a pre-labeled seed set) applied to a project's pool, in
 * one transaction with their label-log entries. Files are named as lossloop exports them (the
 * source file name, or split-id.png), so an exported CSV applies back. Rows that do not fit are
 * reported, not guessed at.
 */

export interface CsvApplyReport {
  applied: number;
  unknownFiles: LabelMatch['unknownFiles'];
  unknownClasses: LabelMatch['unknownClasses'];
  duplicates: LabelMatch['duplicates'];
  /** rows naming a test image, whose label came with the data and is not changed here */
  testImages: string[];
}

export async function applyLabelsCsv(db: LossloopDatabase, project: ProjectRecord, csvText: string): Promise<CsvApplyReport> {
  const { rows } = parseLabelsCsv(csvText);
  const samples = await listSamples(db, project.id);
  const byName = new Map(samples.map((s) => [exportName(s), s]));
  const match = matchLabels(rows, new Set(byName.keys()), project.classes.map((c) => c.name));
  const testImages = match.matched.filter((m) => byName.get(m.filename)!.split === 'test').map((m) => m.filename);

  const tx = db.transaction(['samples', 'labelEvents'], 'readwrite');
  const at = Date.now();
  let applied = 0;
  for (const { filename, classIndex } of match.matched) {
    const sample = byName.get(filename)!;
    if (sample.split !== 'pool' || sample.label === classIndex) continue;
    void tx.objectStore('samples').put({ ...sample, label: classIndex, labeledBy: 'import', labeledAt: at });
    void tx.objectStore('labelEvents').add({ projectId: project.id, sampleId: sample.id, label: classIndex, previous: sample.label, by: 'import', at });
    applied++;
  }
  await tx.done;
  return { applied, unknownFiles: match.unknownFiles, unknownClasses: match.unknownClasses, duplicates: match.duplicates, testImages };
}

/** The report in plain words, for the UI. */
export function describeCsvReport(report: CsvApplyReport): string {
  const lines = (items: { line: number }[]) => items.slice(0, 8).map((i) => i.line).join(', ') + (items.length > 8 ? ', …' : '');
  const parts = [`Applied ${report.applied} label${report.applied === 1 ? '' : 's'}.`];
  if (report.unknownFiles.length) parts.push(`${report.unknownFiles.length} rows name files that are not in this project (lines ${lines(report.unknownFiles)}).`);
  if (report.unknownClasses.length) parts.push(`${report.unknownClasses.length} rows name classes this project does not have (lines ${lines(report.unknownClasses)}).`);
  if (report.duplicates.length) parts.push(`${report.duplicates.length} rows repeat a file named earlier; the first one counts (lines ${lines(report.duplicates)}).`);
  if (report.testImages.length) parts.push(`${report.testImages.length} rows name test images, whose labels are not changed.`);
  return parts.join(' ');
}
