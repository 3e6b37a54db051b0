import type { FromTrainer, TryResult } from '../worker/protocol';

/** A try the trainer refused; `noModel` when no cycle has finished yet. */
export class TryFailed extends Error {
  constructor(message: string, readonly noModel: boolean) {
    super(message);
    this.name = 'TryFailed';
  }
}

type TryAnswer = Extract<FromTrainer, { type: 'tried' | 'try-failed' }>;

/**
 * Images sent to the trainer to be classified by the current model, each answered by its own
 * request id: a promise per try, settled when the worker's answer comes back. A try is sent at
 * once, also before the trainer has started: the worker holds it until then.
 */
export class ModelTrials {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: TryResult) => void; reject: (error: Error) => void }>();
  private markStarted: () => void = () => {};
  /** settled once the trainer has started (its 'ready'), or has answered a try: nothing waits for its start then */
  readonly started: Promise<void> = new Promise((resolve) => (this.markStarted = resolve));
  private startedYet = false;

  constructor(private readonly send: (projectId: string, requestId: number, pixels: Uint8Array) => void) {}

  /** Whether the trainer has started: until then a try waits in the worker. */
  get hasStarted(): boolean {
    return this.startedYet;
  }

  /** The trainer has said it is ready. */
  trainerStarted(): void {
    this.startedYet = true;
    this.markStarted();
  }

  /** The model's answer for one image of the project's input size (uint8, h x w x c). */
  run(projectId: string, pixels: Uint8Array): Promise<TryResult> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.send(projectId, requestId, pixels);
    });
  }

  settle(answer: TryAnswer): void {
    this.trainerStarted();
    const waiting = this.pending.get(answer.requestId);
    if (!waiting) return;
    this.pending.delete(answer.requestId);
    if (answer.type === 'tried') waiting.resolve(answer.result);
    else waiting.reject(new TryFailed(answer.message, answer.noModel));
  }

  /** The trainer is gone: nothing pending will be answered. */
  abandon(message: string): void {
    for (const waiting of this.pending.values()) waiting.reject(new TryFailed(message, false));
    this.pending.clear();
  }
}
