import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { encodeIdx } from '../../src/lib/data/formats/idx';
import { importIdxProject, ImportError } from '../../src/lib/data/transfer/importIdxProject';
import { listSamples, readPixels, setLabel } from '../../src/lib/data/store/samples';
import { refuseWrites } from './fullDisk';
import { closeDatabase, freshDatabase, seedProject } from './projectFixture';
import { listenForUnheardRejections } from './unheardRejections';

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
});
afterEach(() => closeDatabase(db));

/** `count` 4x3 images whose pixels are (image index * 7 + pixel index) mod 256, labels i mod 3. */
function idxFiles(count: number) {
  const pixels = Uint8Array.from({ length: count * 12 }, (_, i) => (Math.floor(i / 12) * 7 + (i % 12)) % 256);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
  return {
    images: new Blob([gzipSync(encodeIdx([count, 4, 3], pixels))]),
    labels: new Blob([encodeIdx([count], labels) as BlobPart]),
    pixels, labelValues: labels,
  };
}

describe('importing IDX files as a new project', () => {
  it('streams pool and test images into the store, with hidden truth or given labels', async () => {
    const pool = idxFiles(2300);
    const test = idxFiles(50);
    const stages = new Set<string>();
    const project = await importIdxProject(db, {
      name: 'digits', poolImages: pool.images, poolLabels: pool.labels, poolLabelMode: 'hidden',
      testImages: test.images, testLabels: test.labels, classNames: ['zero', 'one', 'two'],
    }, (p) => stages.add(p.stage));
    expect(project).toMatchObject({ name: 'digits', imageShape: [4, 3, 1], poolCount: 2300, testCount: 50, complete: true });
    expect(project.classes.map((c) => [c.name, c.hotkey])).toEqual([['zero', '1'], ['one', '2'], ['two', '3']]);
    expect([...stages]).toEqual(['reading labels', 'storing pool', 'storing test set']);

    const samples = await listSamples(db, project.id);
    expect(samples).toHaveLength(2350);
    expect(samples[1234]).toMatchObject({ id: 1234, split: 'pool', label: null, trueLabel: 1234 % 3 });
    expect(samples[2300]).toMatchObject({ id: 3000, split: 'test', label: 0 });
    const read = await readPixels(db, project.id, [2299, 0, 3049], 12);
    expect(Array.from(read)).toEqual([...pool.pixels.subarray(2299 * 12, 2300 * 12), ...pool.pixels.subarray(0, 12), ...test.pixels.subarray(49 * 12, 50 * 12)]);
    // normalization from the pool's own pixels
    const mean = pool.pixels.reduce((a, b) => a + b, 0) / pool.pixels.length / 255;
    expect(project.normalization.mean).toBeCloseTo(mean, 10);
  });

  it('can take the pool labels as given labels', async () => {
    const pool = idxFiles(10);
    const project = await importIdxProject(db, { name: 'x', poolImages: pool.images, poolLabels: pool.labels, poolLabelMode: 'given' });
    const samples = await listSamples(db, project.id);
    expect(samples[4]).toMatchObject({ label: 1, labeledBy: 'import' });
    expect(project.classes.map((c) => c.name)).toEqual(['class 0', 'class 1', 'class 2']);
  });

  it('refuses image and label files whose counts differ, and keeps nothing of the attempt', async () => {
    await seedProject(db);
    const pool = idxFiles(10);
    const other = idxFiles(9);
    await expect(importIdxProject(db, { name: 'x', poolImages: pool.images, poolLabels: other.labels, poolLabelMode: 'hidden' }))
      .rejects.toThrow(/10 images but the label file 9 labels/);
    expect((await db.getAllKeys('projects'))).toEqual(['p']);
    expect(await listSamples(db, 'p')).toHaveLength(50);
  });

  it('refuses a label file in place of the images, and a test set without labels', async () => {
    const pool = idxFiles(10);
    await expect(importIdxProject(db, { name: 'x', poolImages: pool.labels, poolLabels: pool.labels, poolLabelMode: 'hidden' }))
      .rejects.toThrow(/swapped/);
    await expect(importIdxProject(db, { name: 'x', poolImages: pool.labels, poolLabelMode: 'hidden', classNames: ['a', 'b'] }))
      .rejects.toThrow(/labels, not images/);
    await expect(importIdxProject(db, { name: 'x', poolImages: pool.images, poolLabelMode: 'hidden', testImages: pool.images }))
      .rejects.toThrow(ImportError);
    expect(await db.count('samples')).toBe(0);
  });

  it('stops cleanly when the storage quota runs out, saying so, leaving what was there before intact', async () => {
    await seedProject(db);
    await setLabel(db, 'p', 7, 2, 'human');
    const before = await listSamples(db, 'p');
    const eventsBefore = await db.getAll('labelEvents');
    const chunksBefore = await db.count('pixelChunks');
    // The second pixel chunk of the import (images 1000 to 1999) is refused by a full disk.
    const restore = refuseWrites((store, value) => store === 'pixelChunks' && (value as { chunk: number }).chunk >= 1);
    const stopListening = listenForUnheardRejections();
    const pool = idxFiles(2500);
    try {
      await expect(importIdxProject(db, { name: 'big', poolImages: pool.images, poolLabelMode: 'hidden', classNames: ['a', 'b'] }))
        .rejects.toThrow(/^This browser has no room left for lossloop's data, so the import stopped and nothing of it was kept\. The new project needs about 30 KB for its images\./);
    } finally {
      restore();
    }
    expect(await stopListening()).toEqual([]);
    expect(await db.getAllKeys('projects')).toEqual(['p']);
    expect(await listSamples(db, 'p')).toEqual(before);
    expect(await db.count('samples')).toBe(before.length);
    expect(await db.getAll('labelEvents')).toEqual(eventsBefore);
    expect(await db.count('pixelChunks')).toBe(chunksBefore);
  });
});

describe('new classes', () => {
  it('get hotkeys 1-9 and 0, then letters, and a colour each', async () => {
    const { makeClasses } = await import('../../src/lib/data/store/classStyle');
    const classes = makeClasses(Array.from({ length: 11 }, (_, i) => `c${i}`));
    expect(classes.map((c) => c.hotkey)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'a']);
    expect(new Set(classes.slice(0, 10).map((c) => c.color)).size).toBe(10);
    expect(classes[10].color).toBe(classes[0].color);
  });
});
