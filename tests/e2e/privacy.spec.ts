import { test, expect } from './fixtures';
import { TEST_SIZES, useTestSizes } from './testSizes';
import type { BrowserContext, Page } from '@playwright/test';

/**
 * Nothing leaves the machine. Every request of the browser context is recorded (the page, its
 * dedicated workers and the service worker all report to the context in Chromium) during a whole
 * active-learning cycle on WebGPU, and every one must go to the app's own origin. The CSP is the
 * second line: it refuses a request to another origin even if the app tried.
 */

const TINY = TEST_SIZES;

interface RecordedRequest {
  url: string;
  /** Made by the service worker itself (storing the build), as opposed to a page or its workers. */
  byServiceWorker: boolean;
}

/** Records every request of `context` from now on, data: URLs aside (they are not sent anywhere). */
function recordRequests(context: BrowserContext): RecordedRequest[] {
  const recorded: RecordedRequest[] = [];
  context.on('request', (request) => {
    if (!request.url().startsWith('data:')) recorded.push({ url: request.url(), byServiceWorker: request.serviceWorker() !== null });
  });
  return recorded;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

/** The CSP directives of the document's meta tag, by name. */
async function metaCsp(page: Page): Promise<Map<string, string[]>> {
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy, 'the page has a CSP meta tag').toBeTruthy();
  const directives = policy!
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0]);
  return new Map(directives.map(([name, ...values]) => [name, values]));
}

test('a whole cycle on WebGPU sends no request to any other origin', async ({ page, context, baseURL }) => {
  const recorded = recordRequests(context);

  await page.goto('/?backend=webgpu');
  await expect(page.getByTestId('draw-initial')).toBeVisible({ timeout: 120_000 });
  // Forced: without a GPU the automatic choice is WebAssembly, and this test is about WebGPU.
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgpu', { timeout: 60_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });

  await useTestSizes(page);
  await page.getByTestId('draw-initial').click();
  await expect(page.getByTestId('query-card')).toHaveCount(TINY.initialSize);
  await page.getByTestId('oracle').check();
  await expect(page.getByTestId('query-progress')).toHaveText(`${TINY.initialSize} of ${TINY.initialSize} labeled`);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('cycle-chart')).toHaveAttribute('data-points', '1', { timeout: 8 * 60_000 });
  await expect(page.getByTestId('query-card')).toHaveCount(TINY.queryK);

  // The recorder heard the page, the trainer worker's script, the demo data, and the service
  // worker storing the build: without them an empty list of strangers would prove nothing.
  const urls = recorded.map((r) => r.url);
  expect(urls).toContainEqual(expect.stringMatching(/\/assets\/main-[\w-]+\.js$/));
  expect(urls).toContainEqual(expect.stringMatching(/\/assets\/trainer\.worker-[\w-]+\.js$/));
  expect(urls).toContainEqual(expect.stringMatching(/\/demo\/pool-images\.idx\.gz$/));
  expect(recorded.filter((r) => r.byServiceWorker).length).toBeGreaterThan(0);

  const appOrigin = new URL(baseURL!).origin;
  expect(recorded.filter((r) => originOf(r.url) !== appOrigin)).toEqual([]);
});

test.describe('the content security policy', () => {
  // The console errors this test provokes on purpose: Chromium reports the CSP refusing the request
  // below twice, once for the policy and once for the fetch. One pattern for both, since
  // Playwright would read a list of two as a fixture's [value, options].
  const POLICY_REFUSAL = /^Connecting to 'http:\/\/example\.com\/x' violates the following Content Security Policy directive: "connect-src 'self'"\. The action has been blocked\.$/;
  const FETCH_REFUSAL = /^Fetch API cannot load http:\/\/example\.com\/x\. Refused to connect because it violates the document's Content Security Policy\.$/;
  test.use({ allowedConsole: [new RegExp(`${POLICY_REFUSAL.source}|${FETCH_REFUSAL.source}`)] });

  test('allows requests to this origin only, and refuses one to another', async ({ page, context }) => {
    const recorded = recordRequests(context);
    await page.goto('/');
    await expect(page.getByTestId('backend')).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });

    const csp = await metaCsp(page);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);

    const attempt = await page.evaluate(async () => {
      const violation = new Promise<{ directive: string; blocked: string }>((resolve) =>
        document.addEventListener('securitypolicyviolation', (event) =>
          resolve({ directive: event.effectiveDirective, blocked: event.blockedURI }), { once: true }),
      );
      const outcome = await fetch('http://example.com/x').then(() => 'sent', (error: Error) => error.name);
      return { outcome, violation: await violation };
    });
    expect(attempt).toEqual({ outcome: 'TypeError', violation: { directive: 'connect-src', blocked: 'http://example.com/x' } });
    // Refused before it was sent: the browser never even started the request.
    expect(recorded.filter((r) => r.url.includes('example.com'))).toEqual([]);
  });
});
