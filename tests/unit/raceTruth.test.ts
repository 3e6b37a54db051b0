import { describe, expect, it } from 'vitest';
import { RaceTruthView } from '../../src/lib/state/raceTruth.svelte';
import { listAnswerable } from '../../src/lib/data/store/sampleQueries';
import { getProject } from '../../src/lib/data/store/projects';
import type { RaceRecord } from '../../src/lib/data/store/schema';
import { seededDatabaseEachTest } from './projectFixture';

const db = seededDatabaseEachTest();

const raceOf = (labeledIds: number[][]): RaceRecord => ({
  projectId: 'p', settings: {} as RaceRecord['settings'], rounds: 2, testIds: [], testLabels: [], state: 'running', backend: 'cpu', startedAt: 0,
  lanes: labeledIds.map((ids) => ({ strategy: 'random', labeledIds: ids, points: [] })),
});

describe('the true classes of a race’s picks', () => {
  it('reads the hidden true labels of the lanes’ ids, and again after the classes change', async () => {
    const project = (await getProject(db(), 'p'))!;
    const truth = new Map((await listAnswerable(db(), 'p')).map((s) => [s.id, s.trueLabel!]));
    const view = new RaceTruthView(db);
    expect(view.truthFor(project)).toBeNull();

    await view.load(project, raceOf([[0, 1, 2], [0, 1, 5]]));
    const first = view.truthFor(project)!;
    expect(first.classNames).toEqual(['a', 'b', 'c']);
    expect([0, 1, 2, 5].map(first.classOf)).toEqual([0, 1, 2, 5].map((id) => truth.get(id)));
    // an id no lane has is not read
    expect(first.classOf(7)).toBeUndefined();

    // a later point reads the new ids only, and keeps the old ones
    await view.load(project, raceOf([[0, 1, 2, 7], [0, 1, 5]]));
    expect([0, 7].map(view.truthFor(project)!.classOf)).toEqual([truth.get(0), truth.get(7)]);

    // renamed or merged classes: what was read is dropped and read again under them
    const renamed = { ...project, classes: project.classes.map((c) => ({ ...c, name: c.name.toUpperCase() })) };
    await view.load(renamed, null);
    expect(view.truthFor(renamed)).toBeNull();
  });
});
