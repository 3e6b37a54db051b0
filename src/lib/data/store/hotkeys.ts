import type { ClassInfo } from './schema';

/**
 * Which key labels which class. A class named by a single digit or letter gets that very key, so
 * that on a digits dataset key 2 stores "2" (keys by position would store "1" there: a silent
 * mislabel). Every other class gets the next key nobody holds, digits first, then letters.
 * Keys are stored in lower case; Shift does not change which class a letter labels.
 */

/** The order in which free keys are handed out. */
export const HOTKEY_ORDER = [...'1234567890', ...'abcdefghijklmnopqrstuvwxyz'];

/** The key a class name asks for by itself ('' if it asks for none). */
export function ownKey(name: string): string {
  const key = name.trim().toLowerCase();
  return HOTKEY_ORDER.includes(key) ? key : '';
}

/** The keys of a new project's classes, in label order. */
export function assignHotkeys(names: readonly string[]): string[] {
  const keys = names.map(() => '');
  const taken = new Set<string>();
  // Names that are a key claim it first, so that "2" gets 2 even when it is not the second class.
  names.forEach((name, i) => {
    const own = ownKey(name);
    if (own && !taken.has(own)) {
      keys[i] = own;
      taken.add(own);
    }
  });
  names.forEach((_, i) => {
    if (keys[i]) return;
    keys[i] = HOTKEY_ORDER.find((key) => !taken.has(key)) ?? '';
    if (keys[i]) taken.add(keys[i]);
  });
  return keys;
}

/** The key for a class joining `classes`: its own if free, else the first free one ('' if none is). */
export function keyForNewClass(name: string, classes: readonly ClassInfo[]): string {
  const taken = new Set(classes.map((c) => c.hotkey));
  const own = ownKey(name);
  if (own && !taken.has(own)) return own;
  return HOTKEY_ORDER.find((key) => !taken.has(key)) ?? '';
}

/**
 * The key a person typed for class `index`, checked: one digit or letter (stored in lower case), or
 * '' for none. A key another class holds is refused with that class's name, never taken from it.
 */
export function checkHotkey(typed: string, classes: readonly ClassInfo[], index: number): string {
  const key = typed.trim().toLowerCase();
  if (key === '') return '';
  if (!HOTKEY_ORDER.includes(key)) throw new Error(`A hotkey is one digit or letter; "${typed.trim()}" is not.`);
  const holder = classes.findIndex((c, i) => i !== index && c.hotkey === key);
  if (holder >= 0) throw new Error(`Key ${key} already labels "${classes[holder].name}". Give that class another key first.`);
  return key;
}

/** The stored hotkey a key press means ('' for keys that are no hotkey, like Enter or arrows). */
export function pressedHotkey(eventKey: string): string {
  const key = eventKey.toLowerCase();
  return eventKey.length === 1 && HOTKEY_ORDER.includes(key) ? key : '';
}
