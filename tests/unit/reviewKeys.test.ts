import { describe, expect, it } from 'vitest';
import { reviewKeyAction } from '../../src/lib/ui/reviewKeys';
import type { ClassInfo } from '../../src/lib/data/store/schema';

const classes: ClassInfo[] = [{ name: '0', hotkey: '0' }, { name: '2', hotkey: '2' }];

function press(key: string, modifiers: { ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; shiftKey?: boolean } = {}) {
  return { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers };
}

describe('the review grid keys', () => {
  it('relabel with the class hotkeys, by key not by position', () => {
    expect(reviewKeyAction(press('2'), classes, 4)).toEqual({ kind: 'label', classIndex: 1 });
    expect(reviewKeyAction(press('1'), classes, 4)).toBeNull();
  });

  it('clear a label with Backspace or Delete, and undo with Ctrl+Z', () => {
    expect(reviewKeyAction(press('Backspace'), classes, 4)).toEqual({ kind: 'clear' });
    expect(reviewKeyAction(press('Delete'), classes, 4)).toEqual({ kind: 'clear' });
    expect(reviewKeyAction(press('z', { ctrlKey: true }), classes, 4)).toEqual({ kind: 'undo' });
    expect(reviewKeyAction(press('Backspace', { ctrlKey: true }), classes, 4)).toBeNull();
  });

  it('move by card, by row and by page; Space moves on', () => {
    expect(reviewKeyAction(press('ArrowDown'), classes, 5)).toEqual({ kind: 'move', by: 5 });
    expect(reviewKeyAction(press('ArrowLeft', { shiftKey: true }), classes, 5)).toEqual({ kind: 'move', by: -1 });
    expect(reviewKeyAction(press(' '), classes, 5)).toEqual({ kind: 'move', by: 1 });
    expect(reviewKeyAction(press('PageDown'), classes, 5)).toEqual({ kind: 'page', by: 1 });
    expect(reviewKeyAction(press('PageUp'), classes, 5)).toEqual({ kind: 'page', by: -1 });
  });

  it('leave Enter and selection to the query grid', () => {
    expect(reviewKeyAction(press('Enter'), classes, 4)).toBeNull();
    expect(reviewKeyAction(press('a', { ctrlKey: true }), classes, 4)).toBeNull();
    expect(reviewKeyAction(press('Escape'), classes, 4)).toBeNull();
  });
});
