import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { listConflicts } from '../../src/lib/data/store/conflicts';
import { deleteProjectData, listSamples, setLabel, setLabels } from '../../src/lib/data/store/samples';
import type { ProjectRecord } from '../../src/lib/data/store/schema';
import { labelsCsv, labelsJson } from '../../src/lib/data/transfer/labelsExport';
import { describeMergeReport, mergeLabels } from '../../src/lib/data/transfer/mergeLabels';
import { LabelsJsonError } from '../../src/lib/data/formats/labelsFile';
import { closeDatabase, freshDatabase, seedProject, tinySettings } from './projectFixture';

/**
 * Two people label the same images in two projects (alice's and bob's, made from the same images)
 * and merge each other's exports. Classes: a = 0, b = 1, c = 2; pool images are named pool-0000n.png.
 */
let db: LossloopDatabase;
let alice: ProjectRecord;
let bob: ProjectRecord;
beforeEach(async () => {
  db = await freshDatabase();
  alice = await seedProject(db, 40, 10, tinySettings, 'alice');
  bob = await seedProject(db, 40, 10, tinySettings, 'bob');
});
afterEach(() => closeDatabase(db));

/** The labeled pool images of a project, id -> class. */
async function poolLabels(projectId: string): Promise<Record<number, number>> {
  const labeled = (await listSamples(db, projectId)).filter((s) => s.split === 'pool' && s.label !== null);
  return Object.fromEntries(labeled.map((s) => [s.id, s.label!]));
}

async function label(projectId: string, labels: Record<number, number>): Promise<void> {
  for (const [id, classIndex] of Object.entries(labels)) await setLabel(db, projectId, Number(id), classIndex, 'human');
}

const conflicts = async (projectId: string) => (await listConflicts(db, projectId)).map(({ sampleId, theirs, source }) => ({ sampleId, theirs, source }));

