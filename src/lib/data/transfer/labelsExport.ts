import type { LossloopDatabase } from '../store/db';
import { formatLabelsCsv } from '../formats/labelsCsv';
import { writeZip } from '../formats/zip';
import { listSamples, readPixels } from '../store/samples';
import type { ProjectRecord, SampleRecord } from '../store/schema';
import { encodePng } from '../formats/png';

/**
 * The labels a project has gathered, in formats other tools read: CSV and JSON lists, and the
 * labeled images as a ZIP in ImageNet's folder layout (class/filename.png). Only labels given in
 * the pool count (the test set's labels came with the data).
 */

/** The file name of a sample in exports: its source name, or one made from its split and id. */
export function exportName(sample: SampleRecord): string {
  return sample.sourceName ?? `${sample.split}-${String(sample.id).padStart(5, '0')}.png`;
}

async function labeledPool(db: LossloopDatabase, project: ProjectRecord): Promise<SampleRecord[]> {
  return (await listSamples(db, project.id)).filter((s) => s.split === 'pool' && s.label !== null);
}

export async function labelsCsv(db: LossloopDatabase, project: ProjectRecord): Promise<string> {
  const samples = await labeledPool(db, project);
  return formatLabelsCsv(samples.map((s) => ({ filename: exportName(s), label: project.classes[s.label!].name })));
}

export async function labelsJson(db: LossloopDatabase, project: ProjectRecord): Promise<string> {
  const samples = await labeledPool(db, project);
  return JSON.stringify({
    project: project.name,
    classes: project.classes.map((c) => c.name),
    labels: samples.map((s) => ({
      id: s.id, filename: exportName(s), label: project.classes[s.label!].name, labeledBy: s.labeledBy,
      labeledAt: s.labeledAt === null ? null : new Date(s.labeledAt).toISOString(),
    })),
  }, null, 2);
}

/** Labeled images as PNGs under one folder per class; folder names are made safe for file systems. */
export async function labeledImagesZip(db: LossloopDatabase, project: ProjectRecord): Promise<Uint8Array> {
  const samples = await labeledPool(db, project);
  const [height, width, channels] = project.imageShape;
  const pixels = await readPixels(db, project.id, samples.map((s) => s.id), height * width * channels);
  const size = height * width * channels;
  return writeZip(samples.map((s, i) => ({
    path: `${safeFolderName(project.classes[s.label!].name)}/${exportName(s).replace(/\.[^.]*$/, '')}.png`,
    bytes: encodePng(pixels.subarray(i * size, (i + 1) * size), width, height, channels as 1 | 3 | 4),
  })));
}

export function safeFolderName(name: string): string {
  // Characters file systems refuse (control characters included), and leading dots (hidden, or "..").
  const unsafe = (c: string) => '\\/:*?"<>|'.includes(c) || c.charCodeAt(0) < 32;
  const cleaned = [...name].map((c) => (unsafe(c) ? '_' : c)).join('').replace(/^\.+/, '_').trim();
  return cleaned || '_';
}
