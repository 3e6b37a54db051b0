import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/lib/core/byteCounts';

describe('byte counts for people', () => {
  it('uses decimal units with one decimal below ten', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(38_400_000)).toBe('38 MB');
    expect(formatBytes(12_300_000_000)).toBe('12 GB');
  });
});
