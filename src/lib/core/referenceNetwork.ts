import type { NetworkConfig } from './networkLayout';

/**
 * The "reference ResNet-8" that scripts/torch-reference.py builds in PyTorch, so that lossloop and
 * PyTorch can be timed on the same network (`npm run bench -- --network reference`): 28x28x1
 * input, a 3x3 stem of 16 channels, three stages of one basic block (16/32/64 channels, strides
 * 1, 2, 2, 1x1 projection shortcuts), global average pooling, dense 10, and a loss head of 64
 * units per stage.
 */
export const REFERENCE_NETWORK: NetworkConfig = {
  inputShape: [28, 28, 1], numClasses: 10, stageWidths: [16, 32, 64], blocksPerStage: 1, headUnits: 64,
};
