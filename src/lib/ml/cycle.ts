import { createNetwork, disposeNetwork, type NetworkConfig } from './network';
import { predict, type UnlabeledImages } from './inference';
import { train, type EpochMetrics, type LabeledImages, type TrainProgress, type TrainSettings } from './train';
import { saveCheckpoint, type NetworkCheckpoint } from './checkpoint';
import { testMetrics, type TestMetrics } from '../al/metrics';

/**
 * One learning cycle on data already in memory: build both networks, train them jointly, measure
 * the test set, and predict the loss of every candidate. No storage, no UI: the worker, the unit
 * tests and the benchmarks all call this same function.
 */

export interface CycleInput {
  network: NetworkConfig;
  train: LabeledImages;
  test: LabeledImages;
  candidates: UnlabeledImages;
}

export interface CycleSettings extends TrainSettings {
  /** batch size for evaluation and scoring (no gradients, so it can be larger) */
  inferenceBatchSize: number;
}

export type CyclePhase = 'training' | 'evaluating' | 'scoring';

export interface CycleHooks {
  onTrainProgress?: (progress: TrainProgress) => void;
  onPhase?: (phase: CyclePhase, done: number, total: number) => void;
  shouldStop?: () => boolean;
}

export interface CycleOutput {
  epochs: EpochMetrics[];
  test: TestMetrics;
  /** predicted loss of each candidate, in candidate order */
  candidateScores: Float32Array;
  checkpoint: NetworkCheckpoint;
  trainSeconds: number;
  scoreSeconds: number;
}

export async function runCycle(input: CycleInput, settings: CycleSettings, hooks: CycleHooks = {}): Promise<CycleOutput> {
  const network = createNetwork(input.network, settings.seed);
  try {
    const started = performance.now();
    const epochs = await train(network, input.train, settings, hooks.onTrainProgress, hooks.shouldStop);
    const trained = performance.now();

    const test = await predict(network, input.test, settings.inferenceBatchSize,
      (done, total) => hooks.onPhase?.('evaluating', done, total), hooks.shouldStop);
    const metrics = testMetrics(test.logits, test.predictedLoss, input.test.labels, test.numClasses, settings.margin);

    const scoringStarted = performance.now();
    const scored = await predict(network, input.candidates, settings.inferenceBatchSize,
      (done, total) => hooks.onPhase?.('scoring', done, total), hooks.shouldStop);
    const scoreSeconds = (performance.now() - scoringStarted) / 1000;

    return {
      epochs,
      test: metrics,
      candidateScores: scored.predictedLoss,
      checkpoint: await saveCheckpoint(network),
      trainSeconds: (trained - started) / 1000,
      scoreSeconds,
    };
  } finally {
    disposeNetwork(network);
  }
}
