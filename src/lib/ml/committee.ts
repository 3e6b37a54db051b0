import type { Network } from './network';
import { loadCheckpoint, type NetworkCheckpoint } from './checkpoint';
import { predict, type PredictOptions, type UnlabeledImages } from './inference';

/**
 * The committee of query by committee, without training more networks: the weights at the end of
 * a cycle's last few epochs. The learning rate drops for the last fifth of the epochs, so the
 * members differ most where the decision is still moving. The snapshots taken so far travel in
 * the epoch checkpoint, so a cycle resumed after a reload has the same committee as one that was not.
 */
export class EpochCommittee {
  private readonly snapshots: NetworkCheckpoint[];

  /**
   * `size` members including the final weights; 0 or 1 takes no snapshot. `taken`: the snapshots
   * of an interrupted run of the same cycle, oldest first.
   */
  constructor(private readonly size: number, taken: readonly NetworkCheckpoint[] = []) {
    this.snapshots = taken.slice();
  }

  /** Called after every epoch with the epoch's weights to read: keeps those of the epochs just before the last. */
  async afterEpoch(snapshot: () => Promise<NetworkCheckpoint>, epochsDone: number, epochs: number): Promise<void> {
    if (epochsDone < epochs && epochsDone > epochs - this.size) this.snapshots.push(await snapshot());
  }

  /**
   * Each member's [count * numClasses] logits for `images`, oldest first, ending with the final
   * weights' `finalLogits` (already computed); `options` for the scoring of each snapshot.
   * Leaves the network holding an older member's weights: call it once the final weights are saved.
   */
  async logits(
    network: Network, images: UnlabeledImages, finalLogits: Float32Array, options: (snapshot: number) => PredictOptions,
  ): Promise<Float32Array[]> {
    const members: Float32Array[] = [];
    for (const [index, snapshot] of this.snapshots.entries()) {
      loadCheckpoint(network, snapshot);
      members.push((await predict(network, images, options(index))).logits);
    }
    return [...members, finalLogits];
  }

  /** The snapshots taken so far, oldest first: what a resumed run starts from. */
  get taken(): readonly NetworkCheckpoint[] {
    return this.snapshots;
  }

  /** Members so far: the snapshots taken and the final weights. */
  get members(): number {
    return this.snapshots.length + 1;
  }
}
