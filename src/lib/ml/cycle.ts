import { createNetwork, disposeNetwork, type NetworkConfig } from './network';
import { predict, type Predictions, type UnlabeledImages } from './inference';
import { train, type EpochMetrics, type LabeledImages, type ResumePoint, type TrainProgress, type TrainSettings } from './train';
import { loadCheckpoint, saveCheckpoint, type NetworkCheckpoint } from './checkpoint';
import { argmaxRows, crossEntropyPerSample, testMetrics, type TestMetrics } from './metrics';
import { EpochCommittee } from './committee';
import type { UnlabeledPool } from './unlabeledBatch';

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
  /** continue from these weights (the last cycle's) instead of a fresh initialization */
  startWeights?: NetworkCheckpoint;
  /** resume an interrupted run of this same cycle */
  resume?: EpochCheckpoint;
  /**
   * unlabeled images with fixed pseudo-labels (the last scoring's confident guesses): what
   * unlabeled training from 'pseudo-labels' trains on; 'consistency' trains on the candidates
   */
  pseudoLabeled?: LabeledImages;
  /** read back the candidates' penultimate features (for the strategies that use them) */
  candidateFeatures?: boolean;
  /** score the candidates with the weights of the last this many epochs too (query by committee) */
  committeeSize?: number;
  /** predict the training images too after training (what the model now thinks of the labels given) */
  trainGuesses?: boolean;
  /** read back the training images' penultimate features too (the k-center strategies start from them) */
  labeledFeatures?: boolean;
}

export interface CycleSettings extends TrainSettings {
  /** batch size for evaluation and scoring (no gradients, so it can be larger) */
  inferenceBatchSize: number;
}

/** Everything needed to resume a cycle after its last completed epoch. */
export interface EpochCheckpoint extends ResumePoint {
  weights: NetworkCheckpoint;
  /** the committee's snapshots so far, oldest first (only for a run asked for a committee) */
  committee?: NetworkCheckpoint[];
}

export type CyclePhase = 'training' | 'evaluating' | 'scoring';

export interface CycleHooks {
  onTrainProgress?: (progress: TrainProgress) => void;
  onPhase?: (phase: CyclePhase, done: number, total: number) => void;
  /** awaited before every training step and inference batch: may wait (pause) or throw (cancel) */
  beforeStep?: () => void | Promise<void>;
  /** awaited after every epoch with a checkpoint to store */
  onEpochEnd?: (checkpoint: EpochCheckpoint) => Promise<void>;
}

/** Per test image, in test order: what the charts of a cycle plot (loss scatter, confusion cells). */
export interface TestSamples {
  predictedLoss: Float32Array;
  /** the real cross-entropy, the target the loss head learns to rank */
  crossEntropy: Float64Array;
  predictedClass: Int32Array;
}

export interface CycleOutput {
  epochs: EpochMetrics[];
  test: TestMetrics;
  testSamples: TestSamples;
  /** predictions for the candidates, in candidate order */
  candidates: Predictions;
  /** the candidates' logits under each committee member, oldest first (only when asked with `committeeSize`) */
  committee?: Float32Array[];
  /** predictions for the training images, in training order (only when asked with `trainGuesses` or `labeledFeatures`) */
  train?: Predictions;
  checkpoint: NetworkCheckpoint;
  trainSeconds: number;
  scoreSeconds: number;
}

/** The images unlabeled training draws from, as the settings' source says; none when it is off. */
export function unlabeledPool(settings: TrainSettings, input: CycleInput): UnlabeledPool | undefined {
  if (!settings.unlabeled) return undefined;
  if (settings.unlabeled.source === 'consistency') return { pixels: input.candidates.pixels, count: input.candidates.count };
  const pseudo = input.pseudoLabeled;
  return pseudo ? { pixels: pseudo.pixels, count: pseudo.count, labels: Int32Array.from(pseudo.labels) } : undefined;
}

export async function runCycle(input: CycleInput, settings: CycleSettings, hooks: CycleHooks = {}): Promise<CycleOutput> {
  const network = createNetwork(input.network, settings.seed);
  try {
    const startWeights = input.resume?.weights ?? input.startWeights;
    if (startWeights) loadCheckpoint(network, startWeights);
    const started = performance.now();
    const committee = new EpochCommittee(input.committeeSize ?? 0, input.resume?.committee);
    const epochs = await train(network, input.train, settings, {
      onProgress: hooks.onTrainProgress,
      beforeStep: hooks.beforeStep,
      onEpochEnd: async (state) => {
        // Read the weights back once, whether the committee, the hook or both want them.
        let weights: Promise<NetworkCheckpoint> | undefined;
        const snapshot = () => (weights ??= saveCheckpoint(network));
        await committee.afterEpoch(snapshot, state.nextEpoch, state.epochs);
        if (hooks.onEpochEnd) {
          await hooks.onEpochEnd({
            nextEpoch: state.nextEpoch, history: state.history, rngState: state.rngState,
            velocity: await state.optimizer.getVelocity(), weights: await snapshot(),
            ...(input.committeeSize ? { committee: committee.taken.slice() } : {}),
          });
        }
      },
    }, input.resume, unlabeledPool(settings, input));
    const trained = performance.now();

    const test = await predict(network, input.test, {
      batchSize: settings.inferenceBatchSize, beforeBatch: hooks.beforeStep,
      onBatch: (done, total) => hooks.onPhase?.('evaluating', done, total),
    });
    const metrics = testMetrics(test.logits, test.predictedLoss, input.test.labels, test.numClasses, settings.margin);

    const scoringStarted = performance.now();
    // One progress bar over every scoring pass: the final weights', then each committee member's.
    const passes = input.committeeSize ? committee.members : 1;
    const scoring = (pass: number) => ({
      batchSize: settings.inferenceBatchSize, beforeBatch: hooks.beforeStep,
      onBatch: (done: number, total: number) => hooks.onPhase?.('scoring', pass * total + done, passes * total),
    });
    const candidates = await predict(network, input.candidates, { ...scoring(0), withFeatures: input.candidateFeatures });
    let scoreSeconds = (performance.now() - scoringStarted) / 1000;
    // After the timing: the review's guesses are not part of the cost of choosing a query.
    const trainPredictions = input.trainGuesses || input.labeledFeatures
      ? await predict(network, input.train, { batchSize: settings.inferenceBatchSize, beforeBatch: hooks.beforeStep, withFeatures: input.labeledFeatures })
      : undefined;
    const checkpoint = await saveCheckpoint(network);
    // Last, since it loads older weights into the network; its time is part of choosing the query.
    const committeeStarted = performance.now();
    const committeeLogits = input.committeeSize ? await committee.logits(network, input.candidates, candidates.logits, (member) => scoring(member + 1)) : undefined;
    scoreSeconds += (performance.now() - committeeStarted) / 1000;

    return {
      epochs,
      test: metrics,
      testSamples: {
        predictedLoss: test.predictedLoss,
        crossEntropy: crossEntropyPerSample(test.logits, input.test.labels, test.numClasses),
        predictedClass: argmaxRows(test.logits, test.numClasses),
      },
      candidates,
      ...(committeeLogits ? { committee: committeeLogits } : {}),
      ...(trainPredictions ? { train: trainPredictions } : {}),
      checkpoint,
      trainSeconds: (trained - started) / 1000,
      scoreSeconds,
    };
  } finally {
    disposeNetwork(network);
  }
}
