/**
 * A predicted-loss rank in words a person reads at a glance, and the length of its bar.
 * Percentages are rounded away from the extreme they name, so they never overstate:
 * rank 3 of 500 is in the top 1% (0.6%), rank 61 of 500 in the top 13% (12.2%), never "top 0%".
 */

/** Below this many scored samples a percentage says less than the rank itself. */
const FEW_SCORED = 100;

/** The standing ("top 1%") and what it is among ("of 500 scored"), for a card to break between them. */
export function lossRankWords(rank: number, scored: number): { standing: string; among: string } {
  const among = `of ${scored.toLocaleString('en-US')} scored`;
  if (scored < FEW_SCORED) return { standing: `rank ${rank}`, among };
  const fromTop = Math.ceil((100 * rank) / scored);
  if (fromTop <= 50) return { standing: `top ${fromTop}%`, among };
  // The lower half is told from the bottom: "top 97%" reads like praise.
  const fromBottom = Math.ceil((100 * (scored - rank + 1)) / scored);
  return { standing: `bottom ${fromBottom}%`, among };
}

export function lossRankText(rank: number, scored: number): string {
  const { standing, among } = lossRankWords(rank, scored);
  return `${standing} ${among}`;
}

/** 1 for the highest predicted loss, 0 for the lowest, evenly in between. */
export function lossBarFraction(rank: number, scored: number): number {
  return scored <= 1 ? 1 : (scored - rank) / (scored - 1);
}
