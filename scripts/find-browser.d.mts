export interface FoundBrowser {
  /** Absolute path of the Chrome or Chromium executable. */
  path: string;
  /**
   * Where it was found: 'LOSSLOOP_BROWSER', 'CHROME_PATH', 'playwright', 'google-chrome',
   * 'debian-chromium' or 'chromium-wrapper'.
   */
  source: string;
}

/**
 * Finds a Chrome or Chromium executable for the end-to-end tests, or returns null.
 * Throws when LOSSLOOP_BROWSER or CHROME_PATH is set but names no executable file.
 */
export function findBrowser(): FoundBrowser | null;
