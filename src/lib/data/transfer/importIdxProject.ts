import type { LossloopDatabase } from '../store/db';
import { addSamples, deleteProjectData } from '../store/samples';
import { PIXEL_CHUNK_SIZE, type ProjectRecord } from '../store/schema';
import { DEFAULT_PRESET, PRESETS } from '../store/settings';
import { checkImagesAndLabels } from '../formats/idx';
import { readIdxBatches, readIdxLabelsAll } from '../formats/idxStream';
import { describeImportFailure, ImportError, newClassNames, newProjectId, newProjectName, PixelStatistics } from './importCommon';
import { freeName } from '../store/names';
import { makeClasses } from '../store/classStyle';

/**
 * A new project from IDX files (the MNIST / Fashion-MNIST format), streamed batch by batch into
 * the store so that a 60,000-image file never sits in memory whole. Pool labels are either given
 * (the images count as labeled) or kept hidden as the truth for the simulated oracle. Any failure
 * (a bad file, a full disk, a cancel) removes the half-made project: nothing else is touched.
 */

export interface IdxProjectFiles {
  /** a fixed id (the demo's); a new unique one when absent */
  id?: string;
  /** the name typed; none (empty) gives `proposedName`, numbered when a project has it */
  name: string;
  /** the name proposed when none is typed (from the pool file's name, see nameFromIdxFile); "Imported images" when absent */
  proposedName?: string;
  /** where the images come from, shown with the project */
  source?: string;
  poolImages: Blob;
  poolLabels?: Blob;
  /** 'hidden': true labels for the simulated oracle; 'given': the pool starts labeled */
  poolLabelMode: 'hidden' | 'given';
  testImages?: Blob;
  testLabels?: Blob;
  /** class names in label order; "class 0", "class 1", ... when absent */
  classNames?: string[];
}

export interface ImportProgress {
  stage: 'reading labels' | 'storing pool' | 'storing test set';
  done: number;
  total: number;
}

export { ImportError };

/**
 * The project name an IDX pool file suggests: its own name less the format's words
 * ("train-images-idx3-ubyte.gz" gives "train"); empty when nothing else is left.
 */
export function nameFromIdxFile(fileName: string): string {
  return fileName.replace(/[-_.]?(images?|idx\d?|ubyte|gz)/gi, '').trim();
}

export async function importIdxProject(
  db: LossloopDatabase,
  files: IdxProjectFiles,
  onProgress: (progress: ImportProgress) => void = () => {},
  signal?: AbortSignal,
): Promise<ProjectRecord> {
  if ((files.testImages === undefined) !== (files.testLabels === undefined)) {
    throw new ImportError('A test set needs both its image file and its label file.');
  }
  const id = files.id ?? newProjectId();
  const name = await newProjectName(db, files.name, files.proposedName);
  const classNames = newClassNames(files.classNames ?? []);
  /** the pool's and test set's pixels, once the pool file's header has told its size */
  let neededBytes: number | null = null;
  try {
    onProgress({ stage: 'reading labels', done: 0, total: 1 });
    const poolLabels = files.poolLabels ? await readIdxLabelsAll(files.poolLabels.stream()) : undefined;
    const testLabels = files.testLabels ? await readIdxLabelsAll(files.testLabels.stream()) : undefined;
    const numClasses = Math.max(classNames.length, maxPlusOne(poolLabels), maxPlusOne(testLabels));

    let project: ProjectRecord | null = null;
    const statistics = new PixelStatistics();
    let poolCount = 0;
    for await (const batch of readIdxBatches(files.poolImages.stream(), PIXEL_CHUNK_SIZE, { signal })) {
      if (!project) {
        // What is wrong with a file comes first: the first batch has read and checked its header.
        if (poolLabels) checkImagesAndLabels(batch.dims, [poolLabels.length]);
        if (batch.dims.length < 3) throw new ImportError('The pool file holds labels, not images: choose the images file (…-images-idx3-ubyte).');
        if (numClasses < 2) throw new ImportError('lossloop needs at least two classes: give class names, or a label file.');
        project = newProject(id, name, files.source, batch.dims, defaultClassNames(classNames, numClasses));
        neededBytes = (batch.dims[0] + (testLabels?.length ?? 0)) * batch.dims.slice(1).reduce((a, b) => a * b, 1);
        await db.put('projects', project);
      }
      statistics.add(batch.data);
      const labels = poolLabels?.subarray(batch.first, batch.first + batch.count);
      await addSamples(db, id, {
        split: 'pool', firstId: batch.first, count: batch.count, pixels: batch.data, pixelsPerImage: batch.data.length / Math.max(1, batch.count),
        ...(files.poolLabelMode === 'given' ? { labels } : { trueLabels: labels }),
      });
      poolCount = batch.first + batch.count;
      onProgress({ stage: 'storing pool', done: poolCount, total: batch.dims[0] });
    }
    if (!project || poolCount === 0) throw new ImportError('The pool image file holds no images.');

    let testCount = 0;
    if (files.testImages && testLabels) {
      const firstId = Math.ceil(poolCount / PIXEL_CHUNK_SIZE) * PIXEL_CHUNK_SIZE;
      for await (const batch of readIdxBatches(files.testImages.stream(), PIXEL_CHUNK_SIZE, { signal })) {
        if (batch.first === 0) {
          checkImagesAndLabels(batch.dims, [testLabels.length]);
          if (batch.dims.slice(1).join('x') !== project.imageShape.slice(0, batch.dims.length - 1).join('x')) {
            throw new ImportError(`The test images are ${batch.dims.slice(1).join('x')}, the pool images ${project.imageShape.join('x')}: they must match.`);
          }
        }
        await addSamples(db, id, {
          split: 'test', firstId: firstId + batch.first, count: batch.count, pixels: batch.data,
          pixelsPerImage: batch.data.length / Math.max(1, batch.count), labels: testLabels.subarray(batch.first, batch.first + batch.count),
        });
        testCount = batch.first + batch.count;
        onProgress({ stage: 'storing test set', done: testCount, total: batch.dims[0] });
      }
    }

    const complete: ProjectRecord = { ...project, poolCount, testCount, complete: true, normalization: statistics.normalization() };
    await db.put('projects', complete);
    return complete;
  } catch (error) {
    await deleteProjectData(db, id);
    throw describeImportFailure(error, neededBytes);
  }
}

function newProject(id: string, name: string, source: string | undefined, dims: number[], classNames: string[]): ProjectRecord {
  const [, height, width, channels = 1] = dims;
  return {
    id, name, source: source ?? 'imported IDX files', classes: makeClasses(classNames),
    imageShape: [height, width, channels], normalization: { mean: 0.5, std: 0.25 },
    poolCount: 0, testCount: 0, settings: PRESETS[DEFAULT_PRESET].settings, openQuery: null, complete: false, createdAt: Date.now(),
  };
}

/** The names given, then "class 5", "class 6", ... for the labels beyond them (numbered so as not to take a given name). */
function defaultClassNames(given: readonly string[], numClasses: number): string[] {
  const names = [...given];
  for (let i = given.length; i < numClasses; i++) names.push(freeName(`class ${i}`, `class ${i}`, names));
  return names;
}

function maxPlusOne(labels: Uint8Array | undefined): number {
  let max = -1;
  for (const label of labels ?? []) max = Math.max(max, label);
  return max + 1;
}
