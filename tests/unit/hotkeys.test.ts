import { describe, expect, it } from 'vitest';
import { assignHotkeys, checkHotkey, keyForNewClass, ownKey, pressedHotkey } from '../../src/lib/data/store/hotkeys';
import type { ClassInfo } from '../../src/lib/data/store/schema';

const classes = (entries: [string, string][]): ClassInfo[] => entries.map(([name, hotkey]) => ({ name, hotkey, color: '#000' }));

describe('hotkeys', () => {
  it('gives digit-named classes their own digit, whatever their position', () => {
    expect(assignHotkeys(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(assignHotkeys(['9', '3'])).toEqual(['9', '3']);
  });

  it('gives other names the next free key, digits first, then letters', () => {
    const fashion = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    expect(assignHotkeys(fashion)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']);
    expect(assignHotkeys(['cat', '1', 'dog'])).toEqual(['2', '1', '3']);
    const twelve = Array.from({ length: 12 }, (_, i) => `c${i}`);
    expect(assignHotkeys(twelve).slice(9)).toEqual(['0', 'a', 'b']);
  });

  it('lets a letter name claim its letter in lower case, and a later free key skip it', () => {
    expect(assignHotkeys(['dog', 'A', 'B'])).toEqual(['1', 'a', 'b']);
    const many = Array.from({ length: 11 }, (_, i) => `class ${i}`).concat(['a']);
    // the eleventh class would get "a", but the class named "a" holds it: it gets "b"
    expect(assignHotkeys(many).slice(10)).toEqual(['b', 'a']);
  });

  it('gives a key to only the first of two names asking for it', () => {
    expect(assignHotkeys(['a', 'A'])).toEqual(['a', '1']);
  });

  it('reads a name as a key only when it is exactly one digit or letter', () => {
    expect(ownKey(' 7 ')).toBe('7');
    expect(ownKey('Q')).toBe('q');
    expect(ownKey('12')).toBe('');
    expect(ownKey('-')).toBe('');
  });

  it('keys a new class by its name if free, else by the first free key', () => {
    const existing = classes([['cat', '1'], ['dog', '2']]);
    expect(keyForNewClass('5', existing)).toBe('5');
    expect(keyForNewClass('1', existing)).toBe('3');
    expect(keyForNewClass('bird', existing)).toBe('3');
  });

  it('checks a typed key: one digit or letter, lower-cased, not held by another class', () => {
    const existing = classes([['cat', '1'], ['dog', '2']]);
    expect(checkHotkey('X', existing, 0)).toBe('x');
    expect(checkHotkey('', existing, 0)).toBe('');
    expect(checkHotkey('1', existing, 0)).toBe('1'); // its own key again
    expect(() => checkHotkey('2', existing, 0)).toThrow('Key 2 already labels "dog"');
    expect(() => checkHotkey('Enter', existing, 0)).toThrow('one digit or letter');
    expect(() => checkHotkey(' ', existing, 0)).not.toThrow(); // blank means no key
  });

  it('maps a key press to a stored hotkey', () => {
    expect(pressedHotkey('2')).toBe('2');
    expect(pressedHotkey('A')).toBe('a');
    expect(pressedHotkey('Enter')).toBe('');
    expect(pressedHotkey(' ')).toBe('');
  });
});
