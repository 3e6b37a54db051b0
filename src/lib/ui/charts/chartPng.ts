import type uPlot from 'uplot';

/**
 * A PNG of a uPlot chart with its title and legend drawn in (uPlot draws the plot and axes on
 * its canvas, but its legend is HTML): one picture a teacher can put on a slide.
 */
export function chartPng(plot: uPlot, title: string, legend: { label: string; color: string }[]): Promise<Blob> {
  const source = plot.ctx.canvas;
  const scale = source.width / plot.width;
  const titleHeight = 36 * scale;
  const legendHeight = 28 * scale;
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height + titleHeight + legendHeight;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#101317';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#e8ebef';
  context.font = `${16 * scale}px system-ui, sans-serif`;
  context.textBaseline = 'middle';
  context.fillText(title, 12 * scale, titleHeight / 2);
  context.drawImage(source, 0, titleHeight);
  let x = 12 * scale;
  const y = titleHeight + source.height + legendHeight / 2;
  context.font = `${13 * scale}px system-ui, sans-serif`;
  for (const { label, color } of legend) {
    context.fillStyle = color;
    context.fillRect(x, y - 5 * scale, 14 * scale, 10 * scale);
    context.fillStyle = '#e8ebef';
    context.fillText(label, x + 20 * scale, y);
    x += 20 * scale + context.measureText(label).width + 18 * scale;
  }
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The chart could not be drawn as PNG.'))), 'image/png'));
}
