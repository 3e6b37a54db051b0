// What a cycle costs the page a person looks at: main-thread long tasks (over 50 ms, the browser's
// own PerformanceObserver) while one cycle runs in the real app, and the peak JS heap of the page
// (Chrome DevTools Protocol, sampled every 250 ms). The trainer worker's heap is not included.

import { heapSampler, openDemo, startWithOracle, trainCycle } from '../app-session.mjs';

export async function measureAppCycle(browser, url, backend, preset) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const heap = await heapSampler(page);
  try {
    await page.addInitScript(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await openDemo(page, url, backend);
    await startWithOracle(page, preset);
    // Only the tasks of the cycle count, not those of loading the demo.
    await page.evaluate(() => (window.longTasks.length = 0));
    const cycleSeconds = await trainCycle(page, 1);
    const longTasks = await page.evaluate(() => window.longTasks);
    return {
      preset, cycleSeconds,
      longTaskCount: longTasks.length,
      longTaskMillis: longTasks.reduce((a, b) => a + b, 0),
      longestTaskMillis: Math.max(0, ...longTasks),
      peakJsHeapMB: heap.peakMB(),
    };
  } finally {
    heap.stop();
    await context.close();
  }
}
