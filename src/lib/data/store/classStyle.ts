import type { ClassInfo } from './schema';
import { assignHotkeys } from './hotkeys';

/** How a class is marked in the UI: the key that assigns it (see hotkeys.ts) and its colour. */

/** Ten colours told apart by most people, colour-blind included (Okabe-Ito, then Tableau). */
const CLASS_COLOURS = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#999999', '#8c564b', '#17becf'];

/**
 * A colour for a class joining `classes`: the first of the palette that no class wears yet, so a
 * class added after merges or deletions does not share a colour while a free one is left; once
 * all are taken, the palette repeats by position.
 */
export function nextColour(classes: readonly ClassInfo[]): string {
  const taken = new Set(classes.map((c) => c.color));
  return CLASS_COLOURS.find((colour) => !taken.has(colour)) ?? CLASS_COLOURS[classes.length % CLASS_COLOURS.length];
}

/** The classes of a new project: names in label order, with a hotkey and a colour each. */
export function makeClasses(names: readonly string[]): ClassInfo[] {
  const keys = assignHotkeys(names);
  return names.map((name, i) => ({ name, hotkey: keys[i], color: CLASS_COLOURS[i % CLASS_COLOURS.length] }));
}
