import { benchRequestFrom } from './benchRequest';

/**
 * The benchmark page (bench.html): its address carries the parameters (src/bench/benchRequest.ts).
 * The measuring runs in a Web Worker, as real training does. Shows the figures and leaves them in
 * window.benchResult for scripts/bench.mjs.
 */

const request = benchRequestFrom(new URLSearchParams(location.search));
const output = document.getElementById('output')!;
const worker = new Worker(new URL('../lib/worker/bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' });
worker.onmessage = (event: MessageEvent) => {
  const message = event.data;
  if (message.type === 'step') output.textContent = `training step ${message.done} of ${message.total}…`;
  else {
    const result = { request, ...message };
    (window as unknown as { benchResult: unknown }).benchResult = result;
    output.textContent = JSON.stringify(result, null, 2);
  }
};
worker.postMessage(request);
