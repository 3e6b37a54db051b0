import { test, expect } from './fixtures';
import { TEST_SIZES, useTestSizes } from './testSizes';
import type { BrowserContext, Page } from '@playwright/test';

/**
 * The built app works without a network once it has been loaded: the service worker has stored
 * every file of the build, and the data lives in IndexedDB. A fresh profile loads the app online,
 * labels an image, goes offline, and reloads: the app, its backend, its data and the label are
 * all back, and the wasm backend starts too, so its binaries were stored as well.
 */

const INITIAL_SIZE = TEST_SIZES.initialSize;

const cards = (page: Page) => page.getByTestId('query-card');

/** Resolves once a service worker controls `page` (it has then stored the whole build). */
async function controlledByServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
}

/**
 * Fetches `url` past every cache and says how it went: 'answered', or the error's name. From a
 * blank tab of its own, so that the console error of a failed fetch is the probe's and not the
 * app's, which the fixtures watch; 'no-cors' because that tab is of no origin and the answer need
 * not be read. The demo manifest is not precached, so no service worker answers in its place.
 */
async function probeNetwork(context: BrowserContext, url: string): Promise<string> {
  const probe = await context.newPage();
  const outcome = await probe.evaluate(
    (target) => fetch(target, { cache: 'no-store', mode: 'no-cors' }).then(() => 'answered', (e: Error) => e.name),
    url,
  );
  await probe.close();
  return outcome;
}

test('after the first load the app works offline, on its default backend and on wasm', async ({ page, context, baseURL }) => {
  await page.goto('/');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('dataset')).toContainText('10,000 pool images, 2,000 test images');
  const backend = page.getByTestId('backend');
  await expect(backend).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
  const backendName = (await backend.getAttribute('data-backend'))!;
  await controlledByServiceWorker(page);

  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await expect(cards(page)).toHaveCount(INITIAL_SIZE);
  const labeledId = await cards(page).nth(0).getAttribute('data-sample-id');
  await cards(page).nth(0).click();
  await page.getByTestId('class-1').click();
  await expect(cards(page).nth(0)).toHaveAttribute('data-label', '1');

  // The same request before and after: it is the network that goes, nothing else.
  const probeUrl = new URL('/demo/manifest.json', baseURL).href;
  expect(await probeNetwork(context, probeUrl)).toBe('answered');
  await context.setOffline(true);
  expect(await probeNetwork(context, probeUrl)).toBe('TypeError');
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  // The same page, reloaded without a network: the stored index.html and assets, the data from IndexedDB.
  expect((await page.reload())?.fromServiceWorker()).toBe(true);
  await expect(backend).toHaveAttribute('data-backend', backendName, { timeout: 60_000 });
  await expect(backend).toContainText(backendName);
  await expect(page.getByTestId('dataset')).toContainText('10,000 pool images, 2,000 test images');
  await expect(cards(page)).toHaveCount(INITIAL_SIZE, { timeout: 60_000 });
  await expect(page.locator(`[data-sample-id="${labeledId}"]`)).toHaveAttribute('data-label', '1');

  // Another URL of the app, offline: the worker must load the wasm binaries from the cache, and
  // the service worker's responses keep the page cross-origin isolated, so two threads start.
  await page.goto('/?backend=wasm&threads=2');
  await expect(backend).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(backend).toContainText('wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(backend).toHaveAttribute('data-threads', '2');
  await expect(page.locator(`[data-sample-id="${labeledId}"]`)).toHaveAttribute('data-label', '1');
  // And a cycle trains there, offline, on those threads.
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText(`${INITIAL_SIZE} of ${INITIAL_SIZE} labeled`);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 5 * 60_000 });

  // The licence the app links to opens offline too. In a tab of its own: for a plain-text page
  // Chromium also asks for /favicon.ico, past any service worker, and logs that it failed.
  const licenceTab = await context.newPage();
  const licence = await licenceTab.goto('/demo/LICENSE-fashion-mnist.txt');
  expect(licence?.fromServiceWorker()).toBe(true);
  expect(await licence?.text()).toContain('Zalando');
  await licenceTab.close();
});
