import type uPlot from 'uplot';
import { canvasDash, type LinePattern } from './chartStyle';

/**
 * A PNG of a uPlot chart with its title and legend drawn in (uPlot draws the plot and axes on
 * its canvas, but its legend is HTML): one picture a teacher can put on a slide.
 */
export function chartPng(plot: uPlot, title: string, legend: { label: string; color: string; pattern?: LinePattern }[]): Promise<Blob> {
  const source = plot.ctx.canvas;
  const scale = source.width / plot.width;
  const titleHeight = 36 * scale;
  const rowHeight = 24 * scale;
  const context = document.createElement('canvas').getContext('2d')!;
  context.font = `${13 * scale}px system-ui, sans-serif`;
  // The legend wraps onto as many rows as the chart's width needs.
  const rows = legendRows(legend.map(({ label }) => 42 * scale + context.measureText(label).width), source.width - 24 * scale);
  const canvas = context.canvas;
  canvas.width = source.width;
  canvas.height = source.height + titleHeight + rows.length * rowHeight + 8 * scale;
  context.fillStyle = '#101317';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#e8ebef';
  context.font = `${16 * scale}px system-ui, sans-serif`;
  context.textBaseline = 'middle';
  context.fillText(title, 12 * scale, titleHeight / 2);
  context.drawImage(source, 0, titleHeight);
  context.font = `${13 * scale}px system-ui, sans-serif`;
  rows.forEach((row, r) => {
    let x = 12 * scale;
    const y = titleHeight + source.height + r * rowHeight + rowHeight / 2;
    for (const index of row) {
      const { label, color, pattern } = legend[index];
      // A short stretch of the line itself: its colour and its pattern.
      context.strokeStyle = color;
      context.lineWidth = 2 * scale;
      context.setLineDash(canvasDash(pattern ?? 'solid').map((d) => d * scale));
      context.beginPath();
      context.moveTo(x, y);
      context.lineTo(x + 22 * scale, y);
      context.stroke();
      context.fillStyle = '#e8ebef';
      context.fillText(label, x + 28 * scale, y);
      x += 42 * scale + context.measureText(label).width;
    }
  });
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The chart could not be drawn as PNG.'))), 'image/png'));
}

/** Entries of these widths laid out in rows no wider than `width`, in order; each row holds one at least. */
export function legendRows(widths: number[], width: number): number[][] {
  const rows: number[][] = [];
  let used = Infinity;
  widths.forEach((w, i) => {
    if (used + w > width) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(i);
    used += w;
  });
  return rows;
}
