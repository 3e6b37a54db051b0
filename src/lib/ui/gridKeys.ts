import type { ClassInfo } from '../data/store/schema';
import { pressedHotkey } from '../data/store/hotkeys';

/** What a key press in the labeling grid asks for; null for keys the grid leaves alone. */
export type GridKeyAction =
  | { kind: 'label'; classIndex: number }
  | { kind: 'move'; by: number; extend: boolean }
  | { kind: 'skip' }
  | { kind: 'undo' }
  | { kind: 'commit' }
  | { kind: 'select-all' }
  | { kind: 'clear-selection' };

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/**
 * The grid's keyboard map, apart from the DOM so that it can be read (and tested) in one place.
 * `columns` is how many cards a row holds, for the up and down arrows.
 */
export function gridKeyAction(event: KeyPress, classes: readonly ClassInfo[], columns: number): GridKeyAction | null {
  const command = event.ctrlKey || event.metaKey;
  if (event.altKey) return null;
  if (command) {
    if (event.key === 'z' || event.key === 'Z') return { kind: 'undo' };
    if (event.key === 'a') return { kind: 'select-all' };
    return null;
  }
  const pressed = pressedHotkey(event.key);
  const classIndex = pressed === '' ? -1 : classes.findIndex((c) => c.hotkey === pressed);
  if (classIndex >= 0) return { kind: 'label', classIndex };
  const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
  if (event.key in moves) return { kind: 'move', by: moves[event.key], extend: event.shiftKey };
  switch (event.key) {
    case ' ': return { kind: 'skip' };
    case 'Backspace': return { kind: 'undo' };
    case 'Enter': return { kind: 'commit' };
    case 'Escape': return { kind: 'clear-selection' };
    default: return null;
  }
}
