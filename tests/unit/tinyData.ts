import type { NetworkConfig } from '../../src/lib/ml/network';
import type { LabeledImages } from '../../src/lib/ml/train';
import { createRng } from '../../src/lib/core/random';

/** The smallest network that still has every part: stem, two residual stages, loss head. */
export const tinyNetwork: NetworkConfig = {
  inputShape: [6, 6, 1],
  numClasses: 3,
  stageWidths: [2, 3],
  blocksPerStage: 1,
  headUnits: 3,
};

/** `count` random 6x6 grey images whose label is which third of the image is brightest. */
export function tinyImages(count: number, seed: number): LabeledImages {
  const rng = createRng(seed);
  const pixels = new Uint8Array(count * 36);
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    labels.push(label);
    for (let p = 0; p < 36; p++) {
      const bright = Math.floor((p % 6) / 2) === label;
      pixels[i * 36 + p] = Math.floor(rng() * 100) + (bright ? 150 : 0);
    }
  }
  return { pixels, labels, count, shape: { height: 6, width: 6, channels: 1 }, normalization: { mean: 0.3, std: 0.3 } };
}
