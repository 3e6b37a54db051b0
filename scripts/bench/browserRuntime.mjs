// The bench in headless Chromium: bench.html runs the measuring in a Web Worker, as real training
// does; the app's own cycle (long tasks, heap) is measured in the real app.

import { launchBrowser, startPreview } from '../app-session.mjs';
import { measureAppCycle } from './appCycle.mjs';

export async function openBrowserRuntime(port) {
  const server = await startPreview(port);
  const browser = await launchBrowser();
  return {
    /** The bench page's result for `params` ({ type: 'error', message } when it failed). */
    async measure(params, label) {
      const page = await browser.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' || /WGSL|validation/i.test(message.text())) console.error(`[${label}] ${message.text()}`);
      });
      await page.goto(`${server.url}bench.html?${params}`);
      const handle = await page.waitForFunction(() => window.benchResult, null, { timeout: 3 * 60 * 60_000, polling: 1000 });
      const result = await handle.jsonValue();
      await page.close();
      return result;
    },
    appCycle: (backend, preset) => measureAppCycle(browser, server.url, backend, preset),
    async close() {
      await browser.close();
      server.stop();
    },
  };
}
