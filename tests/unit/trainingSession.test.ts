import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveTrainingRun } from '../../src/lib/data/store/cycles';
import type { RaceRecord, TrainingRunRecord } from '../../src/lib/data/store/schema';
import type { BackendInfo } from '../../src/lib/core/backendNames';
import type { FromTrainer } from '../../src/lib/worker/protocol';
import { runTrainingCycle } from '../../src/lib/loop/trainingCycle';
import { useCpuBackend } from './tfCpu';
import { TrainingSession, type TrainerPort } from '../../src/lib/state/trainingSession.svelte';
import { closeDatabase, tinySettings } from './projectFixture';
import { openWorkspace, storedLabels, type OpenWorkspace } from './workspaceFixture';

/** Stands in for the worker: records what the session asked of it. */
class FakeTrainer implements TrainerPort {
  sent: string[] = [];
  train(projectId: string) { this.sent.push(`train ${projectId}`); }
  race(projectId: string, request?: unknown) { this.sent.push(`race ${projectId}${request ? ' new' : ''}`); }
  pause() { this.sent.push('pause'); }
  resume() { this.sent.push('resume'); }
  cancel(endRun: boolean) { this.sent.push(endRun ? 'cancel' : 'hand over'); }
  simulateDeviceLoss() { this.sent.push('device loss'); }
  tryModel(projectId: string, requestId: number, pixels: Uint8Array) { this.sent.push(`try ${projectId} #${requestId} ${pixels.length} values`); }
}

const backend: BackendInfo = { name: 'cpu', description: 'CPU', software: true, source: 'automatic', warnings: [], offer: null };
const ready: FromTrainer = { type: 'ready', backend };

function interruptedRun(checkpoint: TrainingRunRecord['checkpoint']): TrainingRunRecord {
  return {
    projectId: 'p', cycle: 2, settings: tinySettings, labeledIds: [], labels: [], testIds: [], testLabels: [],
    subsetIds: [], checkpoint, startedAt: 0,
  };
}

