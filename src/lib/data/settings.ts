import type { StrategyName } from '../al/strategies';

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
  /** epochs per cycle (paper: 200) */
  epochs: number;
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
  /** fraction of epochs after which the loss head's inputs are detached (paper: 0.6) */
  detachFraction: number;
  /** fraction of epochs after which the learning rate is x0.1 (paper: 0.8) */
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
}

export type PresetName = 'demo' | 'tiny' | 'paper';

const paperRecipe = {
  learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4, lambda: 1, margin: 1,
  detachFraction: 0.6, lrDropFraction: 0.8, cropPadding: 2, horizontalFlip: true, seed: 1,
  simulatedOracle: false, strategy: 'learning-loss' as const, reinitialize: true,
};

export const PRESETS: Record<PresetName, { label: string; help: string; settings: ProjectSettings }> = {
  demo: {
    label: 'Demo (fast)',
    help: 'A small network and short cycles: a cycle takes seconds on a GPU.',
    settings: {
      ...paperRecipe, preset: 'demo', initialSize: 100, queryK: 50, subsetM: 500, epochs: 10, batchSize: 32,
      stageWidths: [8, 16, 32], blocksPerStage: 1, headUnits: 64, testSize: 1000,
    },
  },
  tiny: {
    label: 'Tiny (software GPU)',
    help: 'The smallest network and a few dozen images, for machines without a GPU.',
    settings: {
      ...paperRecipe, preset: 'tiny', initialSize: 20, queryK: 8, subsetM: 24, epochs: 1, batchSize: 10,
      stageWidths: [4, 8], blocksPerStage: 1, headUnits: 8, testSize: 40,
    },
  },
  paper: {
    label: 'Paper',
    help: "The paper's recipe (1000 labels per cycle, 200 epochs, batch 128) on a ResNet for small images: needs a real GPU.",
    settings: {
      ...paperRecipe, preset: 'paper', initialSize: 1000, queryK: 1000, subsetM: 10000, epochs: 200, batchSize: 128,
      stageWidths: [16, 32, 64], blocksPerStage: 2, headUnits: 128, testSize: 2000,
    },
  },
};
