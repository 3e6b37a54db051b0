// Whether the labels stored are the labels meant, for one keyboard run of the key driver.

import { readLabelStore } from './labelStore.mjs';

/**
 * Compares a run (labelAtRate or labelOneAtATime) with the store. Wrong is a card whose stored
 * label is not the class its key was meant to give, or a key that went to a card already labeled
 * (before the run, or by an earlier key of it) or to no card at all. Also returns how many pool
 * images of the project now have a label.
 * @param {import('@playwright/test').Page} page
 * @param {string} projectId
 * @param {import('./keyDriver.mjs').KeyboardRun} run
 * @returns {Promise<{ wrongCards: { cardId: string, meant: number, stored: number | null }[], keysOnLabeledCards: number, missingKeys: number, labeledPool: number }>}
 */
export async function checkLabels(page, projectId, run) {
  const { labels, labeledPool } = await readLabelStore(page, projectId, run.intended.map((meant) => meant.cardId));
  const wrongCards = run.intended
    .map((meant, k) => ({ cardId: meant.cardId, meant: meant.classIndex, stored: labels[k] }))
    .filter(({ meant, stored }) => stored !== meant);
  const openAtStart = new Set(run.openAtStart);
  const keysOnLabeledCards = run.presses.filter((press, k) => press.cardId === null || !openAtStart.has(press.cardId)
    || run.presses.findIndex((earlier) => earlier.cardId === press.cardId) < k).length;
  return { wrongCards, keysOnLabeledCards, missingKeys: Math.max(0, run.intended.length - run.presses.length), labeledPool };
}
