import type uPlot from 'uplot';

/**
 * Shared looks of lossloop's charts: colours that stay apart for colour-blind readers (Okabe-Ito)
 * and readable on the dark background, and axes in the text colour.
 */
export const SERIES_COLORS = ['#56b4e9', '#e69f00', '#009e73', '#f0e442', '#cc79a7', '#d55e00', '#0072b2', '#999999'];

export function axis(label: string, scale?: string, side?: 1 | 3): uPlot.Axis {
  const looks: uPlot.Axis = { label, stroke: '#c9d1d9', grid: { stroke: 'rgba(255,255,255,0.08)' }, ticks: { stroke: 'rgba(255,255,255,0.15)' } };
  // Accuracies are fractions in the data and percentages everywhere a person reads them.
  if (scale === 'fraction') looks.values = (_u, ticks) => ticks.map(percentTick);
  // uPlot fills in the x scale and the side of each axis only when the keys are absent, not undefined.
  return { ...looks, ...(scale ? { scale } : {}), ...(side ? { side } : {}) };
}

/** A tick of a fraction axis as a percentage, to one decimal at most: 0.125 -> "12.5%", 0.1 -> "10%". */
export function percentTick(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

/**
 * Tick steps for an axis of counts (labeled images, epochs): whole numbers only, so that an axis
 * from 50 to 100 labels never reads 52.5. 1, 2, 5 per decade, and 25 from the tens on.
 */
export const COUNT_STEPS: number[] = Array.from({ length: 7 }, (_, decade) => 10 ** decade)
  .flatMap((unit) => (unit >= 10 ? [unit, 2 * unit, 2.5 * unit, 5 * unit] : [unit, 2 * unit, 5 * unit]));

export function countAxis(label: string): uPlot.Axis {
  return { ...axis(label), incrs: COUNT_STEPS };
}

/** How a line is drawn; the legend's marker shows the same (a CSS border style). */
export type LinePattern = 'solid' | 'dashed' | 'dotted';

const DASHES: Record<LinePattern, number[] | undefined> = { solid: undefined, dashed: [6, 4], dotted: [2, 4] };

export function line(label: string, color: string, scale: string, pattern: LinePattern = 'solid'): uPlot.Series {
  return { label, scale, stroke: color, width: 2, dash: DASHES[pattern], points: { size: 7, fill: color } };
}

/**
 * The colour and pattern of a race's lane: learning loss solid, the others dashed, and from the
 * ninth lane on, when the eight colours come round again, dotted, so that a race of every
 * strategy never draws two lanes alike.
 */
export function laneStyle(index: number, strategy: string): { color: string; pattern: LinePattern } {
  const color = SERIES_COLORS[index % SERIES_COLORS.length];
  if (strategy === 'learning-loss') return { color, pattern: 'solid' };
  return { color, pattern: index < SERIES_COLORS.length ? 'dashed' : 'dotted' };
}

/** A canvas dash array for a pattern (the PNG's legend). */
export function canvasDash(pattern: LinePattern): number[] {
  return DASHES[pattern] ?? [];
}

export const percent = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`);
export const fixed = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
