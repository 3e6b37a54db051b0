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

/** Where a key press landed, as far as the grid is concerned. */
export type KeyOrigin =
  /** a card or the grid itself */
  | 'grid'
  /** nothing has focus (the page body): on arrival, or after the focused card left with its query */
  | 'nowhere'
  /** a field that takes typing (a class name, a setting, a select) or an open dialog: never the grid's */
  | 'field'
  /** any other control: a button, a tab, a checkbox */
  | 'control';

/**
 * Whether the grid acts on a key press. The grid listens on the whole window while it is shown, so
 * that keys work the moment it appears, whatever has focus: a listener on the grid alone would hear
 * nothing until a click put focus inside it. Fields keep their typing; other controls keep Space and
 * Enter (they press a button), but class keys, undo and arrows reach the grid from anywhere else: a
 * labeler who clicked a tab or a button and goes on with the arrows means the cards.
 */
export function gridTakesKey(action: GridKeyAction, origin: KeyOrigin): boolean {
  switch (origin) {
    case 'grid':
    case 'nowhere': return true;
    case 'field': return false;
    case 'control': return action.kind === 'label' || action.kind === 'undo' || action.kind === 'move';
  }
}

/** The origin of a key press whose target is `target`, with `grid` the grid's element. */
export function keyOrigin(target: EventTarget | null, grid: Element | undefined): KeyOrigin {
  if (!(target instanceof Element) || target === document.body || target === document.documentElement) return 'nowhere';
  if (grid?.contains(target)) return 'grid';
  if (target.closest('input, select, textarea, [contenteditable]:not([contenteditable="false"]), dialog[open]')) return 'field';
  return 'control';
}
