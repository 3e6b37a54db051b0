/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../ml/backend';
import type { BackendInfo } from '../core/backendNames';
import type { BackendWishes } from '../ml/backendDecision';
import { NonFiniteLoss, TrainingCancelled } from '../ml/trainingErrors';
import { openDatabase, type LossloopDatabase } from '../data/store/db';
import { discardTrainingRun } from '../data/store/cycles';
import { runTrainingCycle } from '../loop/trainingCycle';
import { createRace, runRace } from '../loop/race';
import { NoTrainedModel, tryModel } from '../loop/tryModel';
import { RunControl } from './runControl';
import type { FromTrainer, RaceRequest, ToTrainer } from './protocol';

/**
 * The trainer: all tensor math runs here, off the main thread, so labeling stays smooth while a
 * cycle trains. It reads and writes IndexedDB itself; the UI only learns what changed.
 */

declare const self: DedicatedWorkerGlobalScope;

let backend: BackendInfo | null = null;
let db: LossloopDatabase | null = null;
let control: RunControl | null = null;
/** set once the GPU is gone: every later failure is a consequence, already reported */
let deviceLost = false;

const post = (message: FromTrainer) => self.postMessage(message);

/**
 * The store once 'start' has chosen the backend and opened it. Choosing the backend takes seconds
 * (each candidate trains a step against the CPU), and a person may try an image meanwhile: the try
 * waits for this instead of failing. Rejected with start's error when the trainer cannot start.
 */
let markStarted: (database: LossloopDatabase) => void = () => {};
let markFailed: (error: unknown) => void = () => {};
const started = new Promise<LossloopDatabase>((resolve, reject) => {
  markStarted = resolve;
  markFailed = reject;
});
// Awaited only by tries: a start failure nobody waits on is reported once, by start itself.
started.catch(() => {});

async function start(wishes: BackendWishes): Promise<void> {
  try {
    backend = await chooseBackend(wishes);
    db = await openDatabase();
  } catch (error) {
    markFailed(error);
    throw error;
  }
  watchDeviceLoss();
  markStarted(db);
  post({ type: 'ready', backend });
}

/**
 * A lost WebGPU device makes every later op fail or return zeros. The running cycle is stopped
 * (its last epoch checkpoint stays in the store for a resume) and the user is told.
 */
function watchDeviceLoss(): void {
  if (backend?.name !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  void device?.lost.then((info) => {
    deviceLost = true;
    control?.cancel(false);
    post({
      type: 'error',
      recoverable: true,
      message: `The GPU stopped responding (${info.message || info.reason}). Your labels are safe, and the cycle will resume from its last completed epoch: reload the page, or switch to WebGL or CPU.`,
    });
  });
}

/** Runs one piece of training work at a time, which the UI can pause and cancel. */
async function controlled(work: (database: LossloopDatabase, info: BackendInfo, run: RunControl) => Promise<void>): Promise<void> {
  if (!db || !backend) throw new Error('The trainer has not started yet.');
  if (deviceLost) throw new DeviceGone();
  if (control) throw new Error('A cycle is already running.');
  control = new RunControl((paused) => post({ type: 'paused', paused }));
  try {
    await work(db, backend, control);
  } finally {
    control = null;
  }
}

const train = (projectId: string) => controlled(async (database, info, run) => {
  try {
    const cycle = await runTrainingCycle({
      db: database, projectId, backend: info.name, beforeStep: run.checkpoint,
      onProgress: (progress) => post({ type: 'progress', ...progress }),
      onEpoch: (cycleIndex, epochs, history) => post({ type: 'epoch', cycle: cycleIndex, epochs, history }),
    });
    post({ type: 'done', cycle });
  } catch (error) {
    // A cycle the person cancelled is over: its resume point goes, so a reload does not restart it.
    if (error instanceof TrainingCancelled && run.endsRun) {
      await discardTrainingRun(database, projectId);
      throw new TrainingCancelled(true);
    }
    throw error;
  }
});

/** A new race when asked for one, else the project's last race from where it stopped. */
const race = (projectId: string, request?: RaceRequest) => controlled(async (database, info, { checkpoint: beforeStep }) => {
  if (request) post({ type: 'race', race: await createRace(database, projectId, request, info.name) });
  await runRace({
    db: database, projectId, backend: info.name, beforeStep,
    onProgress: (progress) => post({ type: 'progress', ...progress }),
    onEpoch: (epochs, history) => post({ type: 'epoch', cycle: 0, epochs, history }),
    onRace: (record) => post({ type: 'race', race: record }),
  });
});

/**
 * A person's image through the current model. Not a run: it waits for the trainer to start, never
 * for a cycle, and does not stop one; its failure is its own answer, never the cycle's.
 */
async function tryImage(projectId: string, requestId: number, pixels: Uint8Array): Promise<void> {
  try {
    const database = await started;
    if (deviceLost) throw new DeviceGone();
    post({ type: 'tried', requestId, result: await tryModel(database, projectId, pixels) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    post({ type: 'try-failed', requestId, message, noModel: error instanceof NoTrainedModel });
  }
}

class DeviceGone extends Error {
  constructor() {
    super('The GPU is no longer available. Reload the page, or switch to another backend.');
  }
}

/** The message for a failure, or null when it only follows from a lost device, already reported. */
function describeFailure(error: unknown): FromTrainer | null {
  if (error instanceof DeviceGone) return { type: 'error', message: error.message, recoverable: false };
  if (deviceLost) return null;
  if (error instanceof TrainingCancelled) return { type: 'cancelled', ended: error.ended };
  if (error instanceof NonFiniteLoss) return { type: 'error', message: error.message, recoverable: true };
  return { type: 'error', message: error instanceof Error ? error.message : String(error), recoverable: false };
}

self.onmessage = (event: MessageEvent<ToTrainer>) => {
  const message = event.data;
  const run = async () => {
    switch (message.type) {
      case 'start': return start(message.wishes);
      case 'train': return train(message.projectId);
      case 'race': return race(message.projectId, message.request);
      case 'try': return tryImage(message.projectId, message.requestId, message.pixels);
      case 'pause': return control?.pause();
      case 'resume': return control?.resume();
      case 'cancel': return control?.cancel(message.endRun);
      case 'simulate-device-loss': return (tf.backend() as unknown as { device?: GPUDevice }).device?.destroy();
    }
  };
  run().catch((error: unknown) => {
    const message = describeFailure(error);
    if (message) post(message);
  });
};
