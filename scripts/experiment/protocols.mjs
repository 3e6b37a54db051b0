// The protocols of docs/method.md ("Protocols that lossloop names"), as lossloop settings. Each names
// its data (the demo subset shipped with the app, or the full Fashion-MNIST imported from IDX
// files), the settings typed into the Settings tab, and the points per strategy of the race.

/**
 * Fashion-MNIST's class names in label order. Its IDX files carry none (the import calls the
 * classes class_0 ... class_9); the reports put these names on the picks tables.
 */
export const FMNIST_CLASS_NAMES = ['T-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot'];

// docs/method.md's protocols train exactly their epochs: no minimum number of steps.
const fmnistRecipe = {
  minSteps: 0, batchSize: 64, learningRate: 0.1, momentum: 0.9, weightDecay: 0.0005, lrDropFraction: 0.8,
  detachFraction: 0.6, cropPadding: 2, horizontalFlip: true, reinitialize: true, lambda: 1, margin: 1,
};

const fmnistQuick = {
  ...fmnistRecipe, initialSize: 500, queryK: 500, subsetM: 5000, epochs: 20,
  stageWidths: [8, 16, 32], blocksPerStage: 1, headUnits: 64, testSize: 10000,
};

export const PROTOCOLS = {
  defaults: {
    purpose: "the new user's preset exactly as the app ships it (no setting typed but the seed), until at least 1,000 labels",
    data: 'demo',
    // null: the settings are the ones a new project starts with, read back from the Settings tab.
    settings: null,
    minLabels: 1000,
    // In the workspace, Train after Train with the simulated oracle, as a new user runs it: the
    // strategy race always starts every round from fresh weights, a preset may not.
    loop: 'interactive',
  },
  smoke: {
    purpose: 'CI: the loop runs end to end (smallest backbone, so that software WebGPU finishes in minutes)',
    data: 'demo',
    rounds: 3,
    settings: {
      ...fmnistRecipe, initialSize: 200, queryK: 100, subsetM: 1000, epochs: 2,
      stageWidths: [4, 8], blocksPerStage: 1, headUnits: 8, testSize: 200,
    },
  },
  'fmnist-quick': {
    purpose: 'a CPU-sized comparison of strategies',
    data: 'fmnist',
    rounds: 6,
    settings: fmnistQuick,
  },
  // The recipe of the PyTorch reference run (docs/reference/fmnist-quick-pytorch.json) on its
  // network, the "reference ResNet-8": fmnist-quick with 16/32/64 channels. Where lossloop differs
  // on purpose, docs/benchmarks.md ("Fidelity") says so.
  'fmnist-reference': {
    purpose: "the PyTorch reference run's recipe on its ResNet-8 (16/32/64), to compare curves",
    data: 'fmnist',
    rounds: 6,
    settings: { ...fmnistQuick, stageWidths: [16, 32, 64] },
  },
  'fmnist-paper': {
    purpose: "the paper's protocol; needs a real GPU",
    data: 'fmnist',
    rounds: 10,
    settings: {
      ...fmnistRecipe, initialSize: 1000, queryK: 1000, subsetM: 10000, epochs: 200, batchSize: 128,
      stageWidths: [16, 32, 64], blocksPerStage: 2, headUnits: 128, testSize: 10000,
    },
  },
};
