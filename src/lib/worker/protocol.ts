import type { BackendInfo } from '../core/backendNames';
import type { BackendWishes } from '../ml/backendDecision';
import type { EpochMetrics } from '../ml/train';
import type { RaceRecord } from '../data/store/schema';
import type { RunProgress } from '../loop/progress';
import type { RaceRequest } from '../loop/race';
import type { LossStanding, TryResult } from '../loop/tryModel';
import type { UnlikeReason, Unlikeness } from '../al/outOfDistribution';

/**
 * Messages between the UI and the trainer worker. Every message names its type. The page takes
 * every type it exchanges with the worker from here; the loop's own types are imported one way.
 */

export type { LossStanding, RaceRequest, TryResult, UnlikeReason, Unlikeness };

export type ToTrainer =
  | { type: 'start'; wishes: BackendWishes }
  | { type: 'train'; projectId: string }
  /** a new strategy race when a request is given, else the project's last race goes on */
  | { type: 'race'; projectId: string; request?: RaceRequest }
  /**
   * one image, already decoded and resized to the project's input (uint8, h x w x c), through the
   * last stored model; answered by 'tried' or 'try-failed' with the same requestId. One sent before
   * the trainer has started waits for it; after that it runs at once, also while a cycle trains
   * (then the model is the last finished cycle's).
   */
  | { type: 'try'; projectId: string; requestId: number; pixels: Uint8Array }
  | { type: 'pause' }
  | { type: 'resume' }
  /**
   * stops the running work. `endRun`: the person cancelled, so a cycle is ended for good and its
   * resume point dropped; false when the work only moves (another tab takes over) and must resume there
   */
  | { type: 'cancel'; endRun: boolean }
  /** fault injection for tests: destroys the WebGPU device as a driver crash would */
  | { type: 'simulate-device-loss' };

export interface TrainerProgress extends RunProgress {
  type: 'progress';
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
  | { type: 'tried'; requestId: number; result: TryResult }
  /** `noModel`: no cycle has finished yet, so there is nothing to try */
  | { type: 'try-failed'; requestId: number; message: string; noModel: boolean }
  /** `ended`: the cycle's resume point is gone (a cancel the person asked for) */
  | { type: 'cancelled'; ended: boolean }
  /** recoverable: the user can train again (perhaps on another backend) without reloading */
  | { type: 'error'; message: string; recoverable: boolean };
