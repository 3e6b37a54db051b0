/**
 * The one rule for the names of projects and classes, wherever they come from (typed, a folder,
 * a class-names list, a backup, the demo): trimmed, never empty, at most MAX_NAME_LENGTH
 * characters, and unique among its kind (projects among projects, a class within its project).
 * Two names are the same when they differ only in case: "Cat" and "cat" would read as one
 * entry in the project picker, one key hint, one column of an export.
 */

/** The longest name kept: it has to fit the project picker, a class button and a card's label. */
export const MAX_NAME_LENGTH = 80;

export type NameKind = 'project' | 'class';

/** A name the rule refuses; the message says why in plain words. */
export class NameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NameError';
  }
}

/** True when two names read as one: case and the spaces around them do not count, accents do. */
export function sameName(a: string, b: string): boolean {
  return a.trim().localeCompare(b.trim(), undefined, { sensitivity: 'accent' }) === 0;
}

/** A name as a message quotes it: a long one is cut, so that a refusal stays readable. */
export function quotedName(name: string): string {
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return `"${shown}"`;
}

/** The trimmed name, or a NameError when it is empty or too long. */
export function checkedName(name: string, kind: NameKind): string {
  const trimmed = name.trim();
  if (!trimmed) throw new NameError(`A ${kind} needs a name.`);
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new NameError(`A ${kind} name can have at most ${MAX_NAME_LENGTH} characters; ${quotedName(trimmed)} has ${trimmed.length.toLocaleString('en-US')}.`);
  }
  return trimmed;
}

/** The trimmed name if the rule allows it and none of `taken` is the same name; else a NameError. */
export function uniqueName(name: string, kind: NameKind, taken: readonly string[]): string {
  const checked = checkedName(name, kind);
  const clash = taken.find((other) => sameName(other, checked));
  if (clash !== undefined) throw new NameError(`There is already a ${kind} named ${quotedName(clash)}.`);
  return checked;
}

/**
 * A list of class names in order, each checked and none the same as another; else a NameError
 * naming the first that breaks the rule: "Class 3 cannot be called "cat": There is already...".
 */
export function checkedClassNames(names: readonly string[]): string[] {
  const checked: string[] = [];
  names.forEach((name, index) => {
    try {
      checked.push(uniqueName(name, 'class', checked));
    } catch (error) {
      if (!(error instanceof NameError)) throw error;
      throw new NameError(`Class ${index + 1} cannot be called ${quotedName(name.trim())}: ${error.message}`);
    }
  });
  return checked;
}

/**
 * A name that keeps to the rule without refusing anything: trimmed (`fallback` when empty), cut to
 * the length limit, and, when it is taken, numbered like a file copy: "Demo (2)", "Demo (3)". For
 * names a person did not type now (a restored backup's, the demo's), which should not stop the work.
 */
export function freeName(wanted: string, fallback: string, taken: readonly string[]): string {
  const base = (wanted.trim() || fallback).slice(0, MAX_NAME_LENGTH).trim();
  const isTaken = (name: string) => taken.some((other) => sameName(other, name));
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const numbered = `${base.slice(0, MAX_NAME_LENGTH - suffix.length).trimEnd()}${suffix}`;
    if (!isTaken(numbered)) return numbered;
  }
}
