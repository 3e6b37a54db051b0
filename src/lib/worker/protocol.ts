import type { BackendInfo } from '../ml/backendNames';
import type { BackendWishes } from '../ml/backendDecision';
import type { EpochMetrics } from '../ml/train';
import type { RaceRecord } from '../data/store/schema';
import type { RaceRequest } from './race';

/** Messages between the UI and the trainer worker. Every message names its type. */

export type ToTrainer =
  | { type: 'start'; wishes: BackendWishes }
  | { type: 'train'; projectId: string }
  /** a new strategy race when a request is given, else the project's last race goes on */
  | { type: 'race'; projectId: string; request?: RaceRequest }
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
  /** set while a strategy race runs: whose round this is */
  race?: { strategy: string; round: number; rounds: number };
}

export type FromTrainer =
  | { type: 'ready'; backend: BackendInfo }
  | TrainerProgress
  /** after every epoch: the cycle's epochs so far (a resumed cycle includes the ones before) */
  | { type: 'epoch'; cycle: number; epochs: number; history: EpochMetrics[] }
  | { type: 'done'; cycle: number }
  /** the race as saved after every point, and when it finishes or stops */
  | { type: 'race'; race: RaceRecord }
  | { type: 'paused'; paused: boolean }
  | { type: 'cancelled' }
  /** recoverable: the user can train again (perhaps on another backend) without reloading */
  | { type: 'error'; message: string; recoverable: boolean };
