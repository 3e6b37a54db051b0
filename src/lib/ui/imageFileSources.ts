import type { ImageFile } from '../data/transfer/importImageProject';
import { looksLikeImage } from '../data/formats/decodeImage';
import { folderBudgetProblem } from '../data/formats/importBudget';
import type { ZipLimits } from '../data/formats/zipLimits';
import type { ImageWorker, UnpackedImages } from '../state/imageWorker';

/**
 * The three ways images arrive: a folder picker, a ZIP, a drag-and-drop of folders or files. Each
 * is held to the import's limits (data/formats/importBudget.ts) before any image is read: a
 * folder by its files' sizes, a ZIP by the sizes its table of contents declares, and then by the
 * bytes it really unpacks, in the images worker.
 */

/** The files chosen for an import: every path (for the plan), and the images to read. */
export type ChosenFiles = UnpackedImages;

/** Reports how many images of an archive are unpacked, of how many. */
export type UnpackProgress = (done: number, total: number) => void;

export function filesFromInput(list: FileList | null, limits: ZipLimits): ChosenFiles {
  return chosenFiles([...(list ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, data: file })), limits);
}

/** Files that are there already (a folder, dropped files): their images, if their sizes fit the limits. Throws Error otherwise. */
export function chosenFiles(files: readonly ImageFile[], limits: ZipLimits): ChosenFiles {
  const images = files.filter((file) => looksLikeImage(file.path));
  const problem = folderBudgetProblem(images.map((image) => image.data.size), limits);
  if (problem) throw new Error(problem);
  return { paths: files.map((file) => file.path), images };
}

export function filesFromZip(zip: Blob, worker: ImageWorker, limits: ZipLimits, onProgress?: UnpackProgress): Promise<ChosenFiles> {
  return worker.unzip(zip, limits, onProgress);
}

/** Dropped items: folders are walked; a single dropped ZIP is opened. */
export async function filesFromDrop(transfer: DataTransfer, worker: ImageWorker, limits: ZipLimits, onProgress?: UnpackProgress): Promise<ChosenFiles> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  const files = (await Promise.all(entries.map((entry) => walk(entry, '')))).flat();
  if (files.length === 1 && /\.zip$/i.test(files[0].path)) return filesFromZip(files[0].data, worker, limits, onProgress);
  return chosenFiles(files, limits);
}

async function walk(entry: FileSystemEntry, prefix: string): Promise<ImageFile[]> {
  const path = prefix + entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path, data: file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns the directory in batches until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  return (await Promise.all(children.map((child) => walk(child, `${path}/`)))).flat();
}
