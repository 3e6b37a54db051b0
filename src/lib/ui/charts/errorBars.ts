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
  // A little wider than the plot, so that the bars of the first and last points keep their caps.
  const margin = 10 * ratio;
  ctx.rect(left - margin, top, width + 2 * margin, height);
  ctx.clip();
  ctx.lineWidth = 1.5 * ratio;
  bars.forEach((bar, index) => {
    // Bars of different series at the same x sit a few pixels apart, so that equal values stay visible.
    const dodge = (index - (bars.length - 1) / 2) * 3 * ratio;
    const series = plot.series[bar.series];
    if (!series?.show || !series.scale) return;
    ctx.strokeStyle = bar.color;
    ctx.beginPath();
    xs.forEach((xValue, i) => {
      const low = bar.low[i];
      const high = bar.high[i];
      if (low === null || high === null || low === undefined || high === undefined) return;
      const x = plot.valToPos(xValue, 'x', true) + dodge;
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
  });
  ctx.restore();
}
