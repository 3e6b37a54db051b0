import { describe, expect, it } from 'vitest';
import { describeImportFailure, ImportError } from '../../src/lib/data/transfer/importCommon';
import { isStorageFull } from '../../src/lib/state/storageFull';
import { storageFigure } from '../../src/lib/ui/storageText';

/** Knowing the store is full, and the storage figure shown then. */

describe('a full store', () => {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('is recognized thrown, as the cause of another error, or as the import\'s own words for it', () => {
    expect(isStorageFull(quota)).toBe(true);
    expect(isStorageFull(new Error('the write failed', { cause: quota }))).toBe(true);
    expect(isStorageFull(describeImportFailure(quota))).toBe(true);
  });

  it('is not any other failure', () => {
    expect(isStorageFull(new Error('Could not load /demo/manifest.json (HTTP 404).'))).toBe(false);
    expect(isStorageFull(new ImportError('The pool image file holds no images.'))).toBe(false);
    expect(isStorageFull(new DOMException('gone', 'AbortError'))).toBe(false);
    expect(isStorageFull(undefined)).toBe(false);
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
