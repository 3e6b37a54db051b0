import { describe, expect, it } from 'vitest';
import { addSamples } from '../../src/lib/data/store/samples';
import { readSampleImages } from '../../src/lib/state/sampleImages';
import { seededDatabaseEachTest } from './projectFixture';
import { tinyImages } from './tinyData';

describe('the images read to show on cards', () => {
  const db = seededDatabaseEachTest();

  it('carry the file name stored at import, and null for images that came without one', async () => {
    // The seeded images came without names (as from IDX files); three more come from files.
    const images = tinyImages(3, 5);
    await addSamples(db(), 'p', {
      split: 'pool', firstId: 1000, count: 3, pixels: images.pixels, pixelsPerImage: 36,
      sourceNames: ['cats/one.png', 'dogs/two.png', 'three.png'],
    });

    const project = (await db().get('projects', 'p'))!;
    const read = await readSampleImages(db(), project, [1001, 5, 1000, 1002]);
    expect(read.map((image) => [image.id, image.sourceName])).toEqual([[1001, 'dogs/two.png'], [5, null], [1000, 'cats/one.png'], [1002, 'three.png']]);
    expect(read[0].pixels).toEqual(images.pixels.subarray(36, 72));
  });
});
