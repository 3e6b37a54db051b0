import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { listSamples, setLabel } from '../../src/lib/data/store/samples';
import { getRace } from '../../src/lib/data/store/races';
import { listCycles } from '../../src/lib/data/store/cycles';
import type { RaceRecord } from '../../src/lib/data/store/schema';
import { createRace, runRace } from '../../src/lib/loop/race';
import { RunControl } from '../../src/lib/worker/runControl';
import { TrainingCancelled } from '../../src/lib/ml/trainingErrors';
import { seededDatabaseEachTest, tinySettings } from './projectFixture';
import { useCpuBackend } from './tfCpu';

beforeAll(useCpuBackend);

const db = seededDatabaseEachTest();

const context = (beforeStep: () => Promise<void> = async () => {}, seen: RaceRecord[] = []) => ({
  db: db(), projectId: 'p', backend: 'cpu', onProgress: () => {}, onRace: (race: RaceRecord) => void seen.push(race), beforeStep,
});

describe('a strategy race', () => {
  it('runs every strategy from the same initial set, round by round, K more labels each round', async () => {
    const before = tf.memory().numTensors;
    await createRace(db(), 'p', { strategies: ['learning-loss', 'random', 'entropy'], rounds: 3 }, 'cpu');
    const seen: RaceRecord[] = [];
    const race = await runRace(context(undefined, seen));

    expect(race.state).toBe('finished');
    // side by side: after each point, the lanes differ by at most one point
    for (const snapshot of seen) {
      const counts = snapshot.lanes.map((l) => l.points.length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    // The race shows as it starts, before its first point, then after every point.
    expect(seen.map((r) => r.lanes.map((l) => l.points.length))).toEqual([
      [0, 0, 0], [1, 0, 0], [1, 1, 0], [1, 1, 1], [2, 1, 1], [2, 2, 1], [2, 2, 2], [3, 2, 2], [3, 3, 2], [3, 3, 3], [3, 3, 3],
    ]);
    const { initialSize, queryK } = tinySettings;
    const initial = race.lanes[0].labeledIds.slice(0, initialSize);
    for (const lane of race.lanes) {
      expect(lane.points.map((p) => p.labeled)).toEqual([initialSize, initialSize + queryK, initialSize + 2 * queryK]);
      expect(lane.labeledIds.slice(0, initialSize)).toEqual(initial);
      expect(new Set(lane.labeledIds).size).toBe(lane.labeledIds.length);
      expect(lane.labeledIds.every((id) => id >= 0 && id < 40)).toBe(true);
    }
    // same initial set, same seed, same recipe: the first point is the same for every strategy
    const firsts = race.lanes.map((l) => l.points[0]);
    for (const first of firsts) {
      expect(first.testAccuracy).toBe(firsts[0].testAccuracy);
      expect(first.rankingLoss).toBe(firsts[0].rankingLoss);
    }
    // the strategies then choose differently
    expect(race.lanes[0].labeledIds).not.toEqual(race.lanes[1].labeledIds);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('races a strategy with and without unlabeled images when asked, each lane recording what it knew of its queries', async () => {
    await createRace(db(), 'p', { strategies: ['random'], rounds: 2, withAndWithoutUnlabeled: true }, 'cpu');
    const race = await runRace(context());
    expect(race.lanes.map((l) => [l.strategy, l.unlabeledTraining])).toEqual([['random', 'off'], ['random', 'consistency']]);
    const [plain, pooled] = race.lanes;
    // the same first images, trained differently
    expect(pooled.labeledIds.slice(0, tinySettings.initialSize)).toEqual(plain.labeledIds.slice(0, tinySettings.initialSize));
    expect(pooled.points[0].testAccuracy === plain.points[0].testAccuracy && pooled.points[0].rankingLoss === plain.points[0].rankingLoss).toBe(false);
    // the first round queried (its share already known is recorded), the last did not
    for (const lane of race.lanes) {
      expect(lane.points[0].queryAlreadyRight).toBeGreaterThanOrEqual(0);
      expect(lane.points[0].queryAlreadyRight).toBeLessThanOrEqual(1);
      expect(lane.points[1].queryAlreadyRight).toBeUndefined();
    }
  });

  it('fills its progress bar by what each round costs, not evenly', async () => {
    await createRace(db(), 'p', { strategies: ['random'], rounds: 2 }, 'cpu');
    const reports: { fraction: number; round: number }[] = [];
    await runRace({ ...context(), onProgress: (p) => void reports.push({ fraction: p.fraction, round: p.race!.round }) });
    // Round 1: 10 labels at batch 4 (2 of 4 and one of 2 an epoch), 3 epochs = 30 images; 8 test
    // images and 12 scored at an eighth each = 1 + 1.5: 32.5. Round 2, the last: 14 labels,
    // 42 images, 8 tested = 1, nothing scored: 43. The first round ends at 32.5 / 75.5, not half.
    const endOfFirst = Math.max(...reports.filter((r) => r.round === 1).map((r) => r.fraction));
    expect(endOfFirst).toBeCloseTo(32.5 / 75.5, 12);
    expect(Math.max(...reports.map((r) => r.fraction))).toBeCloseTo(1, 12);
    for (let i = 1; i < reports.length; i++) expect(reports[i].fraction).toBeGreaterThanOrEqual(reports[i - 1].fraction - 1e-12);
  });

  it('never reads or changes the project\'s own labels and cycles', async () => {
    await setLabel(db(), 'p', 0, 2, 'human');
    const labelsBefore = (await listSamples(db(), 'p')).map((s) => s.label);
    await createRace(db(), 'p', { strategies: ['random'], rounds: 2 }, 'cpu');
    await runRace(context());
    expect((await listSamples(db(), 'p')).map((s) => s.label)).toEqual(labelsBefore);
    expect(await listCycles(db(), 'p')).toEqual([]);
  });

  it('stops when cancelled, keeps its points, and goes on later to the same result', async () => {
    await createRace(db(), 'p', { strategies: ['learning-loss', 'entropy'], rounds: 2 }, 'cpu');
    const uninterrupted = await runRace(context());
    await createRace(db(), 'p', { strategies: ['learning-loss', 'entropy'], rounds: 2 }, 'cpu');

    const control = new RunControl(() => {});
    let steps = 0;
    const stopAfterTwoPoints = async () => {
      const race = await getRace(db(), 'p');
      if (race!.lanes.flatMap((l) => l.points).length === 2 && steps++ === 0) control.cancel(false);
      await control.checkpoint();
    };
    await expect(runRace(context(stopAfterTwoPoints))).rejects.toThrow(TrainingCancelled);
    const stopped = (await getRace(db(), 'p'))!;
    expect(stopped.state).toBe('stopped');
    expect(stopped.lanes.map((l) => l.points.length)).toEqual([1, 1]);

    const finished = await runRace(context());
    expect(finished.state).toBe('finished');
    // Equal but for the times, which are wall-clock.
    const { trainSeconds, scoreSeconds, cycleSeconds } = { trainSeconds: 0, scoreSeconds: 0, cycleSeconds: 0 };
    const untimed = (lanes: typeof finished.lanes) => lanes.map((lane) => ({ ...lane, points: lane.points.map((p) => ({ ...p, trainSeconds, scoreSeconds, cycleSeconds })) }));
    expect(untimed(finished.lanes)).toEqual(untimed(uninterrupted.lanes));
  });

  it('says in plain words when the project cannot race', async () => {
    await expect(createRace(db(), 'p', { strategies: ['random'], rounds: 9 }, 'cpu')).rejects.toThrow(/needs 42 pool images with hidden true labels; this project has 40/);
    await expect(createRace(db(), 'p', { strategies: [], rounds: 2 }, 'cpu')).rejects.toThrow(/at least one strategy/);
  });
});
