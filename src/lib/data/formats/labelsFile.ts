import { parseLabelsCsv, type LabelRow } from './labelsCsv';

/**
 * Reads a labels file that lossloop exported (or that is written like one): the CSV of
 * `filename,label` rows, or the JSON export `{ project, classes, labels: [{ filename, label }] }`.
 * Rows keep where they were in the file (a CSV line, a JSON entry), so that a report can point at them.
 */

export interface LabelsFile {
  rows: LabelRow[];
  /** what a row's `line` counts: lines of a CSV, or entries of the JSON's `labels` */
  rowsAre: 'line' | 'entry';
  /** the project the labels were exported from, when the file says (the JSON export does) */
  project: string | null;
}

/** Thrown when a JSON file is not a labels export; the message is meant for users. */
export class LabelsJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelsJsonError';
  }
}

/** A file whose first character (after spaces and a byte order mark) opens an object is JSON; anything else is read as CSV. */
export function parseLabelsFile(text: string): LabelsFile {
  if (!/^\uFEFF?\s*\{/.test(text)) return { rows: parseLabelsCsv(text).rows, rowsAre: 'line', project: null };
  return parseLabelsJson(text.replace(/^\uFEFF/, ''));
}

function parseLabelsJson(text: string): LabelsFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LabelsJsonError('The file starts like JSON but is not valid JSON.');
  }
  const root = value as { project?: unknown; labels?: unknown };
  if (!Array.isArray(root.labels)) {
    throw new LabelsJsonError('The JSON has no "labels" list: it is not a labels export of lossloop (Your data > Labels (JSON)).');
  }
  const rows = root.labels.map((entry: unknown, i): LabelRow => {
    const { filename, label } = (entry ?? {}) as { filename?: unknown; label?: unknown };
    if (typeof filename !== 'string' || filename === '' || typeof label !== 'string' || label === '') {
      throw new LabelsJsonError(`Entry ${i + 1} of "labels" needs a "filename" and a "label", both text.`);
    }
    return { line: i + 1, filename, label };
  });
  return { rows, rowsAre: 'entry', project: typeof root.project === 'string' && root.project !== '' ? root.project : null };
}
