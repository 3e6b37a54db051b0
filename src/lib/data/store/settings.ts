import type { StrategyName } from '../../al/strategies';

/** Where unlabeled images get their training targets (src/lib/ml/unlabeledBatch.ts), or off. */
export type UnlabeledTrainingChoice = 'off' | 'consistency' | 'pseudo-labels';

/** The loss head's pair targets: the sign of the real losses' gap (paper) or its sigmoid (LearningLoss++). */
export type RankingTargets = 'hard' | 'soft';

/**
 * The settings of a project's active-learning loop, and the named presets. Each field says the
 * paper's value (Yoo & Kweon 2019, CIFAR-10) where lossloop scales it down.
 */

export interface ProjectSettings {
  preset: PresetName;
  /** how the query is chosen (paper: learning-loss) */
  strategy: StrategyName;
  /** fresh weights every cycle (most benchmarks) or continue from the last cycle (reference code) */
  reinitialize: boolean;
  /** size of the random initial labeled set (paper: 1000) */
  initialSize: number;
  /** samples asked per cycle, the top-K by predicted loss (paper: 1000) */
  queryK: number;
  /** random subset of the unlabeled pool scored each cycle (paper: 10000) */
  subsetM: number;
  /** epochs per cycle at least (paper: 200) */
  epochs: number;
  /**
   * optimizer steps per cycle at least: a small labeled set trains more epochs to reach them
   * (src/lib/core/schedule.ts); 0 trains exactly `epochs` (paper: 200 epochs of 1,000+ labels, 1,600+ steps)
   */
  minSteps: number;
  /** even batch size (paper: 128) */
  batchSize: number;
  /** SGD learning rate for both networks (paper: 0.1) */
  learningRate: number;
  /** paper: 0.9 */
  momentum: number;
  /** paper: 5e-4 */
  weightDecay: number;
  /** weight of the ranking loss (paper: 1) */
  lambda: number;
  /** ranking margin xi (paper: 1) */
  margin: number;
  /** hard: the paper's ranking loss; soft: LearningLoss++'s sigmoid targets (Shukla & Ahmed 2021) */
  rankingTargets: RankingTargets;
  /**
   * learn from unlabeled images too (not in the paper): 'consistency' trains strong views towards
   * confident predictions on weak views each step (FixMatch); 'pseudo-labels' trains on the
   * confident predictions of the last cycle's scoring pass, at no extra forward pass
   */
  unlabeledTraining: UnlabeledTrainingChoice;
  /** top probability a prediction needs to become a target (FixMatch: 0.95) */
  unlabeledThreshold: number;
  /** unlabeled images per labeled image in a step, mu (FixMatch: 7) */
  unlabeledRatio: number;
  /** weight of the unlabeled loss, lambda_u (FixMatch: 1) */
  unlabeledWeight: number;
  /** fraction of the training steps after which the loss head's inputs are detached (paper: 0.6) */
  detachFraction: number;
  /** fraction of the training steps after which the learning rate is x0.1 (paper: 0.8) */
  lrDropFraction: number;
  /** random crop padding in pixels, 0 for none (paper: 4 on 32x32; 2 on 28x28) */
  cropPadding: number;
  /** random horizontal flip (paper: yes) */
  horizontalFlip: boolean;
  /** channels per residual stage (paper: ResNet-18, 64/128/256/512) */
  stageWidths: number[];
  /** basic blocks per stage (paper: 2) */
  blocksPerStage: number;
  /** units of the loss head's per-stage layer (paper: 128) */
  headUnits: number;
  /** test images measured after each cycle (all of them when larger than the test set) */
  testSize: number;
  seed: number;
  /** answer every query from the hidden true labels (demonstrations, tests) */
  simulatedOracle: boolean;
  /**
   * when the loss head ranks the test pairs no better than chance, pick the next query by entropy
   * instead of by predicted loss, and say so (not in the paper; the strategy race never does this)
   */
  fallbackWhenAtChance: boolean;
}

export type PresetName = 'standard' | 'quick' | 'paper';

/** The preset a new project starts with. */
export const DEFAULT_PRESET: PresetName = 'standard';

export interface Preset {
  label: string;
  /** the device it is sized for */
  device: string;
  /** what it reached when measured, in a sentence (docs/benchmarks.md has the commands and the tables) */
  reaches: string;
  settings: ProjectSettings;
}

const paperRecipe = {
  learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4, lambda: 1, margin: 1,
  detachFraction: 0.6, lrDropFraction: 0.8, cropPadding: 2, horizontalFlip: true, seed: 1,
  simulatedOracle: false, strategy: 'learning-loss' as const, rankingTargets: 'hard' as const,
  unlabeledTraining: 'off' as const, unlabeledThreshold: 0.95, unlabeledRatio: 2, unlabeledWeight: 1,
};

/**
 * The Quick preset's settings: a small network that continues from the last cycle's weights.
 * Continuing reached 75% at 500 labels where re-initializing reached 61% (3 seeds each, before
 * equal batches, docs/benchmarks.md): a short cycle builds on the last one.
 */
function quickSettings(): ProjectSettings {
  return {
    ...paperRecipe, preset: 'quick', reinitialize: false, fallbackWhenAtChance: true,
    initialSize: 100, queryK: 100, subsetM: 1000, epochs: 10, minSteps: 300, batchSize: 32,
    stageWidths: [8, 16, 32], blocksPerStage: 1, headUnits: 64, testSize: 2000,
  };
}

/**
 * Chosen by measurement, not by guess: `npm run experiment -- --protocol defaults` runs a preset
 * exactly as shipped, and docs/benchmarks.md publishes what each reached and how long a cycle took.
 */
export const PRESETS: Record<PresetName, Preset> = {
  standard: {
    label: 'Standard',
    device: 'any computer: WebAssembly on the CPU, or a GPU',
    reaches: 'Measured on the Fashion-MNIST demo: 82% test accuracy at 500 labels (mean of 3 seeds; Quick: 78%); cycles of 46-56 s on WebAssembly on a 2-core CPU.',
    settings: {
      // Quick's network and loop, trained twice as long: at equal wall-clock time, 600 plain steps
      // beat 300 steps that also learn from unlabeled images (consistency or pseudo-labels); soft
      // ranking targets keep the classifier's accuracy where hard ones cost it; and diversity
      // within the top predicted losses stops a query piling onto three classes
      // (docs/benchmarks.md, "Every label worth more").
      ...quickSettings(), preset: 'standard', minSteps: 600, rankingTargets: 'soft', strategy: 'loss-diverse',
    },
  },
  quick: {
    label: 'Quick',
    device: 'any computer, for the shortest cycles',
    reaches: 'Measured on the Fashion-MNIST demo: 78% test accuracy at 500 labels and 83% at 1,000 (mean of 3 seeds); cycles of 40-60 s on WebAssembly on a 2-core CPU.',
    settings: quickSettings(),
  },
  paper: {
    label: 'Paper',
    device: 'a real GPU, for hours',
    reaches: "The paper's recipe (1,000 labels per cycle, 200 epochs at batch 128) on a ResNet for small images. Not measured by lossloop: a cycle takes hours without a GPU.",
    settings: {
      ...paperRecipe, preset: 'paper', reinitialize: true, fallbackWhenAtChance: false,
      initialSize: 1000, queryK: 1000, subsetM: 10000, epochs: 200, minSteps: 0, batchSize: 128,
      stageWidths: [16, 32, 64], blocksPerStage: 2, headUnits: 128, testSize: 2000,
    },
  },
};