describe('the training session', () => {
  beforeAll(() => useCpuBackend());
  let open: OpenWorkspace;
  let trainer: FakeTrainer;
  let session: TrainingSession;
  let crash: (message: string) => void;

  async function start(project?: Parameters<typeof openWorkspace>[0]): Promise<void> {
    open = await openWorkspace(project);
    trainer = new FakeTrainer();
    session = new TrainingSession(open.messages, () => open.workspace, (_onMessage, onCrash) => {
      crash = onCrash;
      return trainer;
    });
  }

  afterEach(() => closeDatabase(open.db));

  it('learns the backend when the worker is ready, and trains only with two labels or more', async () => {
    await start();
    expect(session.canTrain).toBe(false);
    await session.handle(ready);
    expect(session.backend).toEqual(backend);
    expect(trainer.sent).toEqual([]); // nothing was interrupted
    await open.workspace.label([0], 1);
    expect(session.canTrain).toBe(false);
    await open.workspace.label([1], 2);
    expect(session.canTrain).toBe(true);
    await session.train();
    expect(trainer.sent).toEqual(['train p']);
    expect(session.training).toEqual({ type: 'progress', phase: 'loading', fraction: 0 });
    expect(session.canTrain).toBe(false);
  });

  it('answers each tried image by its request id, also while a cycle trains, and leaves the cycle alone', async () => {
    await start();
    await session.handle(ready);
    await open.workspace.label([0, 1], 1);
    await session.train();
    const first = session.trials.run('p', new Uint8Array(36));
    const second = session.trials.run('p', new Uint8Array(36));
    expect(trainer.sent).toEqual(['train p', 'try p #1 36 values', 'try p #2 36 values']);
    const result = { cycle: 1, classNames: ['a', 'b', 'c'], probabilities: [0.2, 0.5, 0.3], predictedLoss: 0.4, standing: null, unlike: null };
    // Answers may come back in any order; each goes to its own request.
    await session.handle({ type: 'try-failed', requestId: 2, message: 'The image has 35 values', noModel: false });
    await session.handle({ type: 'tried', requestId: 1, result });
    await expect(first).resolves.toEqual(result);
    await expect(second).rejects.toMatchObject({ message: 'The image has 35 values', noModel: false });
    expect(session.training).toEqual({ type: 'progress', phase: 'loading', fraction: 0 });
    expect(open.messages.problem).toBeNull();
  });

  it('fails a pending try in plain words when the trainer crashes', async () => {
    await start();
    const pending = session.trials.run('p', new Uint8Array(36));
    crash('The trainer stopped unexpectedly.');
    await expect(pending).rejects.toThrow('The trainer stopped unexpectedly.');
  });

  it('follows progress, epochs and pause, and ends the cycle on done with a re-read of the store', async () => {
    // The oracle is on and a query is open: the end of the cycle lets it answer that query.
    await start({ settings: { ...tinySettings, simulatedOracle: true }, openQuery: { cycle: 1, ids: [4, 5, 6] } });
    await session.handle(ready);
    expect(await storedLabels(open.db, [4, 5, 6])).toEqual([1, 2, 0]); // answered on opening: true label = id % 3
    await open.db.put('projects', { ...open.workspace.project, openQuery: { cycle: 2, ids: [10, 11] } });

    await session.handle({ type: 'progress', phase: 'training', fraction: 0.5, epoch: 2, epochs: 3 });
    expect(session.training).toMatchObject({ phase: 'training', fraction: 0.5 });
    await session.handle({ type: 'epoch', cycle: 2, epochs: 3, history: [] });
    expect(session.liveEpochs).toEqual({ epochs: 3, history: [] });
    session.togglePause();
    await session.handle({ type: 'paused', paused: true });
    expect(session.paused).toBe(true);
    session.togglePause();
    expect(trainer.sent).toEqual(['pause', 'resume']);

    await session.handle({ type: 'done', cycle: 2 });
    expect(session.training).toBeNull();
    expect(session.liveEpochs).toBeNull();
    expect(session.paused).toBe(false);
    expect(open.messages.notice).toBe('Cycle 2 is done.'); // no cycle record in this store: no label count to give
    expect(open.workspace.project.openQuery).toEqual({ cycle: 2, ids: [10, 11] });
    expect(await storedLabels(open.db, [10, 11])).toEqual([1, 2]);
    expect(open.workspace.counts.labeled).toBe(5);
  });

  it('starts a cycle only once every label pressed before Train is on disk', async () => {
    await start();
    await session.handle(ready);
    await open.workspace.label([0, 3], 1);
    // Two more key presses, not yet written when Train is pressed.
    const pressed = [open.workspace.label([1], 2), open.workspace.label([2], 0)];
    const training = session.train();
    expect(trainer.sent).toEqual([]);
    expect(session.training).toEqual({ type: 'progress', phase: 'loading', fraction: 0 });
    await training;
    expect(trainer.sent).toEqual(['train p']);
    expect(await Promise.all(pressed)).toEqual([true, true]);
    expect(await storedLabels(open.db, [0, 1, 2, 3])).toEqual([1, 2, 0, 1]);
  });

  it('a cancel while the last labels are written stops the cycle before the trainer hears of it', async () => {
    await start();
    await session.handle(ready);
    await open.workspace.label([0, 1], 0);
    void open.workspace.label([2], 1);
    const training = session.train();
    session.cancel();
    await training;
    expect(trainer.sent).toEqual([]);
    expect(session.training).toBeNull();
    expect(open.messages.notice).toBe('The cycle was cancelled before it started. Your labels are kept; Train starts a new cycle.');
    expect(await storedLabels(open.db, [2])).toEqual([1]);
  });

  it('says how many labels a finished cycle trained on', async () => {
    await start();
    await session.handle(ready);
    await open.workspace.label([0, 1, 2, 3, 4, 5, 6], 1);
    await runTrainingCycle({ db: open.db, projectId: 'p', backend: 'cpu', onProgress: () => {}, beforeStep: async () => {} });
    await session.handle({ type: 'done', cycle: 1 });
    expect(open.messages.notice).toBe('Cycle 1 is done. It trained on 7 labels.');
  });

  it('resumes an interrupted cycle once the backend is known, and says when it is done', async () => {
    await start();
    // Only the epoch to go on from is read here.
    await saveTrainingRun(open.db, interruptedRun({ nextEpoch: 3 } as TrainingRunRecord['checkpoint']));
    await session.resumeInterruptedCycle(); // no backend yet: nothing happens
    expect(trainer.sent).toEqual([]);
    await session.handle(ready);
    expect(trainer.sent).toEqual(['train p']);
    expect(open.messages.notice).toBe('Resuming cycle 2, which was interrupted after epoch 3.');
    expect(session.training).toMatchObject({ phase: 'loading' });
    await session.handle(ready); // checked once per opened project
    expect(trainer.sent).toEqual(['train p']);
    await session.handle({ type: 'done', cycle: 2 });
    expect(open.messages.notice).toBe('Cycle 2, which had been interrupted, is done.');
  });

  it('restarts a cycle interrupted before its first epoch ended', async () => {
    await start();
    await saveTrainingRun(open.db, interruptedRun(null));
    await session.handle(ready);
    expect(open.messages.notice).toBe('Restarting cycle 2, which was interrupted before its first epoch ended.');
  });

  it('says what a cancel keeps, for a cycle and for a race', async () => {
    await start();
    await session.handle(ready);
    await open.workspace.label([0, 1], 0);
    await session.train();
    session.cancel();
    await session.handle({ type: 'cancelled', ended: true });
    expect(trainer.sent).toEqual(['train p', 'cancel']);
    expect(session.training).toBeNull();
    expect(open.messages.notice).toBe('The cycle was cancelled and will not restart by itself. Your labels are kept; Train starts a new cycle.');

    await session.train();
    session.handOver();
    await session.handle({ type: 'cancelled', ended: false });
    expect(trainer.sent.slice(2)).toEqual(['train p', 'hand over']);
    expect(open.messages.notice).toBe('The cycle was stopped here; it goes on in the tab that took over.');

    session.continueRace();
    expect(session.racing).toBe(true);
    expect(open.messages.notice).toBeNull();
    await session.handle({ type: 'cancelled', ended: false });
    expect(session.racing).toBe(false);
    expect(open.messages.notice).toBe('The race was stopped. Its points are kept; it can go on later from where it stopped.');
  });

  it('shows a race as it runs and ends it when it is finished', async () => {
    await start();
    await session.handle(ready);
    const lastRace = { projectId: 'p', rounds: 1, lanes: [{}], state: 'finished' } as unknown as RaceRecord;
    open.workspace.race = lastRace;
    session.startRace({ strategies: ['random'], rounds: 2 });
    expect(trainer.sent).toEqual(['race p new']);
    // The last race is gone at once: its chart does not stand for the new race.
    expect(open.workspace.race).toBeNull();
    const race = { projectId: 'p', rounds: 2, lanes: [{}, {}], state: 'running' } as unknown as RaceRecord;
    await session.handle({ type: 'race', race });
    expect(open.workspace.race).toBe(race);
    expect(session.racing).toBe(true);
    await session.handle({ type: 'race', race: { ...race, state: 'finished' } });
    expect(session.racing).toBe(false);
    expect(session.training).toBeNull();
    expect(open.messages.notice).toBe('The race is over: 2 strategies, 2 points each.');
  });

  it('shows a trainer error or crash as the problem, and the trainer is idle again', async () => {
    await start();
    await session.handle(ready);
    await open.workspace.label([0, 1], 0);
    await session.train();
    await session.handle({ type: 'error', message: 'The GPU device was lost.', recoverable: true });
    expect(session.training).toBeNull();
    expect(open.messages.problem).toBe('The GPU device was lost.');
    expect(open.messages.backendProblem).toBe(true); // another backend is offered
    expect(session.canTrain).toBe(true);
    crash('The trainer stopped unexpectedly.');
    expect(open.messages.problem).toBe('The trainer stopped unexpectedly.');
    expect(open.messages.backendProblem).toBe(true);
  });

  it('keeps Train off, with the reason, while a setting typed into the form is refused', async () => {
    await start();
    await session.handle(ready);
    await open.workspace.label([0, 1], 0);
    open.workspace.settingDrafts.set('batchSize', { label: 'Batch size', text: '7', problems: ['Batch size must be even.'] });
    expect(session.canTrain).toBe(false);
    expect(session.trainBlocker).toMatch(/^A setting cannot be used: Batch size must be even\./);
    await session.train();
    expect(trainer.sent).toEqual([]);
    await open.workspace.choosePreset('paper');
    expect(session.trainBlocker).toBeNull();
  });
});
