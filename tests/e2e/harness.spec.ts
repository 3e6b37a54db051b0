import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

// Checks of the end-to-end harness itself: the browser has WebGPU, and the console watch in
// fixtures.ts fails tests the way it should. These do not depend on what the app renders.

const BLANK_PATH = '/__e2e_blank';

/** Opens an empty page at the app's origin (a secure context, so navigator.gpu exists). */
async function openBlankAppPage(page: Page): Promise<void> {
  await page.route(`**${BLANK_PATH}`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html><head><title>blank</title></head><body></body></html>',
    }),
  );
  await page.goto(BLANK_PATH);
}

test('WebGPU: requestAdapter() returns an adapter at the app origin', async ({ page }, testInfo) => {
  await openBlankAppPage(page);
  const adapter = await page.evaluate(async () => {
    // Minimal shapes, so this file does not depend on @webgpu/types being configured.
    interface Adapter {
      info: { vendor: string; architecture: string; description: string; isFallbackAdapter?: boolean };
      isFallbackAdapter?: boolean;
      limits: { maxBufferSize: number };
    }
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
    if (!window.isSecureContext || !gpu) return null;
    const found = await gpu.requestAdapter();
    if (!found) return null;
    return {
      vendor: found.info.vendor,
      architecture: found.info.architecture,
      description: found.info.description,
      // isFallbackAdapter moved from GPUAdapter to GPUAdapterInfo; read whichever exists.
      isFallbackAdapter: found.info.isFallbackAdapter ?? found.isFallbackAdapter ?? null,
      maxBufferSize: found.limits.maxBufferSize,
    };
  });
  expect(adapter, 'navigator.gpu.requestAdapter() returned null: is --enable-unsafe-webgpu passed?').not.toBeNull();
  const summary = `architecture=${adapter!.architecture} isFallbackAdapter=${adapter!.isFallbackAdapter} vendor=${adapter!.vendor} maxBufferSize=${adapter!.maxBufferSize}`;
  console.log(`WebGPU adapter: ${summary}`);
  testInfo.annotations.push({ type: 'webgpu-adapter', description: summary });
});

test.describe('console watch fails the test', () => {
  // Each body first checks that the message was recorded; the failure then comes from the fixture's
  // check after the test, which test.fail() turns into a pass.

  test('on a WGSL warning', async ({ page, consoleMessages }) => {
    test.fail();
    await page.setContent('<p>harness</p>');
    await page.evaluate(() => console.warn('WGSL error: unresolved identifier (harness check)'));
    await expect.poll(() => consoleMessages.map((m) => m.text)).toContain('WGSL error: unresolved identifier (harness check)');
  });

  test('on a console.error', async ({ page, consoleMessages }) => {
    test.fail();
    await page.setContent('<p>harness</p>');
    await page.evaluate(() => console.error('something broke (harness check)'));
    await expect.poll(() => consoleMessages.map((m) => m.type)).toContain('error');
  });

  test('on an uncaught page error', async ({ page, consoleMessages }) => {
    test.fail();
    await page.setContent('<p>harness</p>');
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('uncaught (harness check)');
      }, 0);
    });
    await expect.poll(() => consoleMessages.map((m) => m.type)).toContain('pageerror');
  });

  test('on a WGSL warning from a dedicated worker', async ({ page, consoleMessages }) => {
    test.fail();
    await openBlankAppPage(page);
    await page.evaluate(() => {
      const source = "console.warn('WGSL error: from a worker (harness check)');";
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      (window as unknown as { harnessWorker: Worker }).harnessWorker = new Worker(url);
    });
    await expect.poll(() => consoleMessages.map((m) => m.text)).toContain('WGSL error: from a worker (harness check)');
  });
});

test.describe('console watch lets through', () => {
  test.use({ allowedConsole: [/WGSL error: expected \(harness check\)/] });

  test('ordinary logs and allowed messages', async ({ page, consoleMessages }) => {
    await page.setContent('<p>harness</p>');
    await page.evaluate(() => {
      console.log('hello (harness check)');
      console.info('info (harness check)');
      console.warn('a plain warning (harness check)');
      console.warn('WGSL error: expected (harness check)');
    });
    await expect.poll(() => consoleMessages.length).toBe(4);
  });
});

test('offOriginRequests records only requests to other origins', async ({ page, offOriginRequests }) => {
  await page.context().route('http://off-origin.invalid/**', (route) =>
    route.fulfill({ contentType: 'text/plain', body: 'ok' }),
  );
  await page.route('**/__e2e_same_origin', (route) => route.fulfill({ contentType: 'text/plain', body: 'ok' }));
  await openBlankAppPage(page);
  await page.evaluate(async () => {
    await fetch('/__e2e_same_origin');
    await fetch('http://off-origin.invalid/pixel', { mode: 'no-cors' });
  });
  expect(offOriginRequests).toEqual(['http://off-origin.invalid/pixel']);
});