describe('merging labels', () => {
  it('disjoint labels merged both ways give both projects the same labels, logged with their source', async () => {
    await label('alice', { 1: 0, 2: 1 });
    await label('bob', { 5: 2, 6: 0 });
    const aliceJson = await labelsJson(db, alice);
    const bobCsv = await labelsCsv(db, bob);

    const intoAlice = await mergeLabels(db, alice, 'bob.csv', bobCsv);
    const intoBob = await mergeLabels(db, bob, 'alice.json', aliceJson);
    expect(intoAlice).toMatchObject({ source: 'bob.csv', taken: 2, agreed: 0, conflicts: 0, settled: 0 });
    expect(intoBob).toMatchObject({ source: 'alice.json (project "alice")', taken: 2, agreed: 0, conflicts: 0, settled: 0 });
    const union = { 1: 0, 2: 1, 5: 2, 6: 0 };
    expect(await poolLabels('alice')).toEqual(union);
    expect(await poolLabels('bob')).toEqual(union);
    expect(await conflicts('alice')).toEqual([]);

    const merged = (await db.getAllFromIndex('labelEvents', 'byProject', 'bob')).filter((e) => e.by === 'import');
    expect(merged.map(({ sampleId, label, previous, by, source }) => ({ sampleId, label, previous, by, source }))).toEqual([
      { sampleId: 1, label: 0, previous: null, by: 'import', source: 'alice.json (project "alice")' },
      { sampleId: 2, label: 1, previous: null, by: 'import', source: 'alice.json (project "alice")' },
    ]);
    expect((await db.get('samples', ['bob', 1]))!.labeledBy).toBe('import');
    expect(describeMergeReport(intoAlice)).toBe('Took 2 labels from bob.csv.');
  });

  it('a disagreement is a conflict on both sides and changes neither label', async () => {
    await label('alice', { 1: 0, 2: 1, 3: 2 });
    await label('bob', { 2: 1, 3: 0, 4: 1 });
    const aliceJson = await labelsJson(db, alice);
    const bobCsv = await labelsCsv(db, bob);

    const intoAlice = await mergeLabels(db, alice, 'bob.csv', bobCsv);
    const intoBob = await mergeLabels(db, bob, 'alice.json', aliceJson);
    expect(intoAlice).toMatchObject({ taken: 1, agreed: 1, conflicts: 1 });
    expect(intoBob).toMatchObject({ taken: 1, agreed: 1, conflicts: 1 });
    expect(await poolLabels('alice')).toEqual({ 1: 0, 2: 1, 3: 2, 4: 1 });
    expect(await poolLabels('bob')).toEqual({ 1: 0, 2: 1, 3: 0, 4: 1 });
    expect(await conflicts('alice')).toEqual([{ sampleId: 3, theirs: 'a', source: 'bob.csv' }]);
    expect(await conflicts('bob')).toEqual([{ sampleId: 3, theirs: 'c', source: 'alice.json (project "alice")' }]);
    // The conflict is not a label: nothing about image 3 is logged in either project.
    const logged = await db.getAll('labelEvents');
    expect(logged.filter((e) => e.sampleId === 3 && e.by === 'import')).toEqual([]);
    expect(describeMergeReport(intoAlice)).toBe(
      'Took 1 label from bob.csv. 1 label agreed already. 1 conflict to resolve in Review labels > Conflicts; the labels here are unchanged.',
    );

    // Deleting a project takes its conflicts with it, and leaves the other project's alone.
    await deleteProjectData(db, 'alice');
    expect(await conflicts('alice')).toEqual([]);
    expect(await conflicts('bob')).toHaveLength(1);
  });

  it('after a conflict is resolved a second merge agrees; a stale conflict is settled and a new disagreement updates it', async () => {
    await label('alice', { 3: 2 });
    await label('bob', { 3: 0, 4: 1 });
    await mergeLabels(db, alice, 'bob.csv', await labelsCsv(db, bob));
    await mergeLabels(db, bob, 'alice.csv', await labelsCsv(db, alice));
    expect(await conflicts('alice')).toEqual([{ sampleId: 3, theirs: 'a', source: 'bob.csv' }]);

    // Alice takes bob's label by key in the review: the conflict goes with it.
    await setLabels(db, 'alice', [3], 0, 'human', { resolve: true });
    expect(await conflicts('alice')).toEqual([]);
    const again = await mergeLabels(db, alice, 'bob.csv', await labelsCsv(db, bob));
    expect(again).toMatchObject({ taken: 0, agreed: 2, conflicts: 0, settled: 0 });

    // Bob's conflict (alice said c) is stale now that alice's file says a, like bob.
    const settled = await mergeLabels(db, bob, 'alice-2.csv', await labelsCsv(db, alice));
    expect(settled).toMatchObject({ taken: 0, agreed: 2, conflicts: 0, settled: 1 });
    expect(await conflicts('bob')).toEqual([]);
    expect(describeMergeReport(settled)).toBe(
      'Took 0 labels from alice-2.csv. 2 labels agreed already. 1 earlier conflict settled: the file now agrees with the label here.',
    );

    // Bob changes his mind about image 4: alice's open conflict follows the newest file.
    await mergeLabels(db, alice, 'bob.csv', 'filename,label\npool-00004.png,c\n');
    expect(await conflicts('alice')).toEqual([{ sampleId: 4, theirs: 'c', source: 'bob.csv' }]);
    await mergeLabels(db, alice, 'bob-3.csv', 'filename,label\npool-00004.png,a\n');
    expect(await conflicts('alice')).toEqual([{ sampleId: 4, theirs: 'a', source: 'bob-3.csv' }]);
    expect(await poolLabels('alice')).toEqual({ 3: 0, 4: 1 });
  });

  it('leaves test images alone and reports files and classes it does not know, with their rows', async () => {
    const testImage = (await db.get('samples', ['alice', 3000]))!;
    const other = (testImage.label! + 1) % 3;
    const csv = ['filename,label', 'pool-00001.png,b', `test-03000.png,${'abc'[other]}`, 'cat.png,a', 'pool-00002.png,dog', 'pool-00001.png,c'].join('\n');
    const report = await mergeLabels(db, alice, 'bob.csv', csv);
    expect(report).toMatchObject({
      taken: 1, conflicts: 0, testImages: ['test-03000.png'],
      unknownFiles: [{ line: 4, filename: 'cat.png' }], unknownClasses: [{ line: 5, label: 'dog' }], duplicates: [{ line: 6, filename: 'pool-00001.png' }],
    });
    expect((await db.get('samples', ['alice', 3000]))!.label).toBe(testImage.label);
    expect(await conflicts('alice')).toEqual([]);
    expect(describeMergeReport(report)).toBe(
      'Took 1 label from bob.csv. 1 row names a file that is not in this project (line 4). 1 row names a class this project does not have (line 5). ' +
        '1 row repeats a file named earlier; the first one counts (line 6). 1 row names a test image, whose label is not changed.',
    );
  });

  it('reads the JSON export by entry, and refuses a JSON that is not one, changing nothing', async () => {
    const json = JSON.stringify({ project: 'bob', labels: [{ filename: 'pool-00001.png', label: 'b' }, { filename: 'nope.png', label: 'a' }] });
    const report = await mergeLabels(db, alice, 'bob.json', json);
    expect(describeMergeReport(report)).toBe('Took 1 label from bob.json (project "bob"). 1 row names a file that is not in this project (entry 2).');
    await expect(mergeLabels(db, alice, 'x.json', '{"classes": []}')).rejects.toThrow(LabelsJsonError);
    await expect(mergeLabels(db, alice, 'x.json', '{"labels": [{"filename": "pool-00002.png"}]}')).rejects.toThrow(/Entry 1/);
    expect(await poolLabels('alice')).toEqual({ 1: 1 });
  });
});
