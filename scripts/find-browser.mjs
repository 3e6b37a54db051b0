// Locates a Chrome or Chromium executable for the end-to-end tests.
//
// Order:
//   1. LOSSLOOP_BROWSER, then CHROME_PATH (a set variable that names a missing file is an error)
//   2. Playwright's own Chromium, when `npx playwright install chromium` has been run
//   3. Google Chrome at its usual Linux and macOS locations
//   4. Debian's Chromium binary, then the /usr/bin/chromium wrapper script

import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const ENV_VARS = ['LOSSLOOP_BROWSER', 'CHROME_PATH'];

const GOOGLE_CHROME_PATHS = [
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

const DEBIAN_CHROMIUM = '/usr/lib/chromium/chromium';
const CHROMIUM_WRAPPER = '/usr/bin/chromium';

/** True when `path` is a regular file this process may execute. */
function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Playwright's downloaded Chromium, or null when it is not installed. */
function playwrightChromium() {
  for (const pkg of ['playwright-core', '@playwright/test']) {
    let chromium;
    try {
      ({ chromium } = require(pkg));
    } catch {
      continue;
    }
    try {
      const path = chromium.executablePath();
      return path && isExecutableFile(path) ? path : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * @returns {{ path: string, source: string } | null}
 * @throws {Error} when LOSSLOOP_BROWSER or CHROME_PATH is set but names no executable file
 */
export function findBrowser() {
  for (const name of ENV_VARS) {
    const value = process.env[name];
    if (value === undefined || value === '') continue;
    if (!isExecutableFile(value)) {
      throw new Error(
        `${name} is set to "${value}", but that is not an executable file. ` +
          `Point ${name} at a Chrome or Chromium executable, or unset it to search the usual places.`,
      );
    }
    return { path: value, source: name };
  }

  const playwright = playwrightChromium();
  if (playwright) return { path: playwright, source: 'playwright' };

  for (const path of GOOGLE_CHROME_PATHS) {
    if (isExecutableFile(path)) return { path, source: 'google-chrome' };
  }

  if (isExecutableFile(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: 'debian-chromium' };
  if (isExecutableFile(CHROMIUM_WRAPPER)) return { path: CHROMIUM_WRAPPER, source: 'chromium-wrapper' };

  return null;
}
