/**
 * How an image folder or ZIP becomes a project's splits, worked out from the paths alone, so the
 * import form can say what will happen before anything is read.
 *
 * Two layouts are recognized:
 * - class folders (`cat/001.png`): the first folder level names the classes, and a share of each
 *   class, spread evenly over its files, is held out as the labeled test set (stratified, so every
 *   class is measured; at least one image per class whenever the class has two);
 * - torchvision's ImageFolder pair (`train/cat/001.png`, `test/cat/002.png`; `val/` or
 *   `validation/` also name the test side): the test folder is the test set, as its owner split it.
 * A single folder wrapping everything (`mydata/train/...`, as ZIPs often hold) is looked through.
 */

import { checkedName, NameError, quotedName, sameName } from '../store/names';

export type FolderMeaning = 'given-labels' | 'hidden-labels' | 'ignore';

export interface PlannedImage {
  path: string;
  /** the class index from the folder, or null when folders are ignored */
  label: number | null;
  split: 'pool' | 'test';
}

export interface ImageLayout {
  kind: 'class-folders' | 'train-test-folders' | 'flat';
  classNames: string[];
  images: PlannedImage[];
  /** classes that have no test image (too few images to hold one out), by name */
  untestedClasses: string[];
}

export class LayoutError extends Error {}

const TEST_FOLDERS = new Set(['test', 'val', 'valid', 'validation']);

/** `paths` are image paths with forward slashes, in any order; the plan lists them sorted. */
export function planImageLayout(paths: readonly string[], folders: FolderMeaning, testFraction: number): ImageLayout {
  const sorted = [...paths].sort((a, b) => a.localeCompare(b));
  const full = sorted.map((p) => p.split('/').filter(Boolean));
  // train/ and test/ are looked for below a wrapping folder; a class folder is always the file's own
  const parts = withoutCommonRoot(full);
  if (folders === 'ignore') {
    return { kind: 'flat', classNames: [], images: sorted.map((path) => ({ path, label: null, split: 'pool' })), untestedClasses: [] };
  }
  const trainTest = isTrainTestLayout(parts);
  const names = trainTest ? parts.map((p) => (p.length >= 3 ? p[1] : '')) : full.map((p) => (p.length >= 2 ? p[p.length - 2] : ''));
  if (names.some((n) => n === '')) {
    throw new LayoutError(trainTest
      ? 'Some images sit directly in train/ or test/. Put each in a folder named after its class (train/cat/1.png), or import without folder labels.'
      : 'Some images are not inside a class folder. Put every image in a folder named after its class, or import without folder labels.');
  }
  const folderNames = [...new Set(names)].sort();
  const classNames = checkFolderNames(folderNames);
  if (classNames.length < 2) throw new LayoutError(`Only one class folder was found ("${classNames[0]}"): lossloop needs at least two classes.`);
  const classIndex = new Map(folderNames.map((name, i) => [name, i]));
  const images: PlannedImage[] = sorted.map((path, i) => ({
    path, label: classIndex.get(names[i])!, split: trainTest && TEST_FOLDERS.has(parts[i][0].toLowerCase()) ? 'test' : 'pool',
  }));
  if (trainTest) {
    const tested = new Set(images.filter((im) => im.split === 'test').map((im) => im.label));
    return { kind: 'train-test-folders', classNames, images, untestedClasses: classNames.filter((_, c) => !tested.has(c)) };
  }
  const untestedClasses = holdOutPerClass(images, classNames.length, testFraction).map((c) => classNames[c]);
  return { kind: 'class-folders', classNames, images, untestedClasses };
}

/**
 * Marks `fraction` of each class's images as test images, spread evenly over the class's files in
 * path order: round(n * fraction), at least one and at most n - 1. Returns the classes left
 * without a test image (those with a single image, or every class when the fraction is 0).
 */
function holdOutPerClass(images: PlannedImage[], numClasses: number, fraction: number): number[] {
  const untested: number[] = [];
  for (let c = 0; c < numClasses; c++) {
    const members = images.filter((im) => im.label === c);
    const n = members.length;
    const k = fraction > 0 ? Math.min(n - 1, Math.max(1, Math.round(n * fraction))) : 0;
    if (k === 0) untested.push(c);
    for (let j = 0; j < k; j++) members[Math.floor(((j + 0.5) * n) / k)].split = 'test';
  }
  return untested;
}

/**
 * Folder names become class names as they are, under the name rule (store/names.ts). A folder name
 * the rule refuses (too long, or the same as another folder's but for case or spaces) is refused,
 * naming the folder, rather than shortened or merged: a class name is what labels files, merges
 * and exports match by, so a class must be called what its folder is called, and two folders that
 * differ only in case are more likely a slip than one class. The plan says so before any image is read.
 */
function checkFolderNames(folders: readonly string[]): string[] {
  const classNames: string[] = [];
  folders.forEach((folder, i) => {
    const twin = folders.slice(0, i).find((other) => sameName(other, folder));
    if (twin !== undefined) {
      throw new LayoutError(`The folders ${quotedName(twin)} and ${quotedName(folder)} would be two classes with the same name (only case or spaces tell them apart). Rename one, or import without folder labels.`);
    }
    try {
      classNames.push(checkedName(folder, 'class'));
    } catch (error) {
      if (!(error instanceof NameError)) throw error;
      throw new LayoutError(`The folder ${quotedName(folder)} cannot name a class: ${error.message} Rename the folder, or import without folder labels.`);
    }
  });
  return classNames;
}

/** True when the top level is a train folder beside a test (or val) folder, and nothing else. */
function isTrainTestLayout(parts: string[][]): boolean {
  const tops = new Set(parts.map((p) => (p.length > 1 ? p[0].toLowerCase() : '')));
  return tops.has('train') && [...tops].some((t) => TEST_FOLDERS.has(t)) && [...tops].every((t) => t === 'train' || TEST_FOLDERS.has(t));
}

/** Drops leading folders that every path shares (a ZIP's wrapping folder), keeping each file name. */
function withoutCommonRoot(parts: string[][]): string[][] {
  let depth = 0;
  while (parts.length > 0 && parts.every((p) => p.length > depth + 1 && p[depth] === parts[0][depth])) depth++;
  return parts.map((p) => p.slice(depth));
}
