import type { LossloopDatabase } from '../data/store/db';
import type { CycleRecord, ProjectRecord } from '../data/store/schema';
import { readSampleImages, releaseImages, type SampleImage } from './sampleImages';

export interface ConfusionCell {
  trueClass: number;
  predicted: number;
  images: (SampleImage & { predictedLoss: number; trueLoss: number })[];
}

/** The test images behind one cell of a cycle's confusion matrix, when the user opens it. */
export class ConfusionCellView {
  cell = $state.raw<ConfusionCell | null>(null);

  async open(db: LossloopDatabase, project: ProjectRecord, cycle: CycleRecord, trueClass: number, predicted: number): Promise<void> {
    const results = cycle.testSamples;
    if (!results) return;
    const rows = results.ids.map((_, i) => i).filter((i) => results.labels[i] === trueClass && results.predicted[i] === predicted);
    const images = await readSampleImages(db, project, rows.map((i) => results.ids[i]));
    this.close();
    this.cell = {
      trueClass, predicted,
      images: images.map((image, k) => ({ ...image, predictedLoss: results.predictedLoss[rows[k]], trueLoss: results.trueLoss[rows[k]] })),
    };
  }

  close(): void {
    if (this.cell) releaseImages(this.cell.images);
    this.cell = null;
  }
}
