import { looksLikeImage } from '../data/formats/decodeImage';
import { planImportLayout, type ImageProjectOptions } from '../data/transfer/importImageProject';
import type { ImageLayout } from '../data/transfer/imageLayout';
import { plural } from '../core/plural';

/**
 * What an image import will make, said before it starts, from the chosen paths alone: the
 * layout found, the classes, how many images train and how many test, and the classes left
 * without a test image. A layout the import would refuse is said here, so Import can stay off
 * with the reason beside it instead of failing after the click.
 */
export type ImportPlanText =
  | { ok: true; summary: string; warning: string | null }
  | { ok: false; refusal: string };

/**
 * The plan, and what the form shows beside it: the class names the folders give (none when they
 * are ignored or refused), and the test folder when train/ and test/ folders decide the test set.
 */
export interface ImportPlan {
  text: ImportPlanText;
  classNames: string[];
  /** the folder that holds the test set ("test", "val"...) and its number of images, or null */
  testFolder: { name: string; images: number } | null;
}

export function describeImportPlan(paths: readonly string[], options: Pick<ImageProjectOptions, 'folders' | 'testFraction'>): ImportPlanText {
  return planImport(paths, options).text;
}

export function planImport(paths: readonly string[], options: Pick<ImageProjectOptions, 'folders' | 'testFraction'>): ImportPlan {
  const images = paths.filter(looksLikeImage);
  if (images.length === 0) {
    const found = paths.length === 0 ? 'Nothing was found there' : `${plural(paths.length, 'file was', 'files were')} found, none of them an image`;
    return refused(`${found}. Choose a folder or ZIP with PNG, JPEG, GIF, WebP, BMP or AVIF images.`);
  }
  let layout;
  try {
    layout = planImportLayout(images, options);
  } catch (error) {
    return refused(error instanceof Error ? error.message : String(error));
  }
  const testImages = layout.images.filter((image) => image.split === 'test');
  const testFolder = layout.kind === 'train-test-folders' ? { name: splitFolder(images, testImages[0].path), images: testImages.length } : null;
  return { text: describeLayout(layout, options), classNames: layout.classNames, testFolder };
}

function refused(refusal: string): ImportPlan {
  return { text: { ok: false, refusal }, classNames: [], testFolder: null };
}

/**
 * The folder of `path` that says which split it belongs to: the first one below the folders that
 * every image shares (a ZIP's wrapping folder), as imageLayout.ts finds train/ and test/.
 */
function splitFolder(paths: readonly string[], path: string): string {
  const all = paths.map((p) => p.split('/').filter(Boolean));
  let depth = 0;
  while (all.every((p) => p.length > depth + 1 && p[depth] === all[0][depth])) depth++;
  return path.split('/').filter(Boolean)[depth];
}

function describeLayout(layout: ImageLayout, options: Pick<ImageProjectOptions, 'testFraction'>): ImportPlanText {
  const test = layout.images.filter((image) => image.split === 'test').length;
  const train = layout.images.length - test;
  const classes = plural(layout.classNames.length, 'class', 'classes');
  const counts = `${plural(train, 'training image')}, ${plural(test, 'test image')}`;
  let summary: string;
  if (layout.kind === 'flat') summary = `${plural(train, 'image')}, all unlabeled and no test set: you label them, and make a test set after the import.`;
  else if (layout.kind === 'train-test-folders') summary = `train/ and test/ folders: ${counts}, ${classes} (${layout.classNames.join(', ')}).`;
  else if (test === 0) summary = `${classes} from folders (${layout.classNames.join(', ')}), ${plural(train, 'image')}; none held out, so there is no test set: you label one after the import.`;
  else summary = `${classes} from folders (${layout.classNames.join(', ')}); ${Math.round(options.testFraction * 100)}% of each class held out: ${counts}.`;
  const untested = layout.kind === 'flat' || test === 0 ? [] : layout.untestedClasses;
  const warning = untested.length === 0 ? null
    : `No test image for ${untested.join(', ')}: ${untested.length === 1 ? 'that class has' : 'those classes have'} too few images to hold one out, so the model's accuracy on ${untested.length === 1 ? 'it' : 'them'} is not measured.`;
  return { ok: true, summary, warning };
}
