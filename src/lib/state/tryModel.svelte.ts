import { decodeImage } from '../data/formats/decodeImage';
import type { TryResult } from '../worker/protocol';
import { errorText } from './messages.svelte';
import { TryFailed, type ModelTrials } from './modelTrials';

/** Turns any image file into the project's input: the image import's own decoder, so a try sees what training saw. */
export type DecodeToInput = (data: Blob, fileName: string, height: number, width: number, channels: 1 | 3) => Promise<{ pixels: Uint8Array }>;

export interface TriedImage {
  name: string;
  /** the image as given, for the page to show (an object URL, revoked when replaced) */
  url: string;
  /** the image as the network sees it: resized, in the project's channels */
  pixels: Uint8Array;
}

/**
 * The "try the model" panel's state: the last image tried and the model's answer. A file that
 * cannot be read, or a try the model refuses, only sets `problem`: the last good answer stays.
 * Only the newest try counts: an answer to an older one that comes back late is dropped.
 */
export class ModelTry {
  image = $state.raw<TriedImage | null>(null);
  result = $state.raw<TryResult | null>(null);
  problem = $state<string | null>(null);
  /** the trainer says no cycle has finished yet */
  noModel = $state(false);
  running = $state(false);
  /** the try is held until the trainer has started (it chooses its backend first, which takes seconds) */
  waitingForTrainer = $state(false);
  private latest = 0;
  /** the last cycle whose model was asked again about the image shown */
  private refreshedFor: number | null = null;

  constructor(
    private readonly trials: ModelTrials,
    readonly projectId: string,
    private readonly shape: [number, number, number],
    private readonly decode: DecodeToInput = decodeImage,
  ) {}

  /** Decodes a file (or a webcam frame, or a pasted image) and asks the model about it. */
  async tryFile(data: Blob, name: string): Promise<void> {
    const [height, width, channels] = this.shape;
    await this.attempt(async () => {
      const { pixels } = await this.decode(data, name, height, width, channels === 1 ? 1 : 3);
      const result = await this.trials.run(this.projectId, pixels);
      return { image: { name, url: URL.createObjectURL(data), pixels }, result };
    });
  }

  /** The same image again, through a model that has changed since. */
  async tryAgain(): Promise<void> {
    const image = this.image;
    if (!image || this.running) return;
    await this.attempt(async () => ({ image, result: await this.trials.run(this.projectId, image.pixels) }));
  }

  /**
   * Whether the answer shown came from another model than cycle `latestCycle`'s: a newer cycle
   * finished, or a restored backup brought other weights.
   */
  isStale(latestCycle: number | null): boolean {
    return this.result !== null && latestCycle !== null && this.result.cycle !== latestCycle;
  }

  /**
   * Asks again when the model changed since the answer shown; once per model, so a try that
   * keeps failing (a backup restored without weights) is not repeated.
   */
  refreshFor(latestCycle: number | null): void {
    if (!this.isStale(latestCycle) || this.refreshedFor === latestCycle) return;
    this.refreshedFor = latestCycle;
    void this.tryAgain();
  }

  dispose(): void {
    this.latest++;
    if (this.image) URL.revokeObjectURL(this.image.url);
  }

  private async attempt(work: () => Promise<{ image: TriedImage; result: TryResult }>): Promise<void> {
    const ticket = ++this.latest;
    this.running = true;
    this.problem = null;
    this.waitingForTrainer = !this.trials.hasStarted;
    if (this.waitingForTrainer) {
      void this.trials.started.then(() => {
        if (ticket === this.latest) this.waitingForTrainer = false;
      });
    }
    try {
      const { image, result } = await work();
      if (ticket !== this.latest) {
        if (image !== this.image) URL.revokeObjectURL(image.url);
        return;
      }
      if (this.image && this.image !== image) URL.revokeObjectURL(this.image.url);
      this.image = image;
      this.result = result;
      this.noModel = false;
    } catch (error) {
      if (ticket !== this.latest) return;
      this.problem = errorText(error);
      this.noModel = error instanceof TryFailed && error.noModel;
    } finally {
      if (ticket === this.latest) {
        this.running = false;
        this.waitingForTrainer = false;
      }
    }
  }
}

/** The try of the open project, per trainer: it outlives the panel, so a tab switch keeps the last answer. */
const kept = new WeakMap<ModelTrials, ModelTry>();

/** The open project's try, made on first use; another project's is dropped. */
export function keptTry(trials: ModelTrials, projectId: string, shape: [number, number, number]): ModelTry {
  const current = kept.get(trials);
  if (current?.projectId === projectId) return current;
  current?.dispose();
  const fresh = new ModelTry(trials, projectId, shape);
  kept.set(trials, fresh);
  return fresh;
}
