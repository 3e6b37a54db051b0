import { version as tfjsLayersVersion } from '@tensorflow/tfjs-layers/package.json';
import type { LossloopDatabase } from '../store/db';
import { writeZip } from '../formats/zip';
import { concatBytes } from '../formats/bytes';
import { layersModel } from '../formats/layersModel';
// The text of the module the app prepares every image with, shipped as it is (see imageToInput.js).
import preprocessSource from '../formats/imageToInput.js?raw';
import type { StoredTensor, CycleRecord, ProjectRecord } from '../store/schema';
import { trainedNetwork } from '../store/trainedWith';

/**
 * The latest trained model of a project as a ZIP:
 *
 *   model.json, weights.bin   the target network as a standard TF.js Layers model:
 *                             `tf.loadLayersModel` loads it, `tensorflowjs_converter` converts it;
 *                             it takes normalized images and outputs class probabilities
 *   metadata.json             class names ("labels", as Teachable Machine names them), input shape,
 *                             the normalization to apply, and the cycle the weights come from
 *   preprocess.js             the code lossloop itself turns an image into the network's input with
 *                             (data/formats/imageToInput.js, the same file): resize, greyscale,
 *                             rounding and normalization, dependency-free, so other code matches
 *                             lossloop's input to the byte
 *   lossloop/network.json,    lossloop's own network, target and loss head, every weight by its
 *   lossloop/weights.bin      lossloop name (TF.js's weights-manifest format): what training
 *                             needs to go on, which the Layers model alone does not carry
 *
 * No tensor math: the checkpoint is already plain arrays, so the main thread can do this.
 * tests/unit/modelZip.ts loads both models back and predicts with them.
 */

export const MODEL_FORMAT = 'lossloop-network';
/** the ZIP entry holding the preprocessing code */
export const PREPROCESS_FILE = 'preprocess.js';

export interface ModelMetadata {
  packageName: 'lossloop';
  modelName: string;
  /** class names in output order (Teachable Machine's field name) */
  labels: string[];
  /** Teachable Machine's field: the width (and height) of the images, for square images */
  imageSize: number | null;
  /** [height, width, channels] the model takes */
  inputShape: [number, number, number];
  /** input = (pixel / 255 - mean) / std, per channel value */
  normalization: { mean: number; std: number };
  /** how lossloop turns an image file into the model's input, in words; preprocess.js does it */
  preprocessing: string;
  output: 'probabilities';
  cycle: number;
  labeledCount: number | null;
  testAccuracy: number | null;
  timeStamp: string;
}

export async function exportModel(db: LossloopDatabase, project: ProjectRecord): Promise<Uint8Array> {
  const checkpoint = await db.get('checkpoints', project.id);
  if (!checkpoint) throw new Error('There is no trained model yet: train a cycle first.');
  const cycle: CycleRecord | undefined = await db.get('cycles', [project.id, checkpoint.cycle]);
  const { classNames: classes, config } = trainedNetwork(project, cycle);
  const [height, width] = project.imageShape;
  const metadata: ModelMetadata = {
    packageName: 'lossloop', modelName: project.name, labels: classes,
    imageSize: height === width ? width : null, inputShape: project.imageShape,
    normalization: project.normalization, preprocessing: preprocessingText(project.imageShape), output: 'probabilities',
    cycle: checkpoint.cycle, labeledCount: cycle?.labeledCount ?? null, testAccuracy: cycle?.metrics.testAccuracy ?? null,
    timeStamp: new Date().toISOString(),
  };

  const layers = layersModel(config, 'lossloop', tfjsLayersVersion);
  const byName = new Map(checkpoint.tensors.map((t) => [t.name, t]));
  const layersTensors = layers.weights.map(({ name, source }) => {
    const tensor = byName.get(source);
    if (!tensor) throw new Error(`The stored model has no weight "${source}"; train a cycle again before exporting.`);
    return { ...tensor, name };
  });
  const layersJson = {
    format: 'layers-model', generatedBy: 'lossloop', convertedBy: null,
    modelTopology: layers.topology,
    weightsManifest: manifest('weights.bin', layersTensors),
  };
  const lossloopJson = {
    format: MODEL_FORMAT, generatedBy: 'lossloop',
    modelTopology: config,
    weightsManifest: manifest('weights.bin', checkpoint.tensors),
  };
  const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));
  return writeZip([
    { path: 'model.json', bytes: text(layersJson) },
    { path: 'weights.bin', bytes: float32Bytes(layersTensors) },
    { path: 'metadata.json', bytes: text(metadata) },
    { path: PREPROCESS_FILE, bytes: new TextEncoder().encode(preprocessSource) },
    { path: 'lossloop/network.json', bytes: text(lossloopJson) },
    { path: 'lossloop/weights.bin', bytes: float32Bytes(checkpoint.tensors) },
  ]);
}

function preprocessingText([height, width, channels]: [number, number, number]): string {
  const colour = channels === 1 ? 'greyscale as 0.299 R + 0.587 G + 0.114 B rounded to a byte' : 'RGB';
  return `${PREPROCESS_FILE} does it: stretch the image to ${width}x${height} (no crop) by area averaging, over black where it is transparent, `
    + `each channel rounded to a byte, take ${colour}, then (pixel / 255 - mean) / std.`;
}

/** TF.js's weights manifest: one group, one file, the weights in the file's order. */
function manifest(path: string, tensors: StoredTensor[]) {
  return [{ paths: [path], weights: tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: 'float32' })) }];
}

/** The tensors' values back to back, little-endian float32 (the byte order of every browser). */
function float32Bytes(tensors: StoredTensor[]): Uint8Array {
  return concatBytes(tensors.map((t) => new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength)));
}
