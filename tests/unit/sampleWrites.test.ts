import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LossloopDatabase } from '../../src/lib/data/store/db';
import { addSamples } from '../../src/lib/data/store/samples';
import { PIXEL_CHUNK_SIZE } from '../../src/lib/data/store/schema';
import { refuseWrites } from './fullDisk';
import { closeDatabase, freshDatabase } from './projectFixture';
import { listenForUnheardRejections } from './unheardRejections';

/**
 * Writing images to the store: every write's failure reaches the caller with its own error (a
 * full disk must say so, not "AbortError"), none is left unheard, and a chunk is kept whole or not at all.
 */

let db: LossloopDatabase;
beforeEach(async () => {
  db = await freshDatabase();
});
afterEach(() => closeDatabase(db));

/** Two chunks of one-pixel images: a whole one, and a second of five. */
const COUNT = PIXEL_CHUNK_SIZE + 5;
const batch = { split: 'pool' as const, firstId: 0, count: COUNT, pixels: new Uint8Array(COUNT), pixelsPerImage: 1 };

describe('writing images to the store', () => {
  it('fails with the QuotaExceededError of the write the full disk refused, leaving no rejection unheard', async () => {
    const refusedId = PIXEL_CHUNK_SIZE + 2;
    const restore = refuseWrites((store, value) => store === 'samples' && (value as { id: number }).id === refusedId);
    const stopListening = listenForUnheardRejections();
    try {
      await expect(addSamples(db, 'p', batch)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    } finally {
      restore();
    }
    expect(await stopListening()).toEqual([]);
    // The first chunk is kept whole; nothing of the second.
    expect(await db.count('samples')).toBe(PIXEL_CHUNK_SIZE);
    expect(await db.count('pixelChunks')).toBe(1);
  });

  it('keeps nothing of a chunk in which a value cannot be stored, and says why', async () => {
    const thumbnails = Array.from({ length: COUNT }, (): Blob | null => null);
    // A function cannot be cloned into the store: its put throws at once instead of failing later.
    thumbnails[PIXEL_CHUNK_SIZE + 2] = { draw: () => {} } as unknown as Blob;
    const stopListening = listenForUnheardRejections();
    await expect(addSamples(db, 'p', { ...batch, thumbnails })).rejects.toMatchObject({ name: 'DataCloneError' });
    expect(await stopListening()).toEqual([]);
    expect(await db.count('samples')).toBe(PIXEL_CHUNK_SIZE);
    expect(await db.count('pixelChunks')).toBe(1);
    expect(await db.count('thumbnails')).toBe(0);
  });
});
