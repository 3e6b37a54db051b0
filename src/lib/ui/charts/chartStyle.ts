import type uPlot from 'uplot';

/**
 * Shared looks of lossloop's charts: colours that stay apart for colour-blind readers (Okabe-Ito)
 * and readable on the dark background, and axes in the text colour.
 */
export const SERIES_COLORS = ['#56b4e9', '#e69f00', '#009e73', '#f0e442', '#cc79a7', '#d55e00', '#0072b2', '#999999'];

export function axis(label: string, scale?: string, side?: 1 | 3): uPlot.Axis {
  const looks: uPlot.Axis = { label, stroke: '#c9d1d9', grid: { stroke: 'rgba(255,255,255,0.08)' }, ticks: { stroke: 'rgba(255,255,255,0.15)' } };
  // uPlot fills in the x scale and the side of each axis only when the keys are absent, not undefined.
  return { ...looks, ...(scale ? { scale } : {}), ...(side ? { side } : {}) };
}

export function line(label: string, color: string, scale: string, dashed = false): uPlot.Series {
  return { label, scale, stroke: color, width: 2, dash: dashed ? [6, 4] : undefined, points: { size: 7, fill: color } };
}

export const percent = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`);
export const fixed = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
