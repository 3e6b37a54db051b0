import uPlot from 'uplot';

/**
 * Vertical 95% interval bars through the points of a series, drawn on top of the plot. A plugin
 * rather than extra low/high series: those would crowd the legend and the table of values.
 */

export interface ErrorBars {
  /** index of the series whose points the bars go through (skipped while it is hidden) */
  series: number;
  color: string;
  /** per x value, like the data; null where there is no point */
  low: (number | null)[];
  high: (number | null)[];
}

/** `bars` is read at every draw, so the bars follow the data that setData brings. */
export function errorBarsPlugin(bars: () => ErrorBars[]): uPlot.Plugin {
  return { hooks: { draw: [(plot) => drawErrorBars(plot, bars())] } };
}

/** A scale range that holds the data and every bar, with a little room, inside [0, 1]. */
export function rangeWithBars(bars: () => ErrorBars[]): uPlot.Range.Function {
  return (_plot, dataMin, dataMax) => {
    const ends = bars().flatMap((bar) => [...bar.low, ...bar.high]).filter((v): v is number => v !== null && Number.isFinite(v));
    const low = Math.min(dataMin, ...ends);
    const high = Math.max(dataMax, ...ends);
    if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
    const room = Math.max(0.02, (high - low) * 0.05);
    return [Math.max(0, low - room), Math.min(1, high + room)];
  };
}

function drawErrorBars(plot: uPlot, bars: ErrorBars[]): void {
  const ctx = plot.ctx;
  const ratio = uPlot.pxRatio;
  const xs = plot.data[0];
  const { left, top, width, height } = plot.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.lineWidth = 1.5 * ratio;
  for (const bar of bars) {
    const series = plot.series[bar.series];
    if (!series?.show || !series.scale) continue;
    ctx.strokeStyle = bar.color;
    ctx.beginPath();
    xs.forEach((xValue, i) => {
      const low = bar.low[i];
      const high = bar.high[i];
      if (low === null || high === null || low === undefined || high === undefined) return;
      const x = plot.valToPos(xValue, 'x', true);
      const y0 = plot.valToPos(low, series.scale!, true);
      const y1 = plot.valToPos(high, series.scale!, true);
      const cap = 4 * ratio;
      ctx.moveTo(x, y0);
      ctx.lineTo(x, y1);
      ctx.moveTo(x - cap, y0);
      ctx.lineTo(x + cap, y0);
      ctx.moveTo(x - cap, y1);
      ctx.lineTo(x + cap, y1);
    });
    ctx.stroke();
  }
  ctx.restore();
}
