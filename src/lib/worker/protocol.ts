import type { BackendInfo, BackendName } from '../ml/backendNames';
import type { EpochMetrics } from '../ml/train';

/** Messages between the UI and the trainer worker. Every message names its type. */

export type ToTrainer =
  | { type: 'start'; backend?: BackendName }
  | { type: 'train'; projectId: string }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'cancel' }
  /** fault injection for tests: destroys the WebGPU device as a driver crash would */
  | { type: 'simulate-device-loss' };

export type TrainerPhase = 'loading' | 'training' | 'evaluating' | 'scoring' | 'selecting';

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
  /** estimate from the time spent so far */
  secondsLeft?: number;
  /** set when this run resumed an interrupted cycle after that many epochs */
  resumedFromEpoch?: number;
  paused?: boolean;
}

export type FromTrainer =
  | { type: 'ready'; backend: BackendInfo }
  | TrainerProgress
  /** after every epoch: the cycle's epochs so far (a resumed cycle includes the ones before) */
  | { type: 'epoch'; cycle: number; epochs: number; history: EpochMetrics[] }
  | { type: 'done'; cycle: number }
  | { type: 'paused'; paused: boolean }
  | { type: 'cancelled' }
  /** recoverable: the user can train again (perhaps on another backend) without reloading */
  | { type: 'error'; message: string; recoverable: boolean };
