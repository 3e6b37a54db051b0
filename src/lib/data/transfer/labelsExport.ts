import type { LossloopDatabase } from '../store/db';
import { formatLabelsCsv } from '../formats/labelsCsv';
import { writeZip } from '../formats/zip';
import { readPixels } from '../store/samples';
import { listLabeled } from '../store/sampleQueries';
import type { ProjectRecord } from '../store/schema';
import { exportName, safeFolderName } from './exportNames';
import { encodePng } from '../formats/png';

/**
 * The labels a project has gathered, in formats other tools read: CSV and JSON lists, and the
 * labeled images as a ZIP in ImageNet's folder layout (class/filename.png). Only labels given in
 * the pool count (the test set's labels came with the data).
 */

export async function labelsCsv(db: LossloopDatabase, project: ProjectRecord): Promise<string> {
  const samples = await listLabeled(db, project.id);
  return formatLabelsCsv(samples.map((s) => ({ filename: exportName(s), label: project.classes[s.label!].name })));
}

export async function labelsJson(db: LossloopDatabase, project: ProjectRecord): Promise<string> {
  const samples = await listLabeled(db, project.id);
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
  const samples = await listLabeled(db, project.id);
  const [height, width, channels] = project.imageShape;
  const pixels = await readPixels(db, project.id, samples.map((s) => s.id), height * width * channels);
  const size = height * width * channels;
  return writeZip(samples.map((s, i) => ({
    path: `${safeFolderName(project.classes[s.label!].name)}/${exportName(s).replace(/\.[^.]*$/, '')}.png`,
    bytes: encodePng(pixels.subarray(i * size, (i + 1) * size), width, height, channels as 1 | 3 | 4),
  })));
}
