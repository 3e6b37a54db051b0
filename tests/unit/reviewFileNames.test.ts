import { afterEach, describe, expect, it } from 'vitest';
import { addSamples, answerFromTruth } from '../../src/lib/data/store/samples';
import { REVIEW_PAGE_SIZE, Review } from '../../src/lib/state/review.svelte';
import { closeDatabase } from './projectFixture';
import { openWorkspace, type OpenWorkspace } from './workspaceFixture';
import { tinyImages } from './tinyData';

describe('the file-name search of the review', () => {
  let open: OpenWorkspace;
  afterEach(() => closeDatabase(open.db));

  /**
   * The seeded project's 40 pool images (no names) answered by the oracle, then 30 labeled pool
   * images imported from files, ids 1000 + i, named `cats/IMG_<i>.JPG` for even i and
   * `dogs/IMG_<i>.JPG` for odd i (two digits), of class i % 3. In id order the named images
   * come after the first page.
   */
  async function reviewed(): Promise<Review> {
    open = await openWorkspace();
    await answerFromTruth(open.db, 'p', Array.from({ length: 40 }, (_, i) => i));
    const images = tinyImages(30, 7);
    const names = Array.from({ length: 30 }, (_, i) => `${i % 2 === 0 ? 'cats' : 'dogs'}/IMG_${String(i).padStart(2, '0')}.JPG`);
    await addSamples(open.db, 'p', {
      split: 'pool', firstId: 1000, count: 30, pixels: images.pixels, pixelsPerImage: 36, labels: images.labels, sourceNames: names,
    });
    await open.workspace.reload();
    const review = new Review(open.workspace);
    await review.load();
    return review;
  }

  const idsOf = (list: { id: number }[]) => list.map((e) => e.id);

  it('searches every labeled image, not only the page shown, and shows the first page of what it finds', async () => {
    const review = await reviewed();
    expect(review.matches).toHaveLength(70);
    expect(idsOf(review.items)).toEqual(Array.from({ length: REVIEW_PAGE_SIZE }, (_, i) => i));
    expect(review.items.every((item) => item.sourceName === null)).toBe(true);

    await review.setFilter({ fileName: 'img_1' });
    expect(idsOf(review.matches)).toEqual([1010, 1011, 1012, 1013, 1014, 1015, 1016, 1017, 1018, 1019]);
    expect(idsOf(review.items)).toEqual(idsOf(review.matches));
    expect(review.items[0]).toMatchObject({ sourceName: 'cats/IMG_10.JPG', label: 1, labeledBy: 'import' });
    expect(review.items[0].pixels).toEqual(tinyImages(30, 7).pixels.subarray(10 * 36, 11 * 36));
  });

  it('ignores case and the spaces around the text, and narrows with the other filters', async () => {
    const review = await reviewed();
    await review.setFilter({ fileName: ' DOGS/ ' });
    expect(idsOf(review.matches)).toEqual([1001, 1003, 1005, 1007, 1009, 1011, 1013, 1015, 1017, 1019, 1021, 1023, 1025, 1027, 1029]);
    await review.setFilter({ classIndex: 0 });
    expect(idsOf(review.items)).toEqual([1003, 1009, 1015, 1021, 1027]);
    await review.setFilter({ classIndex: null, fileName: '7' });
    expect(idsOf(review.items)).toEqual([1007, 1017, 1027]);
  });

  it('finds nothing for a name no image has, nor in a set without names, and everything once emptied', async () => {
    const review = await reviewed();
    await review.setFilter({ fileName: 'zebra' });
    expect(review.matches).toEqual([]);
    expect(review.items).toEqual([]);
    await review.setFilter({ fileName: 'cats', split: 'test' });
    expect(review.matches).toEqual([]);
    await review.setFilter({ fileName: '', split: 'pool' });
    expect(review.matches).toHaveLength(70);
  });
});
