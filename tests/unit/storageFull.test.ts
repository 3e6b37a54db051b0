import { describe, expect, it } from 'vitest';
import { describeImportFailure, ImportError } from '../../src/lib/data/transfer/importCommon';
import { HOW_TO_MAKE_ROOM, isStorageFull, NO_ROOM_LEFT } from '../../src/lib/data/store/storageFull';
import { storageFigure } from '../../src/lib/ui/storageText';
import { quotaExceeded } from './fullDisk';

/** Knowing the store is full, the storage figure shown then, and an import's words for it. */

describe('a full store', () => {
  const quota = quotaExceeded();

  it('is recognized thrown, as the cause of another error, or as the import\'s own words for it', () => {
    expect(isStorageFull(quota)).toBe(true);
    expect(isStorageFull(new Error('the write failed', { cause: quota }))).toBe(true);
    expect(isStorageFull(describeImportFailure(quota))).toBe(true);
    expect(isStorageFull(describeImportFailure(quota, 47_040_000))).toBe(true);
  });

  it('is not any other failure', () => {
    expect(isStorageFull(new Error('Could not load /demo/manifest.json (HTTP 404).'))).toBe(false);
    expect(isStorageFull(new ImportError('The pool image file holds no images.'))).toBe(false);
    expect(isStorageFull(new DOMException('gone', 'AbortError'))).toBe(false);
    expect(isStorageFull(undefined)).toBe(false);
  });
});

describe('an import that fills the store', () => {
  const words = (needed: string) =>
    `This browser has no room left for lossloop's data, so the import stopped and nothing of it was kept.${needed} ` +
    'Your other projects and their labels are as they were. To make room, delete projects of lossloop you no longer need ' +
    "(Project, then Delete…), clear other websites' data in the browser's settings (Privacy, Site data), or free disk space on this computer. " +
    'Then import again.';

  it('says the storage is full, what the project needs, and what to free, in the words of the storage-full panel', () => {
    const failure = describeImportFailure(quotaExceeded(), 47_040_000) as Error;
    expect(failure).toBeInstanceOf(ImportError);
    expect(failure.message).toBe(words(' The new project needs about 47 MB for its images.'));
    expect(failure.message).toContain(NO_ROOM_LEFT);
    expect(failure.message).toContain(HOW_TO_MAKE_ROOM);
  });

  it('leaves out what the project needs when the import stopped before it knew', () => {
    expect((describeImportFailure(quotaExceeded()) as Error).message).toBe(words(''));
  });

  it('is recognized when the full store is the cause of the failure, not the failure itself', () => {
    const failure = describeImportFailure(new Error('The image could not be stored.', { cause: quotaExceeded() }), 1_500) as Error;
    expect(failure.message).toBe(words(' The new project needs about 1.5 KB for its images.'));
  });

  it('passes any other failure on as it is', () => {
    const other = new ImportError('The pool image file holds no images.');
    expect(describeImportFailure(other, 1_000)).toBe(other);
  });
});

describe('the storage figure', () => {
  it('says what is used, of what is available, and what is free', () => {
    expect(storageFigure({ usageBytes: 9_800_000, quotaBytes: 10_000_000, persisted: false })).toBe('9.8 MB used of 10 MB available to this site (200 KB free)');
    expect(storageFigure({ usageBytes: 12_000, quotaBytes: null, persisted: false })).toBe('12 KB used');
    expect(storageFigure({ usageBytes: null, quotaBytes: null, persisted: false })).toBeNull();
    expect(storageFigure(null)).toBeNull();
  });
});
