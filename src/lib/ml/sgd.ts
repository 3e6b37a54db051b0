import * as tf from '@tensorflow/tfjs';
import { fusedMomentumSgdStep, hasFusedMomentumSgdStep } from './momentumSgdStep';

export interface SgdSettings {
  /** paper: 0.9 */
  momentum: number;
  /** L2 penalty added to the gradient, as PyTorch's SGD does (paper: 5e-4) */
  weightDecay: number;
}

/**
 * SGD with momentum and coupled weight decay, written out (rather than tf.train.momentum) so that
 * weight decay matches the paper's PyTorch recipe and the velocity is plain, checkpointable state:
 *   v <- momentum * v + (g + weightDecay * w);   w <- w - lr * v
 */
export class MomentumSgd {
  readonly velocity = new Map<string, tf.Variable>();

  constructor(
    private readonly weights: Map<string, tf.Variable>,
    private readonly settings: SgdSettings,
  ) {
    tf.tidy(() => {
      for (const [name, w] of weights) this.velocity.set(name, tf.variable(tf.zerosLike(w), false));
    });
  }

  /** One kernel per weight where the backend has the fused step (wasm), six tf ops elsewhere. */
  step(gradients: tf.NamedTensorMap, learningRate: number): void {
    const { momentum, weightDecay } = this.settings;
    const fused = hasFusedMomentumSgdStep();
    tf.tidy(() => {
      for (const [name, w] of this.weights) {
        const g = gradients[w.name]; // tfjs keys gradients by its own variable name
        if (!g) throw new Error(`no gradient for ${name}`);
        const v = this.velocity.get(name)!;
        if (fused) {
          const [newWeight, newVelocity] = fusedMomentumSgdStep(w, v, g, { learningRate, momentum, weightDecay });
          v.assign(newVelocity);
          w.assign(newWeight);
        } else {
          v.assign(v.mul(momentum).add(g).add(w.mul(weightDecay)));
          w.assign(w.sub(v.mul(learningRate)));
        }
      }
    });
  }

  /** Velocity by weight name, for a checkpoint. */
  async getVelocity(): Promise<Map<string, Float32Array>> {
    const entries = await Promise.all([...this.velocity].map(async ([name, v]) => [name, (await v.data()) as Float32Array] as const));
    return new Map(entries);
  }

  setVelocity(velocity: Map<string, Float32Array>): void {
    for (const [name, values] of velocity) {
      const v = this.velocity.get(name);
      if (!v) throw new Error(`The saved optimizer state has a weight "${name}" that this network does not have.`);
      tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    }
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
  }
}
