/** What every importer shares: its error type, new ids, pixel statistics, storage failures. */

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
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
