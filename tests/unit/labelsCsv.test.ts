import { describe, expect, it } from 'vitest';
import {
  CsvFormatError,
  formatLabelsCsv,
  matchLabels,
  parseLabelsCsv,
  type LabelRow,
} from '../../src/lib/data/formats/labelsCsv';

function expectCsvError(text: string, line: number, fragment: string): void {
  let caught: unknown;
  try {
    parseLabelsCsv(text);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CsvFormatError);
  expect((caught as CsvFormatError).name).toBe('CsvFormatError');
  expect((caught as CsvFormatError).line).toBe(line);
  expect((caught as Error).message).toContain(fragment);
}

describe('parseLabelsCsv', () => {
  it('reads plain rows with LF line ends', () => {
    expect(parseLabelsCsv('a.png,coat\nb.png,shirt\n').rows).toEqual([
      { line: 1, filename: 'a.png', label: 'coat' },
      { line: 2, filename: 'b.png', label: 'shirt' },
    ]);
  });

  it('reads CRLF line ends, a last row without a line end, and old Mac CR line ends', () => {
    const expected = [
      { line: 1, filename: 'a.png', label: 'coat' },
      { line: 2, filename: 'b.png', label: 'shirt' },
    ];
    expect(parseLabelsCsv('a.png,coat\r\nb.png,shirt\r\n').rows).toEqual(expected);
    expect(parseLabelsCsv('a.png,coat\r\nb.png,shirt').rows).toEqual(expected);
    expect(parseLabelsCsv('a.png,coat\rb.png,shirt\r').rows).toEqual(expected);
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(parseLabelsCsv('\uFEFFa.png,coat\n').rows).toEqual([{ line: 1, filename: 'a.png', label: 'coat' }]);
  });

  it('skips a header row of exactly filename,label in any case', () => {
    expect(parseLabelsCsv('filename,label\na.png,coat\n').rows).toEqual([{ line: 2, filename: 'a.png', label: 'coat' }]);
    expect(parseLabelsCsv('\uFEFFFileName , LABEL\r\na.png,coat').rows).toEqual([
      { line: 2, filename: 'a.png', label: 'coat' },
    ]);
    expect(parseLabelsCsv('"filename","label"\na.png,coat').rows).toHaveLength(1);
    // After blank lines it is still the first row.
    expect(parseLabelsCsv('\n\nfilename,label\na.png,coat').rows).toEqual([{ line: 4, filename: 'a.png', label: 'coat' }]);
  });

  it('keeps a first row that only looks like a header', () => {
    expect(parseLabelsCsv('file,label\na.png,coat').rows[0]).toEqual({ line: 1, filename: 'file', label: 'label' });
    expect(parseLabelsCsv('filenames,label\n').rows[0].filename).toBe('filenames');
  });

  it('keeps a later filename,label row as data', () => {
    expect(parseLabelsCsv('a.png,coat\nfilename,label\n').rows).toEqual([
      { line: 1, filename: 'a.png', label: 'coat' },
      { line: 2, filename: 'filename', label: 'label' },
    ]);
  });

  it('ignores blank lines, lines of spaces and rows of empty cells', () => {
    const text = '\na.png,coat\n\n   \n,\n , \r\n\r\nb.png,shirt\n\n';
    expect(parseLabelsCsv(text).rows).toEqual([
      { line: 2, filename: 'a.png', label: 'coat' },
      { line: 8, filename: 'b.png', label: 'shirt' },
    ]);
    expect(parseLabelsCsv('').rows).toEqual([]);
    expect(parseLabelsCsv('\uFEFF\n\n').rows).toEqual([]);
  });

  it('trims spaces and tabs outside quotes and keeps them inside', () => {
    expect(parseLabelsCsv('  a b.png ,\tcoat  \n').rows[0]).toEqual({ line: 1, filename: 'a b.png', label: 'coat' });
    expect(parseLabelsCsv(' " a.png " , "  coat"\n').rows[0]).toEqual({ line: 1, filename: ' a.png ', label: '  coat' });
  });

  it('reads quoted fields with commas and doubled quotes', () => {
    expect(parseLabelsCsv('"a,b.png","say ""hi"""\n').rows[0]).toEqual({
      line: 1,
      filename: 'a,b.png',
      label: 'say "hi"',
    });
    expect(parseLabelsCsv('"""quoted"".png",x').rows[0].filename).toBe('"quoted".png');
  });

  it('reads a quoted field across lines and counts lines after it', () => {
    const text = 'a.png,"two\nlines"\r\nb.png,"crlf\r\ninside"\nc.png,coat\n';
    expect(parseLabelsCsv(text).rows).toEqual([
      { line: 1, filename: 'a.png', label: 'two\nlines' },
      { line: 3, filename: 'b.png', label: 'crlf\r\ninside' },
      { line: 5, filename: 'c.png', label: 'coat' },
    ]);
  });

  it('keeps a class name with HTML verbatim', () => {
    expect(parseLabelsCsv('a.png,<b>coat</b>\nb.png,"<img src=x onerror=alert(1)>"').rows.map((r) => r.label)).toEqual([
      '<b>coat</b>',
      '<img src=x onerror=alert(1)>',
    ]);
  });

  it('reads non-ASCII filenames and labels', () => {
    expect(parseLabelsCsv('été/café.png,Übergangsjacke\n猫.png,ねこ\n😀.png,emoji 🧥\n').rows).toEqual([
      { line: 1, filename: 'été/café.png', label: 'Übergangsjacke' },
      { line: 2, filename: '猫.png', label: 'ねこ' },
      { line: 3, filename: '😀.png', label: 'emoji 🧥' },
    ]);
  });

  it('refuses a row with one field, with a hint about semicolons or tabs', () => {
    expectCsvError('a.png,coat\nb.png\n', 2, 'Line 2 has 1 field, but each row needs exactly 2');
    expectCsvError('a.png;coat\n', 1, 'semicolons');
    expectCsvError('a.png\tcoat\n', 1, 'tabs');
  });

  it('refuses a row with three fields, with a hint about quoting commas', () => {
    expectCsvError('a.png,coat\n\nb,c.png,shirt\n', 3, 'Line 3 has 3 fields');
    expectCsvError('a.png,coat,\n', 1, 'must be put in quotes');
    expectCsvError('filename,label,extra\n', 1, 'has 3 fields');
  });

  it('refuses an unterminated quote, naming the line where it opened', () => {
    expectCsvError('a.png,coat\nb.png,"shirt\nc.png,coat\n', 2, 'Line 2 opens a quoted field (") that is never closed');
    expectCsvError('"a.png,coat', 1, 'never closed');
  });

  it('refuses text after a closing quote', () => {
    expectCsvError('a.png,coat\n"b.png"x,shirt\n', 2, 'Line 2 has text after a closing quote');
    expectCsvError('a.png,"multi\nline"x\n', 2, 'Line 2 has text after a closing quote');
  });

  it('refuses an empty filename or label', () => {
    expectCsvError('a.png,coat\n,shirt\n', 2, 'Line 2 has no filename');
    expectCsvError('a.png,\n', 1, 'Line 1 names "a.png" but gives no label');
    expectCsvError('a.png,""\n', 1, 'gives no label');
    expectCsvError('"",""\n', 1, 'no filename');
  });
});

