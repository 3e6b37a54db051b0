import { describe, expect, it } from 'vitest';
import { plural } from '../../src/lib/core/plural';

describe('plural', () => {
  it('puts the noun in the number the count asks for', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(2, 'epoch')).toBe('2 epochs');
    expect(plural(1, 'class', 'classes')).toBe('1 class');
    expect(plural(3, 'class', 'classes')).toBe('3 classes');
  });

  it('groups thousands', () => {
    expect(plural(12000, 'image')).toBe('12,000 images');
  });
});
