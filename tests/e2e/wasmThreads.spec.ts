import { test, expect } from './fixtures';
import { useTestSizes } from './testSizes';
import type { Page } from '@playwright/test';

/**
 * WebAssembly on several threads: the page is cross-origin isolated (vite preview sends COOP and
 * COEP), tfjs's threaded build starts from the bundle, and a cycle trains on it. The count is a
 * setting remembered in this browser; without isolation the backend says why it runs on one thread.
 * (Offline, the service worker adds the same headers: offline.spec.ts checks the threads there.)
 */

const backend = (page: Page) => page.getByTestId('backend');

test('a cycle trains on two WebAssembly threads', async ({ page }) => {
  await page.goto('/?backend=wasm&threads=2');
  await expect(backend(page)).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  await expect(backend(page)).toHaveAttribute('data-threads', '2');
  await expect(backend(page)).toContainText('WebAssembly (CPU, 2 threads, SIMD)');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText('20 of 20 labeled');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 5 * 60_000 });
  await expect(page.getByTestId('cycle-table').locator('tbody tr')).toHaveCount(1);
});

test('the thread count is a setting of this browser, applied after the reload it asks for', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(backend(page)).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  // Automatic: half the cores, 1 to 4.
  await expect(backend(page)).toHaveAttribute('data-threads', String(Math.min(4, Math.max(1, Math.floor(cores / 2)))));

  await page.getByTestId('backend-choices').click();
  await Promise.all([page.waitForEvent('load'), page.getByTestId('wasm-threads').selectOption('2')]);
  await expect(backend(page)).toHaveAttribute('data-threads', '2', { timeout: 120_000 });
  await expect(backend(page)).toContainText('WebAssembly (CPU, 2 threads, SIMD)');
  await page.getByTestId('backend-choices').click();
  await expect(page.getByTestId('wasm-threads')).toHaveValue('2');

  await page.reload();
  await expect(backend(page)).toHaveAttribute('data-threads', '2', { timeout: 120_000 });
});

test.describe('served without cross-origin isolation', () => {
  // The service worker would add the headers back; this is a first visit to a plain host.
  test.use({ serviceWorkers: 'block' });

  test('WebAssembly runs on one thread and says why', async ({ page }) => {
    await page.context().route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
    await page.goto('/?backend=wasm&threads=2');
    await expect(backend(page)).toHaveAttribute('data-backend', 'wasm', { timeout: 120_000 });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(backend(page)).toHaveAttribute('data-threads', '1');
    await expect(backend(page)).toContainText('WebAssembly runs on one thread: this page is not cross-origin isolated');
  });
});
