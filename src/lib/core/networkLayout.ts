/**
 * The shape of lossloop's target network and loss head, without any tensor code: the engine
 * (ml/network.ts) builds its weights from it, and the model export (data/transfer/modelExport.ts)
 * writes the same layers as a standard TF.js Layers model. One description, so the two cannot drift.
 */

export interface NetworkConfig {
  /** [height, width, channels] of the input images */
  inputShape: [number, number, number];
  numClasses: number;
  /** channels of each residual stage; the stem has the width of the first stage */
  stageWidths: number[];
  blocksPerStage: number;
  /** units of the loss head's per-stage dense layer (paper: 128) */
  headUnits: number;
}

/** One basic block: conv-bn-relu, conv-bn, plus the shortcut, then relu. */
export interface BlockSpec {
  /** the weights' name prefix, e.g. "stage1.block0" */
  prefix: string;
  inChannels: number;
  outChannels: number;
  stride: number;
}

/** The blocks of every stage; the first block of every stage after the first halves the resolution. */
export function blockSpecs(config: NetworkConfig): BlockSpec[][] {
  let inChannels = config.stageWidths[0];
  return config.stageWidths.map((width, stage) =>
    Array.from({ length: config.blocksPerStage }, (_, block) => {
      const spec = {
        prefix: `stage${stage}.block${block}`,
        inChannels,
        outChannels: width,
        stride: stage > 0 && block === 0 ? 2 : 1,
      };
      inChannels = width;
      return spec;
    }),
  );
}

/** A block whose input and output differ in shape adds a 1x1 convolution (and batch norm) on its shortcut. */
export function needsProjection(spec: BlockSpec): boolean {
  return spec.stride !== 1 || spec.inChannels !== spec.outChannels;
}

/** Batch-norm epsilon, the same in training, evaluation and the exported model. */
export const BN_EPSILON = 1e-5;
/** Weight of the newest batch in the running statistics (PyTorch's momentum 0.1; Keras writes 0.9). */
export const BN_MOMENTUM = 0.1;
