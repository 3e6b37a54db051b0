/** What every importer shares: its error type, new ids, hotkeys, pixel statistics, storage failures. */

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

import type { ClassInfo } from '../schema';

/** The keys that label the first ten classes. */
export const HOTKEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/** Ten colours told apart by most people, colour-blind included (Okabe-Ito, then Tableau). */
const CLASS_COLOURS = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#999999', '#8c564b', '#17becf'];

/** The classes of a new project: names in label order, with a hotkey and a colour each. */
export function makeClasses(names: readonly string[]): ClassInfo[] {
  return names.map((name, i) => ({ name, hotkey: HOTKEYS[i] ?? '', color: CLASS_COLOURS[i % CLASS_COLOURS.length] }));
}

export function newProjectId(): string {
  return `project-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
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
