import type { ClassInfo } from '../data/store/schema';
import { gridKeyAction } from './gridKeys';

/** What a key press in the review grid asks for; null for keys the grid leaves alone. */
export type ReviewKeyAction =
  | { kind: 'label'; classIndex: number }
  | { kind: 'clear' }
  | { kind: 'move'; by: number }
  | { kind: 'page'; by: number }
  | { kind: 'undo' };

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/**
 * The review grid's keyboard map: the labeling grid's class keys, arrows and Ctrl+Z, except that
 * Backspace and Delete clear a label here (there is no query to step back through), Space moves on,
 * and Page Up / Page Down turn the page. Training (Enter) and multi-selection belong to the query.
 */
export function reviewKeyAction(event: KeyPress, classes: readonly ClassInfo[], columns: number): ReviewKeyAction | null {
  const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
  if (plain && (event.key === 'Backspace' || event.key === 'Delete')) return { kind: 'clear' };
  if (plain && (event.key === 'PageDown' || event.key === 'PageUp')) return { kind: 'page', by: event.key === 'PageDown' ? 1 : -1 };
  const action = gridKeyAction(event, classes, columns);
  switch (action?.kind) {
    case 'label': return action;
    case 'move': return { kind: 'move', by: action.by };
    case 'skip': return { kind: 'move', by: 1 };
    case 'undo': return { kind: 'undo' };
    default: return null;
  }
}
