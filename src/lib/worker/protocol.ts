import type { BackendInfo, BackendName } from '../ml/backendNames';

/** Messages between the UI and the trainer worker. Every message names its type. */

export type ToTrainer =
  | { type: 'start'; backend?: BackendName }
  | { type: 'train'; projectId: string }
  | { type: 'cancel' };

export type TrainerPhase = 'loading' | 'training' | 'evaluating' | 'scoring' | 'saving';

export interface TrainerProgress {
  type: 'progress';
  phase: TrainerPhase;
  /** 0..1 over the whole cycle */
  fraction: number;
  epoch?: number;
  epochs?: number;
  crossEntropy?: number;
  rankingLoss?: number;
  samplesPerSecond?: number;
}

export type FromTrainer =
  | { type: 'ready'; backend: BackendInfo }
  | TrainerProgress
  | { type: 'done'; cycle: number }
  | { type: 'cancelled' }
  | { type: 'error'; message: string };
