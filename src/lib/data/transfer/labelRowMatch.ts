import { matchLabels, type LabelMatch, type LabelRow } from '../formats/labelsCsv';
import type { ClassInfo, SampleRecord } from '../store/schema';
import { exportName } from './exportNames';
import { plural } from '../../core/plural';

/**
 * The rows of a labels file (a CSV to apply, another person's file to merge) matched to a project:
 * images by the name lossloop exports them under, classes by name. What does not fit is kept to
 * report, never guessed at.
 */

export interface RowProblems {
  unknownFiles: LabelMatch['unknownFiles'];
  unknownClasses: LabelMatch['unknownClasses'];
  duplicates: LabelMatch['duplicates'];
  /** rows naming a test image, whose label came with the data and is not changed from a file */
  testImages: string[];
}

export interface RowsMatched {
  /** the pool images the rows label, with the class each row names */
  pool: { sample: SampleRecord; classIndex: number }[];
  problems: RowProblems;
}

export function matchRowsToSamples(rows: readonly LabelRow[], samples: readonly SampleRecord[], classes: readonly ClassInfo[]): RowsMatched {
  const byName = new Map(samples.map((s) => [exportName(s), s]));
  const match = matchLabels(rows, new Set(byName.keys()), classes.map((c) => c.name));
  const labeled = match.matched.map(({ filename, classIndex }) => ({ sample: byName.get(filename)!, classIndex }));
  return {
    pool: labeled.filter((m) => m.sample.split === 'pool'),
    problems: {
      unknownFiles: match.unknownFiles, unknownClasses: match.unknownClasses, duplicates: match.duplicates,
      testImages: labeled.filter((m) => m.sample.split === 'test').map((m) => exportName(m.sample)),
    },
  };
}

/** One sentence per kind of problem, pointing at the first rows of each (by line of a CSV, or entry of a JSON). */
export function describeRowProblems(problems: RowProblems, rowsAre: 'line' | 'entry' = 'line'): string[] {
  const where = (items: { line: number }[]) => {
    const noun = items.length === 1 ? rowsAre : rowsAre === 'line' ? 'lines' : 'entries';
    return `${noun} ${items.slice(0, 8).map((i) => i.line).join(', ')}${items.length > 8 ? ', …' : ''}`;
  };
  /** "1 row names a file…", "2 rows name files…": the count, its noun and verb agreeing */
  const rows = (count: number, one: string, many: string) => `${plural(count, 'row')} ${count === 1 ? one : many}`;
  const parts: string[] = [];
  const { unknownFiles, unknownClasses, duplicates, testImages } = problems;
  if (unknownFiles.length) {
    parts.push(`${rows(unknownFiles.length, 'names a file that is', 'name files that are')} not in this project (${where(unknownFiles)}).`);
  }
  if (unknownClasses.length) {
    parts.push(`${rows(unknownClasses.length, 'names a class', 'name classes')} this project does not have (${where(unknownClasses)}).`);
  }
  if (duplicates.length) parts.push(`${rows(duplicates.length, 'repeats', 'repeat')} a file named earlier; the first one counts (${where(duplicates)}).`);
  if (testImages.length) {
    parts.push(`${rows(testImages.length, 'names a test image, whose label is', 'name test images, whose labels are')} not changed.`);
  }
  return parts;
}
