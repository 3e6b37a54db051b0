// Reads and writes CSV files of `filename,label` rows: a pre-labeled seed set or a test set.
//
// The parser follows RFC 4180 (quoted fields, doubled quotes inside them, fields that span
// lines) and tolerates what spreadsheets add: a UTF-8 byte order mark, CRLF or LF (or old
// Mac CR) line ends, blank lines, rows of empty cells, and spaces around fields. Problems in
// the file's shape throw CsvFormatError; problems in its content (unknown files or
// classes, repeated files) are reported by matchLabels so the UI can list them all at once.

/** One data row of a labels CSV; `line` is where the row starts, counting from 1. */
export type LabelRow = { line: number; filename: string; label: string };

/** How the rows of a labels CSV fit a project. Every row lands in exactly one list. */
export type LabelMatch = {
  /** Rows that label a file of the project with one of its classes; filename as the project spells it. */
  matched: { filename: string; classIndex: number }[];
  /** Rows naming a file that is not in the project. */
  unknownFiles: { line: number; filename: string }[];
  /** Rows naming a known file but a class the project does not have. */
  unknownClasses: { line: number; label: string }[];
  /** Rows naming a file that an earlier row already named; the first row wins. */
  duplicates: { line: number; filename: string }[];
};

/** Thrown when text is not a usable labels CSV; the message is meant for users. */
export class CsvFormatError extends Error {
  /** The line the problem is on, counting from 1. */
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.name = 'CsvFormatError';
    this.line = line;
  }
}

const HEADER = ['filename', 'label'];

// Whitespace that surrounds a field and is dropped: what String.prototype.trim drops,
// except line ends, which end the row. formatLabelsCsv quotes values that begin or end
// with it.
function isBlank(c: string): boolean {
  return c !== '\n' && c !== '\r' && /\s/.test(c);
}

function isLineEnd(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

/** Reads the rows of the text as arrays of fields, with the line each row starts on. */
function* records(text: string): Generator<{ line: number; fields: string[]; blank: boolean }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;

  // Moves past a line end (CRLF counts as one) and counts it.
  const endLine = (): void => {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
  };

  while (i < n) {
    const start = line;
    const fields: string[] = [];
    // A row of empty, unquoted cells is blank: spreadsheets write such rows as ",".
    let blank = true;
    for (;;) {
      while (i < n && isBlank(text[i])) i++;
      if (text[i] === '"') {
        blank = false;
        const opened = line;
        let value = '';
        i++;
        for (;;) {
          if (i >= n) {
            throw new CsvFormatError(
              opened,
              `Line ${opened} opens a quoted field (") that is never closed. ` +
                'A quote inside a quoted field must be written twice ("").',
            );
          }
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] !== '"') break;
            value += '"';
            i += 2;
          } else if (isLineEnd(c)) {
            // A line end inside quotes belongs to the value, exactly as written.
            const from = i;
            endLine();
            value += text.slice(from, i);
          } else {
            value += c;
            i++;
          }
        }
        i++;
        while (i < n && isBlank(text[i])) i++;
        if (i < n && text[i] !== ',' && !isLineEnd(text[i])) {
          throw new CsvFormatError(
            line,
            `Line ${line} has text after a closing quote. ` +
              'Put the whole field in quotes and write any quote inside it twice ("").',
          );
        }
        fields.push(value);
      } else {
        const from = i;
        while (i < n && text[i] !== ',' && !isLineEnd(text[i])) i++;
        const value = text.slice(from, i).trim();
        if (value !== '') blank = false;
        fields.push(value);
      }
      if (text[i] !== ',') break;
      i++;
    }
    if (i < n) endLine();
    yield { line: start, fields, blank };
  }
}

/** What to tell a user whose row does not have two fields. */
function fieldCountMessage(line: number, fields: string[]): string {
  let message = `Line ${line} has ${fields.length} field${fields.length === 1 ? '' : 's'}, but each row needs exactly 2: a filename and a label.`;
  if (fields.length === 1 && fields[0].includes(';')) {
    message += ' The file seems to use semicolons between fields; save it with commas instead.';
  } else if (fields.length === 1 && fields[0].includes('\t')) {
    message += ' The file seems to use tabs between fields; save it as comma-separated values instead.';
  } else if (fields.length > 2) {
    message += ' A filename or label that contains a comma must be put in quotes.';
  }
  return message;
}

/**
 * Parses a CSV of `filename,label` rows. A first row of exactly `filename,label` (any case)
 * is a header and skipped. Throws CsvFormatError for a row without exactly two fields, an
 * empty filename or label, or a quote that is never closed.
 */
export function parseLabelsCsv(text: string): { rows: LabelRow[] } {
  const rows: LabelRow[] = [];
  let first = true;
  for (const { line, fields, blank } of records(text)) {
    if (blank) continue;
    if (fields.length !== 2) throw new CsvFormatError(line, fieldCountMessage(line, fields));
    const [filename, label] = fields;
    if (first && fields.every((field, i) => field.toLowerCase() === HEADER[i])) {
      first = false;
      continue;
    }
    first = false;
    if (filename === '') throw new CsvFormatError(line, `Line ${line} has no filename.`);
    if (label === '') throw new CsvFormatError(line, `Line ${line} names "${filename}" but gives no label.`);
    rows.push({ line, filename, label });
  }
  return { rows };
}

/**
 * Sorts rows into those that fit the project and those that do not. Filenames and labels
 * are compared after Unicode NFC normalization, because macOS writes accented names in
 * decomposed form while spreadsheets usually write them composed; otherwise exactly.
 */
export function matchLabels(
  rows: readonly LabelRow[],
  knownFiles: ReadonlySet<string>,
  classes: readonly string[],
): LabelMatch {
  const files = new Map<string, string>();
  for (const file of knownFiles) files.set(file.normalize('NFC'), file);
  const classIndex = new Map<string, number>();
  classes.forEach((name, i) => {
    const key = name.normalize('NFC');
    if (!classIndex.has(key)) classIndex.set(key, i);
  });

  const result: LabelMatch = { matched: [], unknownFiles: [], unknownClasses: [], duplicates: [] };
  const seen = new Set<string>();
  for (const { line, filename, label } of rows) {
    const key = filename.normalize('NFC');
    const file = files.get(key);
    if (file === undefined) {
      result.unknownFiles.push({ line, filename });
      continue;
    }
    if (seen.has(key)) {
      result.duplicates.push({ line, filename });
      continue;
    }
    seen.add(key);
    const index = classIndex.get(label.normalize('NFC'));
    if (index === undefined) result.unknownClasses.push({ line, label });
    else result.matched.push({ filename: file, classIndex: index });
  }
  return result;
}

/** A field as CSV, quoted when parseLabelsCsv would otherwise split, join or trim it. */
function formatField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes rows as CSV with a `filename,label` header and CRLF line ends (RFC 4180), so that
 * parseLabelsCsv gives the same rows back. Throws RangeError for an empty filename or label,
 * which a labels CSV cannot hold.
 */
export function formatLabelsCsv(rows: readonly { filename: string; label: string }[]): string {
  let out = `${HEADER.join(',')}\r\n`;
  for (const { filename, label } of rows) {
    if (filename === '' || label === '') {
      throw new RangeError('A labels CSV cannot hold an empty filename or label.');
    }
    out += `${formatField(filename)},${formatField(label)}\r\n`;
  }
  return out;
}