describe('matchLabels', () => {
  const CLASSES = ['coat', 'shirt', '<b>coat</b>', 'Übergangsjacke'];
  const FILES = new Set(['a.png', 'b.png', 'c.png', 'cafe\u0301.png', 'dir/d.png']);

  it('sorts every row into exactly one list, with line numbers', () => {
    const text = [
      'filename,label', //         line 1: header
      'a.png,coat', //             line 2: matched, class 0
      'b.png,<b>coat</b>', //      line 3: matched, class 2
      'x.png,coat', //             line 4: unknown file
      'c.png,jacket', //           line 5: unknown class
      'a.png,shirt', //            line 6: duplicate of line 2
      'y.png,coat', //             line 7: unknown file
      'c.png,coat', //             line 8: duplicate of line 5, which named a known file
      'dir/d.png,Übergangsjacke', // line 9: matched, class 3
      'z.png,jacket', //           line 10: unknown file (the file problem comes first)
      'Coat.png,coat', //          line 11: unknown file (names match exactly)
      'b.png,Coat', //             line 12: duplicate of line 3
    ].join('\n');
    const { rows } = parseLabelsCsv(text);
    const result = matchLabels(rows, FILES, CLASSES);
    expect(result).toEqual({
      matched: [
        { filename: 'a.png', classIndex: 0 },
        { filename: 'b.png', classIndex: 2 },
        { filename: 'dir/d.png', classIndex: 3 },
      ],
      unknownFiles: [
        { line: 4, filename: 'x.png' },
        { line: 7, filename: 'y.png' },
        { line: 10, filename: 'z.png' },
        { line: 11, filename: 'Coat.png' },
      ],
      unknownClasses: [{ line: 5, label: 'jacket' }],
      duplicates: [
        { line: 6, filename: 'a.png' },
        { line: 8, filename: 'c.png' },
        { line: 12, filename: 'b.png' },
      ],
    });
    const total =
      result.matched.length + result.unknownFiles.length + result.unknownClasses.length + result.duplicates.length;
    expect(total).toBe(rows.length);
  });

  it('matches composed and decomposed accents, returning the project spelling', () => {
    // "café" typed in a spreadsheet (é as one character) against a macOS name (e + combining accent).
    const rows: LabelRow[] = [{ line: 1, filename: 'caf\u00e9.png', label: 'U\u0308bergangsjacke' }];
    expect(matchLabels(rows, FILES, CLASSES).matched).toEqual([{ filename: 'cafe\u0301.png', classIndex: 3 }]);
  });

  it('reports nothing for no rows', () => {
    expect(matchLabels([], FILES, CLASSES)).toEqual({ matched: [], unknownFiles: [], unknownClasses: [], duplicates: [] });
  });

  it('uses the first of two classes with the same name', () => {
    const rows: LabelRow[] = [{ line: 1, filename: 'a.png', label: 'x' }];
    expect(matchLabels(rows, FILES, ['y', 'x', 'x']).matched).toEqual([{ filename: 'a.png', classIndex: 1 }]);
  });
});

