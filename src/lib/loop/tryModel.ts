import type { LossloopDatabase } from '../data/store/db';
import type { CycleRecord, TestSampleResults } from '../data/store/schema';
import { readPixels } from '../data/store/samples';
import { softmax } from '../al/strategies/uncertainty';
import { profileTestImages, unlikeTestImages, type TestImageProfile, type Unlikeness } from '../al/outOfDistribution';
import { predict, type Predictions } from '../ml/inference';
import { createNetwork, disposeNetwork } from '../ml/network';
import { loadCheckpoint } from '../ml/checkpoint';
import { pixelsPerImage, type ImageShape } from '../ml/batch';
import { imageShape } from './cycleSetup';
import { trainedNetwork } from '../data/store/trainedWith';

/**
 * One image through the project's current model (its last stored checkpoint), exactly as the
 * cycle measured the test set: the same network settings, normalization and evaluation-mode
 * forward pass. The network is built for this one image and disposed at once, so a try never
 * touches the tensors of a cycle that trains in the same worker. The answer also says whether the
 * image is unlike the test images the cycle measured (al/outOfDistribution.ts): a softmax is as
 * sure about noise as about a shirt.
 */

/** Where an image's predicted loss stands among the test images the same model was measured on. */
export interface LossStanding {
  /** test images measured by the cycle */
  measured: number;
  /** how many of them have a lower predicted loss */
  lower: number;
  /** the test images closest in predicted loss, and how many of those the model classified right */
  neighbours: number;
  neighboursCorrect: number;
}

export interface TryResult {
  /** the cycle whose weights answered */
  cycle: number;
  /** the classes the network was trained with, in output order */
  classNames: string[];
  /** softmax probabilities, one per class, in output order */
  probabilities: number[];
  /** the loss head's raw output */
  predictedLoss: number;
  standing: LossStanding | null;
  /**
   * how the image compares with the test images the same cycle was measured on (their pixels and
   * predicted losses): `reasons` names what falls outside their range; null when the cycle kept none
   */
  unlike: Unlikeness | null;
}

export class NoTrainedModel extends Error {
  constructor() {
    super('There is no trained model yet: a cycle must finish first.');
    this.name = 'NoTrainedModel';
  }
}

/** How many test images nearest in predicted loss say how often such images are classified right. */
const NEIGHBOURS = 20;

export async function tryModel(db: LossloopDatabase, projectId: string, pixels: Uint8Array): Promise<TryResult> {
  // One transaction: a cycle that finishes meanwhile cannot pair its weights with another cycle's record.
  const transaction = db.transaction(['projects', 'checkpoints', 'cycles'], 'readonly');
  const project = await transaction.objectStore('projects').get(projectId);
  const checkpoint = await transaction.objectStore('checkpoints').get(projectId);
  const cycle = checkpoint ? await transaction.objectStore('cycles').get([projectId, checkpoint.cycle]) : undefined;
  await transaction.done;
  if (!project) throw new Error('This project no longer exists.');
  if (!checkpoint) throw new NoTrainedModel();
  const shape = imageShape(project);
  if (pixels.length !== pixelsPerImage(shape)) {
    throw new Error(`The image has ${pixels.length} values; this project's images have ${pixelsPerImage(shape)}.`);
  }
  const { classNames, config } = trainedNetwork(project, cycle);
  const network = createNetwork(config, 0);
  let out: Predictions;
  try {
    loadCheckpoint(network, checkpoint);
    out = await predict(network, { pixels, count: 1, shape, normalization: project.normalization }, { batchSize: 1 });
  } finally {
    disposeNetwork(network);
  }
  const predictedLoss = out.predictedLoss[0];
  const test = cycle?.testSamples?.ids.length ? cycle.testSamples : null;
  return {
    cycle: checkpoint.cycle, classNames, probabilities: Array.from(softmax(out.logits)), predictedLoss,
    standing: test ? lossStanding(predictedLoss, test) : null,
    unlike: test && cycle ? unlikeTestImages(pixels, shape, await testProfile(db, cycle, test, shape), predictedLoss, test.predictedLoss) : null,
  };
}

/** The profile of the test images the last tried cycle measured, kept for the next try of the same cycle. */
let lastProfile: { key: string; profile: TestImageProfile } | null = null;

/**
 * The very test images the cycle measured, profiled once per cycle: their pixels are read from the
 * store (tens of megabytes on a large test set), and a person tries one image after another.
 * A cycle's record is never rewritten, so its project, number and finishing time name it.
 */
async function testProfile(db: LossloopDatabase, cycle: CycleRecord, test: TestSampleResults, shape: ImageShape): Promise<TestImageProfile> {
  const key = `${cycle.projectId}:${cycle.index}:${cycle.finishedAt}`;
  if (lastProfile?.key !== key) {
    const testPixels = await readPixels(db, cycle.projectId, test.ids, pixelsPerImage(shape));
    lastProfile = { key, profile: profileTestImages(testPixels, shape) };
  }
  return lastProfile.profile;
}

/** The standing of one predicted loss among the test images' (null when none was measured). */
export function lossStanding(predictedLoss: number, test: TestSampleResults): LossStanding | null {
  const measured = test.predictedLoss.length;
  if (measured === 0) return null;
  const lower = test.predictedLoss.filter((loss) => loss < predictedLoss).length;
  const nearest = test.predictedLoss
    .map((loss, i) => ({ i, distance: Math.abs(loss - predictedLoss) }))
    .sort((a, b) => a.distance - b.distance || a.i - b.i)
    .slice(0, NEIGHBOURS);
  const neighboursCorrect = nearest.filter(({ i }) => test.predicted[i] === test.labels[i]).length;
  return { measured, lower, neighbours: nearest.length, neighboursCorrect };
}
