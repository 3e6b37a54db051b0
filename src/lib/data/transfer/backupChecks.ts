import { plural } from '../../core/plural';
import { exportName } from './exportNames';
import { PIXEL_CHUNK_SIZE, type LabelEventRecord, type PixelChunkRecord, type ProjectRecord, type SampleRecord } from '../store/schema';

/**
 * Whether a restored project holds together, read from what is about to be committed: the counts
 * its record promises, labels that name its classes, every pool label the one its label log ends
 * with, pixels for every image. A backup that fails here would open as a project whose numbers lie
 * (a label the log cannot explain, an image with no pixels), so it is refused instead.
 * Returns what is wrong, in plain words, or null.
 */
export function findInconsistency(
  project: ProjectRecord,
  samples: readonly SampleRecord[],
  events: readonly Pick<LabelEventRecord, 'sampleId' | 'label'>[],
  chunks: readonly Pick<PixelChunkRecord, 'chunk' | 'count'>[],
): string | null {
  const pool = samples.filter((s) => s.split === 'pool').length;
  const test = samples.filter((s) => s.split === 'test').length;
  if (pool + test !== samples.length) return 'some of its images are in neither the pool nor the test set.';
  if (pool !== project.poolCount || test !== project.testCount) {
    return `the project says it has ${plural(project.poolCount, 'pool image')} and ${plural(project.testCount, 'test image')}, but it holds ${plural(pool, 'pool image')} and ${plural(test, 'test image')}.`;
  }

  const isClass = (label: unknown) => label === null || (Number.isInteger(label) && (label as number) >= 0 && (label as number) < project.classes.length);
  const outside = samples.find((s) => !isClass(s.label) || !isClass(s.trueLabel));
  if (outside) return `the image ${exportName(outside)} has a label that is none of the project's ${plural(project.classes.length, 'class', 'classes')}.`;

  // The log is in the order it was written: a sample's last entry is its label now.
  const lastLogged = new Map<number, number | null>();
  for (const event of events) lastLogged.set(event.sampleId, event.label);
  const ids = new Set(samples.map((s) => s.id));
  const stray = events.find((e) => !ids.has(e.sampleId));
  if (stray) return `its label log names an image (number ${stray.sampleId}) that it does not hold.`;
  for (const sample of samples) {
    // Test labels come with the data, and class edits renumber them without a log entry.
    if (sample.split !== 'pool') continue;
    if (lastLogged.has(sample.id)) {
      const logged = lastLogged.get(sample.id)!;
      if (logged !== sample.label) return `the image ${exportName(sample)} is ${labelState(project, sample.label)}, but its label log ends with it ${labelState(project, logged)}.`;
    } else if (sample.label !== null && sample.labeledBy !== 'import') {
      // Only labels that came with the imported data have no log entry.
      return `the image ${exportName(sample)} is ${labelState(project, sample.label)}, but its label log has no entry for it.`;
    }
  }

  const covered = new Map(chunks.map((c) => [c.chunk, c.count]));
  const noPixels = samples.find((s) => (covered.get(Math.floor(s.id / PIXEL_CHUNK_SIZE)) ?? 0) <= s.id % PIXEL_CHUNK_SIZE);
  if (noPixels) return `the pixels of the image ${exportName(noPixels)} are missing.`;
  return null;
}

/** "unlabeled", or "labeled "Coat"" */
function labelState(project: ProjectRecord, label: number | null): string {
  return label === null ? 'unlabeled' : `labeled "${project.classes[label]?.name ?? label}"`;
}
