import type { LossloopDatabase } from '../store/db';
import { writeZip } from '../formats/zip';
import { concatBytes } from '../formats/bytes';
import type { CycleRecord, ProjectRecord } from '../store/schema';

/**
 * The latest trained networks (target and loss head) of a project as a ZIP:
 *
 *   model.json     TF.js-style: "modelTopology" is lossloop's network description, and
 *                  "weightsManifest" lists every weight (float32) in weights.bin, in TF.js's own
 *                  manifest format, so tf.io.decodeWeights reads the weights as they are
 *   weights.bin    the weights, little-endian float32, in manifest order
 *   metadata.json  classes, input shape, normalization, and the cycle the weights come from
 *
 * No tensor math: the checkpoint is already plain arrays, so the main thread can do this.
 * tests/unit/modelZip.ts loads it back into a network and predicts with it.
 */

export const MODEL_FORMAT = 'lossloop-network';

export interface ModelMetadata {
  classes: string[];
  inputShape: [number, number, number];
  normalization: { mean: number; std: number };
  cycle: number;
  labeledCount: number | null;
  testAccuracy: number | null;
  exportedAt: string;
}

export async function exportModel(db: LossloopDatabase, project: ProjectRecord): Promise<Uint8Array> {
  const checkpoint = await db.get('checkpoints', project.id);
  if (!checkpoint) throw new Error('There is no trained model yet: train a cycle first.');
  const cycle: CycleRecord | undefined = await db.get('cycles', [project.id, checkpoint.cycle]);
  const settings = cycle?.settings ?? project.settings;
  // The classes as they were when these weights were trained: a class edited since does not
  // rename or renumber the outputs of a network trained before.
  const classes = cycle?.classNames ?? project.classes.map((c) => c.name);
  const modelJson = {
    format: MODEL_FORMAT,
    generatedBy: 'lossloop',
    modelTopology: {
      inputShape: project.imageShape, numClasses: classes.length,
      stageWidths: settings.stageWidths, blocksPerStage: settings.blocksPerStage, headUnits: settings.headUnits,
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: checkpoint.tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: 'float32' })) }],
  };
  const metadata: ModelMetadata = {
    classes, inputShape: project.imageShape, normalization: project.normalization,
    cycle: checkpoint.cycle, labeledCount: cycle?.labeledCount ?? null, testAccuracy: cycle?.metrics.testAccuracy ?? null,
    exportedAt: new Date().toISOString(),
  };
  const weights = concatBytes(checkpoint.tensors.map((t) => new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength)));
  const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));
  return writeZip([
    { path: 'model.json', bytes: text(modelJson) },
    { path: 'weights.bin', bytes: weights },
    { path: 'metadata.json', bytes: text(metadata) },
  ]);
}
