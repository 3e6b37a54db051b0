/**
 * Where the labeling grid's focus goes on its own (after a label, a skip, a new query): to a card
 * that still waits for a label. A card already labeled, or whose label is still being written, is
 * passed over, so a fast labeler's next key can never land on an answer given before.
 */

/** A card of the grid as far as its focus is concerned. */
export interface FocusCard {
  id: number;
  label: number | null;
}

/**
 * The index of the first card after `from` (wrapping round to the start, `from` itself last) that is
 * unlabeled and not in `pending`; -1 when every card has its label. `from` = -1 starts at the first card.
 */
export function nextOpenCard(cards: readonly FocusCard[], from: number, pending: ReadonlySet<number> | ReadonlyMap<number, unknown>): number {
  const count = cards.length;
  for (let step = 1; step <= count; step++) {
    const index = (((from + step) % count) + count) % count;
    const card = cards[index];
    if (card.label === null && !pending.has(card.id)) return index;
  }
  return -1;
}
