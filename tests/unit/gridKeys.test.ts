import { describe, expect, it } from 'vitest';
import { gridKeyAction, gridTakesKey } from '../../src/lib/ui/gridKeys';
import type { ClassInfo } from '../../src/lib/data/store/schema';

const classes: ClassInfo[] = [{ name: 'shirt', hotkey: '1' }, { name: 'shoe', hotkey: 's' }, { name: 'bag', hotkey: '' }];

/** A key press with no modifier unless one is given. */
function press(key: string, modifiers: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; shiftKey?: boolean } = {}) {
  return { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers };
}

describe('the labeling grid keys', () => {
  it('labels with each class hotkey', () => {
    expect(gridKeyAction(press('1'), classes, 4)).toEqual({ kind: 'label', classIndex: 0 });
    expect(gridKeyAction(press('s'), classes, 4)).toEqual({ kind: 'label', classIndex: 1 });
  });

  it('never matches a class without a hotkey, nor a key no class has', () => {
    expect(gridKeyAction(press(''), classes, 4)).toBeNull();
    expect(gridKeyAction(press('2'), classes, 4)).toBeNull();
    expect(gridKeyAction(press('x'), classes, 4)).toBeNull();
  });

  it('moves by one card sideways and by a row (the columns) up and down', () => {
    expect(gridKeyAction(press('ArrowRight'), classes, 4)).toEqual({ kind: 'move', by: 1, extend: false });
    expect(gridKeyAction(press('ArrowLeft'), classes, 4)).toEqual({ kind: 'move', by: -1, extend: false });
    expect(gridKeyAction(press('ArrowDown'), classes, 4)).toEqual({ kind: 'move', by: 4, extend: false });
    expect(gridKeyAction(press('ArrowUp'), classes, 5)).toEqual({ kind: 'move', by: -5, extend: false });
  });

  it('extends the selection when Shift is held with an arrow', () => {
    expect(gridKeyAction(press('ArrowRight', { shiftKey: true }), classes, 4)).toEqual({ kind: 'move', by: 1, extend: true });
    expect(gridKeyAction(press('ArrowUp', { shiftKey: true }), classes, 3)).toEqual({ kind: 'move', by: -3, extend: true });
  });

  it('maps Space, Backspace, Enter and Escape', () => {
    expect(gridKeyAction(press(' '), classes, 4)).toEqual({ kind: 'skip' });
    expect(gridKeyAction(press('Backspace'), classes, 4)).toEqual({ kind: 'undo' });
    expect(gridKeyAction(press('Enter'), classes, 4)).toEqual({ kind: 'commit' });
    expect(gridKeyAction(press('Escape'), classes, 4)).toEqual({ kind: 'clear-selection' });
  });

  it('undoes with Ctrl+Z or Cmd+Z (with or without Shift) and selects all with Ctrl+A or Cmd+A', () => {
    expect(gridKeyAction(press('z', { ctrlKey: true }), classes, 4)).toEqual({ kind: 'undo' });
    expect(gridKeyAction(press('z', { metaKey: true }), classes, 4)).toEqual({ kind: 'undo' });
    expect(gridKeyAction(press('Z', { ctrlKey: true, shiftKey: true }), classes, 4)).toEqual({ kind: 'undo' });
    expect(gridKeyAction(press('a', { ctrlKey: true }), classes, 4)).toEqual({ kind: 'select-all' });
    expect(gridKeyAction(press('a', { metaKey: true }), classes, 4)).toEqual({ kind: 'select-all' });
  });

  it('leaves every other key with Ctrl or Cmd to the browser, hotkeys included', () => {
    expect(gridKeyAction(press('1', { ctrlKey: true }), classes, 4)).toBeNull();
    expect(gridKeyAction(press('c', { metaKey: true }), classes, 4)).toBeNull();
    expect(gridKeyAction(press('Enter', { ctrlKey: true }), classes, 4)).toBeNull();
  });

  it('leaves every key with Alt alone', () => {
    expect(gridKeyAction(press('1', { altKey: true }), classes, 4)).toBeNull();
    expect(gridKeyAction(press('z', { altKey: true, ctrlKey: true }), classes, 4)).toBeNull();
    expect(gridKeyAction(press('ArrowDown', { altKey: true }), classes, 4)).toBeNull();
  });

  it('labels by letter keys whatever the Shift state, and never by a class without a key', () => {
    const lettered: ClassInfo[] = [{ name: 'none', hotkey: '' }, { name: 'a', hotkey: 'a' }];
    expect(gridKeyAction(press('a'), lettered, 4)).toEqual({ kind: 'label', classIndex: 1 });
    expect(gridKeyAction(press('A'), lettered, 4)).toEqual({ kind: 'label', classIndex: 1 });
    // a class with no key is not reached by keys that map to no hotkey
    expect(gridKeyAction(press('Enter'), lettered, 4)).toEqual({ kind: 'commit' });
    expect(gridKeyAction(press('x'), lettered, 4)).toBeNull();
  });
});

describe('which key presses the grid takes, by where they land', () => {
  const label = { kind: 'label', classIndex: 0 } as const;
  const move = { kind: 'move', by: 1, extend: false } as const;

  it('takes every grid key in the grid and when nothing has focus, so keys work before any click', () => {
    for (const origin of ['grid', 'nowhere'] as const) {
      expect(gridTakesKey(label, origin)).toBe(true);
      expect(gridTakesKey(move, origin)).toBe(true);
      expect(gridTakesKey({ kind: 'skip' }, origin)).toBe(true);
      expect(gridTakesKey({ kind: 'commit' }, origin)).toBe(true);
    }
  });

  it('leaves every key to a field being typed in', () => {
    expect(gridTakesKey(label, 'field')).toBe(false);
    expect(gridTakesKey({ kind: 'undo' }, 'field')).toBe(false);
  });

  it('on another control (a tab, a button) takes class keys, undo and arrows, but leaves Space and Enter to it', () => {
    expect(gridTakesKey(label, 'control')).toBe(true);
    expect(gridTakesKey({ kind: 'undo' }, 'control')).toBe(true);
    expect(gridTakesKey(move, 'control')).toBe(true);
    expect(gridTakesKey({ kind: 'move', by: -4, extend: true }, 'control')).toBe(true);
    expect(gridTakesKey({ kind: 'skip' }, 'control')).toBe(false);
    expect(gridTakesKey({ kind: 'commit' }, 'control')).toBe(false);
    expect(gridTakesKey({ kind: 'select-all' }, 'control')).toBe(false);
  });
});
