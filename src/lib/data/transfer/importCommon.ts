/** What every importer shares: its error type, new ids and names, pixel statistics, storage failures. */

import type { LossloopDatabase } from '../store/db';
import { checkedClassNames, freeName, NameError } from '../store/names';
import { checkNewProjectName, namesOf } from '../store/projects';
import { HOW_TO_MAKE_ROOM, isStorageFull, NO_ROOM_LEFT } from '../store/storageFull';
import { formatBytes } from '../../core/byteCounts';

export class ImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportError';
  }
}

export function newProjectId(): string {
  return `project-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** What a project is called when no name was typed. */
const UNNAMED_IMPORT = 'Imported images';

/**
 * The name of a new project: the one typed, under the name rule (store/names.ts), refused in the
 * import's words when it breaks it (a person typed it and can change it); with none typed, the
 * name the form proposed (from a file's name) or "Imported images", fitted to the rule by freeName:
 * cut to length, and numbered when a project already has it ("digits (2)"), since nobody typed it.
 */
export async function newProjectName(db: LossloopDatabase, typed: string, proposed = UNNAMED_IMPORT): Promise<string> {
  if (!typed.trim()) return freeName(proposed, UNNAMED_IMPORT, namesOf(await db.getAll('projects')));
  try {
    return await checkNewProjectName(db, typed);
  } catch (error) {
    throw asImportError(error);
  }
}

/** Class names given in a list (one per line of the import form), under the name rule. */
export function newClassNames(names: readonly string[]): string[] {
  try {
    return checkedClassNames(names);
  } catch (error) {
    throw asImportError(error);
  }
}

/** A name refusal in the import's own error type, with the same words. */
function asImportError(error: unknown): unknown {
  return error instanceof NameError ? new ImportError(error.message) : error;
}

/** Mean and standard deviation of pixels in [0, 1], gathered batch by batch (for normalization). */
export class PixelStatistics {
  private sum = 0;
  private sumSquares = 0;
  private count = 0;

  add(pixels: Uint8Array): void {
    for (let i = 0; i < pixels.length; i++) {
      this.sum += pixels[i];
      this.sumSquares += pixels[i] * pixels[i];
    }
    this.count += pixels.length;
  }

  normalization(): { mean: number; std: number } {
    const mean = this.sum / Math.max(1, this.count) / 255;
    const variance = this.sumSquares / Math.max(1, this.count) / (255 * 255) - mean * mean;
    return { mean, std: Math.sqrt(Math.max(variance, 1e-12)) };
  }
}

/**
 * Storage running out is the one failure a user can fix by themselves: say so, how much the
 * project needs (its images' pixels, when the import got far enough to know), and what to free.
 * The QuotaExceededError stays as the cause, by which the page knows a full store (isStorageFull).
 * Any other failure goes on as it is.
 */
export function describeImportFailure(error: unknown, neededBytes: number | null = null): unknown {
  if (!isStorageFull(error)) return error;
  const needed = neededBytes === null ? '' : ` The new project needs about ${formatBytes(neededBytes)} for its images.`;
  return new ImportError(
    `${NO_ROOM_LEFT}, so the import stopped and nothing of it was kept.${needed} Your other projects and their labels are as they were. ${HOW_TO_MAKE_ROOM} Then import again.`,
    { cause: error },
  );
}
