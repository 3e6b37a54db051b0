import { describe, expect, it } from 'vitest';
import { ModelTrials, TryFailed } from '../../src/lib/state/modelTrials';
import { keptTry, ModelTry, type DecodeToInput } from '../../src/lib/state/tryModel.svelte';
import type { FromTrainer, TryResult } from '../../src/lib/worker/protocol';

/** A decoder that reads "pixels" from a blob's text: "bad" is not an image. */
const decode: DecodeToInput = async (data, name) => {
  const text = await data.text();
  if (text === 'bad') throw new Error(`${name}: this file is not an image the browser can read, or it is damaged.`);
  return { pixels: new Uint8Array(4).fill(Number(text)) };
};

function answer(cycle: number, top: number): TryResult {
  return { cycle, classNames: ['a', 'b'], probabilities: [1 - top, top], predictedLoss: 0.3, standing: null, unlike: null };
}

/** The trainer, answering when the test says so. */
function fakeTrainer() {
  const sent: { requestId: number; pixels: Uint8Array }[] = [];
  const trials = new ModelTrials((_projectId, requestId, pixels) => sent.push({ requestId, pixels }));
  const reply = (message: Extract<FromTrainer, { type: 'tried' | 'try-failed' }>) => trials.settle(message);
  return { trials, sent, reply };
}

