import { describe, expect, it } from 'vitest';
import { fileNameCaption } from '../../src/lib/ui/fileNameText';

describe('the file name a card shows', () => {
  it('is the last part of the stored path, the folders being in the tooltip', () => {
    expect(fileNameCaption('cats/IMG_0012.jpg')).toBe('IMG_0012.jpg');
    expect(fileNameCaption('train/dogs/a b.png')).toBe('a b.png');
    expect(fileNameCaption('plain.png')).toBe('plain.png');
  });

  it('is nothing for an image that came without a name', () => {
    expect(fileNameCaption(null)).toBeNull();
    expect(fileNameCaption(undefined)).toBeNull();
    expect(fileNameCaption('')).toBeNull();
  });
});
