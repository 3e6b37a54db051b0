import { describe, expect, it } from 'vitest';
import { lanesToRun, runSideBySide } from '../../scripts/experiment/lanes.mjs';

describe('lanes of an experiment side by side', () => {
  it('lists the missing (seed, strategy) lanes trial by trial', () => {
    const done = new Set(['1:learning-loss', '2:random']);
    const missing = (seed: number, strategies: string[]) => strategies.filter((s) => !done.has(`${seed}:${s}`));
    expect(lanesToRun(2, ['learning-loss', 'random'], missing)).toEqual([
      { seed: 1, strategy: 'random' },
      { seed: 2, strategy: 'learning-loss' },
    ]);
  });

  it('runs at most N at a time, each worker set up once and taking the next item when it is free', async () => {
    const events: string[] = [];
    let running = 0;
    let most = 0;
    const setUps: number[] = [];
    // Item durations in ticks: worker 0 takes a (3), worker 1 takes b (1), then c and d go to whoever is free.
    const ticks: Record<string, number> = { a: 3, b: 1, c: 1, d: 1 };
    await runSideBySide(['a', 'b', 'c', 'd'], 2, async (index) => {
      setUps.push(index);
      return `w${index}`;
    }, async (item, worker) => {
      running++;
      most = Math.max(most, running);
      events.push(`${worker}:${item}`);
      for (let i = 0; i < ticks[item]; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    });
    expect(setUps.sort()).toEqual([0, 1]);
    expect(most).toBe(2);
    // Worker 1 finished b long before worker 0 finished a, so it took c and then d.
    expect(events).toEqual(['w0:a', 'w1:b', 'w1:c', 'w1:d']);
  });

  it('sets up no more workers than there are items, and none for no items', async () => {
    const setUps: number[] = [];
    await runSideBySide(['only'], 3, async (index) => { setUps.push(index); }, async () => {});
    expect(setUps).toEqual([0]);
    await runSideBySide([], 2, async (index) => { setUps.push(index); }, async () => {});
    expect(setUps).toEqual([0]);
  });

  it('stops taking items after a failure and rejects with it', async () => {
    const ran: string[] = [];
    await expect(runSideBySide(['a', 'b', 'c'], 1, async () => null, async (item) => {
      ran.push(item);
      if (item === 'a') throw new Error('a failed');
    })).rejects.toThrow('a failed');
    expect(ran).toEqual(['a']);
  });
});