/** Lets the pending decode and send happen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the try-the-model panel state', () => {
  it('shows the answer with the image as the model saw it; a file that is not an image changes nothing else', async () => {
    const { trials, sent, reply } = fakeTrainer();
    const attempt = new ModelTry(trials, 'p', [2, 2, 1], decode);
    const first = attempt.tryFile(new Blob(['7']), 'seven.png');
    await settle();
    expect(attempt.running).toBe(true);
    expect(sent.map((s) => Array.from(s.pixels))).toEqual([[7, 7, 7, 7]]);
    reply({ type: 'tried', requestId: 1, result: answer(1, 0.8) });
    await first;
    expect(attempt.running).toBe(false);
    expect(attempt.image).toMatchObject({ name: 'seven.png', pixels: new Uint8Array([7, 7, 7, 7]) });
    expect(attempt.result).toEqual(answer(1, 0.8));

    await attempt.tryFile(new Blob(['bad']), 'notes.txt');
    expect(attempt.problem).toBe('notes.txt: this file is not an image the browser can read, or it is damaged.');
    expect(sent).toHaveLength(1);
    expect(attempt.image?.name).toBe('seven.png');
    expect(attempt.result).toEqual(answer(1, 0.8));
    attempt.dispose();
  });

  it('keeps only the newest answer when tries overlap', async () => {
    const { trials, reply } = fakeTrainer();
    const attempt = new ModelTry(trials, 'p', [2, 2, 1], decode);
    const older = attempt.tryFile(new Blob(['1']), 'one.png');
    const newer = attempt.tryFile(new Blob(['2']), 'two.png');
    await settle();
    reply({ type: 'tried', requestId: 2, result: answer(1, 0.9) });
    await newer;
    reply({ type: 'tried', requestId: 1, result: answer(1, 0.1) });
    await older;
    expect(attempt.image?.name).toBe('two.png');
    expect(attempt.result).toEqual(answer(1, 0.9));
    expect(attempt.running).toBe(false);
    attempt.dispose();
  });

  it('says when no model exists yet, and asks again once a newer cycle has finished', async () => {
    const { trials, sent, reply } = fakeTrainer();
    const attempt = new ModelTry(trials, 'p', [2, 2, 1], decode);
    const refused = attempt.tryFile(new Blob(['3']), 'three.png');
    await settle();
    reply({ type: 'try-failed', requestId: 1, message: 'There is no trained model yet: a cycle must finish first.', noModel: true });
    await refused;
    expect(attempt.noModel).toBe(true);
    expect(attempt.image).toBeNull();

    const tried = attempt.tryFile(new Blob(['3']), 'three.png');
    await settle();
    reply({ type: 'tried', requestId: 2, result: answer(1, 0.4) });
    await tried;
    expect(attempt.noModel).toBe(false);
    expect(attempt.isStale(1)).toBe(false);
    expect(attempt.isStale(2)).toBe(true);
    expect(attempt.isStale(null)).toBe(false);

    const again = attempt.tryAgain();
    await settle();
    expect(Array.from(sent[2].pixels)).toEqual([3, 3, 3, 3]);
    reply({ type: 'tried', requestId: 3, result: answer(2, 0.7) });
    await again;
    expect(attempt.result?.cycle).toBe(2);
    expect(attempt.isStale(2)).toBe(false);
    // A restored backup with an older model counts as a change too.
    expect(attempt.isStale(1)).toBe(true);
    attempt.dispose();
  });

  it('says it waits for the trainer to start, sends the try at once, and answers once it has started', async () => {
    const { trials, sent, reply } = fakeTrainer();
    const attempt = new ModelTry(trials, 'p', [2, 2, 1], decode);
    const first = attempt.tryFile(new Blob(['5']), 'five.png');
    await settle();
    expect(attempt.running).toBe(true);
    expect(attempt.waitingForTrainer).toBe(true);
    // Sent already: the worker holds it until it has started, so nothing here has to resend it.
    expect(sent).toHaveLength(1);

    trials.trainerStarted();
    await settle();
    expect(attempt.waitingForTrainer).toBe(false);
    expect(attempt.running).toBe(true);
    reply({ type: 'tried', requestId: 1, result: answer(1, 0.7) });
    await first;
    expect(attempt.result).toEqual(answer(1, 0.7));
    expect(attempt.problem).toBeNull();

    // Started: the next try is simply asked.
    const second = attempt.tryFile(new Blob(['6']), 'six.png');
    await settle();
    expect(attempt.running).toBe(true);
    expect(attempt.waitingForTrainer).toBe(false);
    reply({ type: 'tried', requestId: 2, result: answer(1, 0.2) });
    await second;
    expect(attempt.running).toBe(false);
    attempt.dispose();
  });

  it('stops waiting for the start at the first answer, also from a trainer never said to be ready', async () => {
    const { trials, reply } = fakeTrainer();
    const attempt = new ModelTry(trials, 'p', [2, 2, 1], decode);
    const first = attempt.tryFile(new Blob(['5']), 'five.png');
    await settle();
    expect(attempt.waitingForTrainer).toBe(true);
    reply({ type: 'tried', requestId: 1, result: answer(1, 0.7) });
    await first;
    expect(attempt.waitingForTrainer).toBe(false);
    expect(trials.hasStarted).toBe(true);
    attempt.dispose();
  });

  it('fails a try in plain words when the trainer refuses it', async () => {
    const { trials, reply } = fakeTrainer();
    const pending = trials.run('p', new Uint8Array(4));
    reply({ type: 'try-failed', requestId: 1, message: 'The GPU is no longer available.', noModel: false });
    await expect(pending).rejects.toEqual(new TryFailed('The GPU is no longer available.', false));
  });

  it('keeps one try per open project, so the answer outlives a tab switch', () => {
    const { trials } = fakeTrainer();
    const first = keptTry(trials, 'p', [2, 2, 1]);
    expect(keptTry(trials, 'p', [2, 2, 1])).toBe(first);
    const other = keptTry(trials, 'q', [2, 2, 1]);
    expect(other).not.toBe(first);
    expect(other.projectId).toBe('q');
    expect(keptTry(fakeTrainer().trials, 'q', [2, 2, 1])).not.toBe(other);
  });

  it('asks again once per new model, not again and again when that fails', async () => {
    const { trials, sent, reply } = fakeTrainer();
    const attempt = new ModelTry(trials, 'p', [2, 2, 1], decode);
    const tried = attempt.tryFile(new Blob(['5']), 'five.png');
    await settle();
    reply({ type: 'tried', requestId: 1, result: answer(2, 0.4) });
    await tried;
    attempt.refreshFor(2);
    expect(sent).toHaveLength(1);
    // A backup without weights was restored: cycle 1 is the last, and the trainer has no model.
    attempt.refreshFor(1);
    expect(sent).toHaveLength(2);
    reply({ type: 'try-failed', requestId: 2, message: 'There is no trained model yet: a cycle must finish first.', noModel: true });
    await settle();
    attempt.refreshFor(1);
    attempt.refreshFor(1);
    expect(sent).toHaveLength(2);
    expect(attempt.noModel).toBe(true);
    attempt.dispose();
  });
});
