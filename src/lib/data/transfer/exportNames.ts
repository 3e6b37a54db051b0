import type { SampleRecord } from '../store/schema';

/**
 * How lossloop names a sample's image in the files it writes. Exports write these names and the
 * labels-CSV import looks samples up by them, so an exported CSV applies back to its project.
 */

/** The file name of a sample in exports: its source name, or one made from its split and id. */
export function exportName(sample: SampleRecord): string {
  return sample.sourceName ?? `${sample.split}-${String(sample.id).padStart(5, '0')}.png`;
}

/** A class name as a folder name that every file system accepts. */
export function safeFolderName(name: string): string {
  // Characters file systems refuse (control characters included), and leading dots (hidden, or "..").
  const unsafe = (c: string) => '\\/:*?"<>|'.includes(c) || c.charCodeAt(0) < 32;
  const cleaned = [...name].map((c) => (unsafe(c) ? '_' : c)).join('').replace(/^\.+/, '_').trim();
  return cleaned || '_';
}
