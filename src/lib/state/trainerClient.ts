import type { BackendWishes } from '../ml/backendDecision';
import type { FromTrainer, RaceRequest, ToTrainer } from '../worker/protocol';

/** A typed handle on the trainer worker: send intents, receive every message in one callback. */
export class TrainerClient {
  private readonly worker: Worker;

  constructor(onMessage: (message: FromTrainer) => void, onCrash: (message: string) => void) {
    this.worker = new Worker(new URL('../worker/trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
    this.worker.onmessage = (event: MessageEvent<FromTrainer>) => onMessage(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      onCrash(event.message || 'The trainer stopped unexpectedly.');
    };
  }

  private send(message: ToTrainer): void {
    this.worker.postMessage(message);
  }

  start(wishes: BackendWishes): void {
    this.send({ type: 'start', wishes });
  }

  train(projectId: string): void {
    this.send({ type: 'train', projectId });
  }

  race(projectId: string, request?: RaceRequest): void {
    this.send({ type: 'race', projectId, request });
  }

  tryModel(projectId: string, requestId: number, pixels: Uint8Array): void {
    this.send({ type: 'try', projectId, requestId, pixels });
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  resume(): void {
    this.send({ type: 'resume' });
  }

  /** `endRun`: the person cancelled, so the cycle ends for good; false when the work moves to another tab */
  cancel(endRun: boolean): void {
    this.send({ type: 'cancel', endRun });
  }

  simulateDeviceLoss(): void {
    this.send({ type: 'simulate-device-loss' });
  }
}
