/** What every importer shares: its error type, new ids and names, pixel statistics, storage failures. */

import type { LossloopDatabase } from '../store/db';
import { checkedClassNames, freeName, NameError } from '../store/names';
import { checkNewProjectName, namesOf } from '../store/projects';

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export function newProjectId(): string {
  return `project-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** What a project is called when no name was typed. */
export const UNNAMED_IMPORT = 'Imported images';

/**
 * The name of a new project: the one typed, under the name rule (store/names.ts), refused in the
 * import's words when it breaks it (a person typed it and can change it); with none typed,
 * "Imported images", numbered when a project already has that name.
 */
export async function newProjectName(db: LossloopDatabase, typed: string): Promise<string> {
  if (!typed.trim()) return freeName(UNNAMED_IMPORT, UNNAMED_IMPORT, namesOf(await db.getAll('projects')));
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

/** Storage running out is the one failure a user can fix by themselves: say how. */
export function describeImportFailure(error: unknown): unknown {
  if ((error as { name?: string })?.name === 'QuotaExceededError') {
    return new ImportError('The browser ran out of storage space for this site during the import. Nothing was kept of it; free some disk space, or delete a project, and try again.');
  }
  return error;
}
