import { test as base, expect, type Page } from '@playwright/test';

/**
 * Text that marks a WebGPU problem. TensorFlow.js on WebGPU reports shader and validation errors only
 * as console warnings and then returns zeros, so a message like this fails a test whatever its type.
 */
export const GPU_TROUBLE = /WGSL|validation|device (was )?lost|GPUValidationError|shader/i;

export interface RecordedMessage {
  /** Console message type ('log', 'warning', 'error', ...) or 'pageerror' for an uncaught error. */
  type: string;
  text: string;
  /** Where it came from, when known. */
  location: string;
}

export interface HarnessOptions {
  /** Messages matching any of these are expected and do not fail the test. */
  allowedConsole: RegExp[];
}

export interface HarnessFixtures {
  /** Every console message and uncaught page error so far, in order (allowed ones included). */
  consoleMessages: RecordedMessage[];
  /** Every request URL so far whose origin is not the app's (baseURL's) origin. */
  offOriginRequests: string[];
}

/** True for messages that fail a test: console errors, uncaught page errors, and GPU trouble. */
export function isOffending(message: RecordedMessage): boolean {
  return message.type === 'error' || message.type === 'pageerror' || GPU_TROUBLE.test(message.text);
}

/**
 * Records the URL of every request made by `page`'s browser context (pages and their workers) whose
 * origin differs from `appOrigin`. data: URLs are not network requests and are ignored.
 * Returns the live list.
 */
export function requestsOffOrigin(page: Page, appOrigin: string): string[] {
  const origin = new URL(appOrigin).origin;
  const urls: string[] = [];
  page.context().on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:')) return;
    let requestOrigin: string;
    try {
      requestOrigin = new URL(url).origin;
    } catch {
      requestOrigin = 'null';
    }
    if (requestOrigin !== origin) urls.push(url);
  });
  return urls;
}

function formatLocation(location: { url: string; line: number; column: number }): string {
  return location.url ? `${location.url}:${location.line + 1}:${location.column + 1}` : '';
}

export const test = base.extend<HarnessOptions & HarnessFixtures>({
  allowedConsole: [[], { option: true }],

  // eslint-disable-next-line no-empty-pattern -- Playwright requires an object pattern here
  consoleMessages: async ({}, use) => {
    await use([]);
  },

  page: async ({ page, consoleMessages, allowedConsole }, use) => {
    page.on('console', (message) => {
      consoleMessages.push({
        type: message.type(),
        text: message.text(),
        location: formatLocation(message.location()),
      });
    });
    page.on('pageerror', (error) => {
      consoleMessages.push({
        type: 'pageerror',
        text: error.stack ?? `${error.name}: ${error.message}`,
        location: '',
      });
    });

    await use(page);

    const offending = consoleMessages.filter(
      (message) => isOffending(message) && !allowedConsole.some((allowed) => message.text.search(allowed) !== -1),
    );
    if (offending.length > 0) {
      const lines = offending.map(
        (message) => `  [${message.type}] ${message.text}${message.location ? `  (${message.location})` : ''}`,
      );
      throw new Error(
        `The page reported ${offending.length} console error(s), page error(s) or WebGPU problem(s):\n` +
          lines.join('\n'),
      );
    }
  },

  offOriginRequests: async ({ page, baseURL }, use) => {
    if (!baseURL) throw new Error('offOriginRequests needs use.baseURL to know the app origin');
    await use(requestsOffOrigin(page, baseURL));
  },
});

export { expect };
