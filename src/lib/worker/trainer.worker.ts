/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../ml/backend';
import type { BackendInfo } from '../ml/backendNames';
import { TrainingCancelled } from '../ml/cancelled';
import { openDatabase, type LossloopDatabase } from '../data/db';
import { runTrainingCycle } from './trainingCycle';
import type { FromTrainer, ToTrainer } from './protocol';

/**
 * The trainer: all tensor math runs here, off the main thread, so labeling stays smooth while a
 * cycle trains. It reads and writes IndexedDB itself; the UI only learns what changed.
 */

declare const self: DedicatedWorkerGlobalScope;

let backend: BackendInfo | null = null;
let db: LossloopDatabase | null = null;
let busy = false;
let cancelRequested = false;

const post = (message: FromTrainer) => self.postMessage(message);

async function start(requested?: ToTrainer & { type: 'start' }): Promise<void> {
  backend = await chooseBackend(requested?.backend);
  db = await openDatabase();
  watchDeviceLoss();
  post({ type: 'ready', backend });
}

/** A lost WebGPU device makes every later op return zeros; tell the user instead. */
function watchDeviceLoss(): void {
  if (backend?.name !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  void device?.lost.then((info) => {
    post({ type: 'error', message: `The GPU device was lost (${info.message || info.reason}). Your labels are safe; reload the page to continue.` });
  });
}

async function train(projectId: string): Promise<void> {
  if (!db || !backend) throw new Error('The trainer has not started yet.');
  if (busy) throw new Error('A cycle is already running.');
  busy = true;
  cancelRequested = false;
  try {
    const cycle = await runTrainingCycle({
      db, projectId, backend: backend.name,
      onProgress: (progress) => post({ type: 'progress', ...progress }),
      shouldStop: () => cancelRequested,
    });
    post({ type: 'done', cycle });
  } finally {
    busy = false;
  }
}

self.onmessage = (event: MessageEvent<ToTrainer>) => {
  const message = event.data;
  const run = async () => {
    if (message.type === 'start') await start(message);
    else if (message.type === 'train') await train(message.projectId);
    else if (message.type === 'cancel') cancelRequested = true;
  };
  run().catch((error: unknown) => {
    if (error instanceof TrainingCancelled) post({ type: 'cancelled' });
    else post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
};