describe('formatLabelsCsv', () => {
  it('writes a header, CRLF line ends, and quotes only where needed', () => {
    const text = formatLabelsCsv([
      { filename: 'a.png', label: 'coat' },
      { filename: 'a,b.png', label: 'say "hi"' },
      { filename: ' lead.png', label: 'trail ' },
      { filename: 'two\nlines.png', label: '<b>coat</b>' },
    ]);
    expect(text).toBe(
      'filename,label\r\n' +
        'a.png,coat\r\n' +
        '"a,b.png","say ""hi"""\r\n' +
        '" lead.png","trail "\r\n' +
        '"two\nlines.png",<b>coat</b>\r\n',
    );
  });

  it('round-trips through parseLabelsCsv', () => {
    const rows = [
      { filename: 'a.png', label: 'coat' },
      { filename: 'filename', label: 'label' }, // not taken for a header: the real header comes first
      { filename: 'a,b.png', label: 'say "hi"' },
      { filename: '"', label: '""' },
      { filename: ' lead.png', label: 'trail ' },
      { filename: '\ttab.png', label: 'x\u00a0' },
      { filename: 'cr\rlf\r\n.png', label: 'lf\n' },
      { filename: 'été/猫 😀.png', label: '<b>coat</b>' },
      { filename: '\uFEFFbom.png', label: 'ok' },
      { filename: 'semi;colon.png', label: "it's" },
    ];
    const parsed = parseLabelsCsv(formatLabelsCsv(rows)).rows;
    expect(parsed.map(({ filename, label }) => ({ filename, label }))).toEqual(rows);
    // The header is line 1. The row on line 8 holds three line ends (CR, CRLF, LF), so the next starts on 12.
    expect(parsed.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 12, 13, 14]);
  });

  it('writes just the header for no rows', () => {
    expect(formatLabelsCsv([])).toBe('filename,label\r\n');
    expect(parseLabelsCsv(formatLabelsCsv([])).rows).toEqual([]);
  });

  it('refuses an empty filename or label', () => {
    expect(() => formatLabelsCsv([{ filename: '', label: 'coat' }])).toThrow(RangeError);
    expect(() => formatLabelsCsv([{ filename: 'a.png', label: '' }])).toThrow(RangeError);
  });
});
