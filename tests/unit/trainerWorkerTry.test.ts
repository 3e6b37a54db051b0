import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { BackendInfo } from '../../src/lib/core/backendNames';
import { answerFromTruth } from '../../src/lib/data/store/samples';
import { runTrainingCycle } from '../../src/lib/loop/trainingCycle';
import type { FromTrainer, ToTrainer } from '../../src/lib/worker/protocol';
import { freshDatabase, seedProject } from './projectFixture';
import { useCpuBackend } from './tfCpu';

/**
 * The trainer worker itself (worker/trainer.worker.ts, in Node with a stand-in for its global
 * scope): an image tried while the trainer is still choosing its backend, which takes seconds in a
 * browser, is answered once it has started, never refused with "not started yet".
 */

/** The backend choice, held until the test lets it finish. */
const backendChoice = vi.hoisted(() => ({ finish: (_info: BackendInfo) => {}, fail: (_error: Error) => {} }));
vi.mock('../../src/lib/ml/backend', () => ({
  chooseBackend: () => new Promise<BackendInfo>((resolve, reject) => {
    backendChoice.finish = resolve;
    backendChoice.fail = reject;
  }),
}));

const CPU: BackendInfo = { name: 'cpu', description: 'CPU', software: true, source: 'automatic', warnings: [], offer: null };

const posted: FromTrainer[] = [];
let send: (message: ToTrainer) => void;

/** Lets the worker's pending promises (the store, the model) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const waitFor = async (done: () => boolean) => {
  for (let i = 0; i < 500 && !done(); i++) await settle();
};

beforeAll(async () => {
  await useCpuBackend();
  const db = await freshDatabase();
  await seedProject(db);
  await answerFromTruth(db, 'p', Array.from({ length: 10 }, (_, i) => i));
  await runTrainingCycle({ db, projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
  db.close();
  const scope = { postMessage: (message: FromTrainer) => posted.push(message), onmessage: null as ((event: { data: ToTrainer }) => void) | null };
  (globalThis as unknown as { self: typeof scope }).self = scope;
  await import('../../src/lib/worker/trainer.worker');
  send = (message) => scope.onmessage!({ data: message });
});

describe('a try sent before the trainer has started', () => {
  it('waits for the start, then is answered by the model', async () => {
    send({ type: 'start', wishes: {} });
    send({ type: 'try', projectId: 'p', requestId: 7, pixels: new Uint8Array(36).fill(90) });
    await settle();
    // Still choosing its backend: nothing is answered, and nothing is refused.
    expect(posted).toEqual([]);

    backendChoice.finish(CPU);
    await waitFor(() => posted.some((m) => m.type === 'tried' || m.type === 'try-failed'));
    expect(posted.map((m) => m.type)).toEqual(['ready', 'tried']);
    expect(posted[1]).toMatchObject({ type: 'tried', requestId: 7, result: { cycle: 1, classNames: ['a', 'b', 'c'] } });

    // Once started, a try is answered at once.
    send({ type: 'try', projectId: 'p', requestId: 8, pixels: new Uint8Array(36).fill(10) });
    await waitFor(() => posted.length === 3);
    expect(posted[2]).toMatchObject({ type: 'tried', requestId: 8 });
  });

  it('is told why when the trainer cannot start at all', async () => {
    // A fresh trainer, as a reload makes: its start fails.
    vi.resetModules();
    posted.length = 0;
    await import('../../src/lib/worker/trainer.worker');
    send({ type: 'start', wishes: {} });
    send({ type: 'try', projectId: 'p', requestId: 9, pixels: new Uint8Array(36) });
    backendChoice.fail(new Error('No backend passed its check.'));
    await waitFor(() => posted.length === 2);
    expect(posted).toEqual(expect.arrayContaining([
      { type: 'try-failed', requestId: 9, message: 'No backend passed its check.', noModel: false },
      { type: 'error', message: 'No backend passed its check.', recoverable: false },
    ]));
  });
});
