import { defineConfig } from '@playwright/test';
import { findBrowser } from './scripts/find-browser.mjs';

// Another port (LOSSLOOP_E2E_PORT) lets two checkouts run their end-to-end tests side by side.
const PORT = Number(process.env.LOSSLOOP_E2E_PORT ?? 4173);
const BASE_URL = `http://127.0.0.1:${PORT}`;

const browser = findBrowser();
if (!browser) {
  throw new Error(
    'No Chrome or Chromium found for the end-to-end tests. Run `node scripts/ensure-browser.mjs`, ' +
      'install one (`sudo apt-get install chromium` or `npx playwright install chromium`), ' +
      'or set LOSSLOOP_BROWSER=/path/to/chrome.',
  );
}

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Software WebGPU (SwiftShader) on a CPU-only machine is slow: be generous.
  timeout: 10 * 60 * 1000,
  expect: { timeout: 30 * 1000 },
  reporter: 'list',
  webServer: {
    // Serves the already-built dist/ (run `vite build` first).
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 120 * 1000,
  },
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: browser.path,
      args: [
        '--enable-unsafe-webgpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
