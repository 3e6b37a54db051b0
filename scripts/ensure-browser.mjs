// Makes sure a Chrome or Chromium for the end-to-end tests is present.
// Prints the browser it found and exits 0; installs Debian's chromium when running as root on a
// system with apt-get; otherwise prints how to install one and exits 1.

import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findBrowser } from './find-browser.mjs';

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

function find() {
  try {
    return findBrowser();
  } catch (error) {
    console.error(`ensure-browser: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

function report(browser) {
  console.log(`ensure-browser: using ${browser.path} (${browser.source})`);
  process.exit(0);
}

function run(args) {
  console.log(`ensure-browser: ${args.join(' ')}`);
  const result = spawnSync(args[0], args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) {
    console.error(`ensure-browser: could not run ${args[0]}: ${result.error.message}`);
    return false;
  }
  if (result.status !== 0) {
    console.error(`ensure-browser: "${args.join(' ')}" exited with ${result.status ?? result.signal}`);
    return false;
  }
  return true;
}

let browser = find();
if (browser) report(browser);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (process.platform === 'linux' && isRoot && onPath('apt-get')) {
  console.log('ensure-browser: no Chrome or Chromium found; installing Debian\'s chromium');
  if (run(['apt-get', 'update']) && run(['apt-get', 'install', '-y', 'chromium'])) {
    browser = find();
    if (browser) report(browser);
  }
}

console.error(
  [
    'ensure-browser: no Chrome or Chromium found for the end-to-end tests. Install one of:',
    '  Debian/Ubuntu:       sudo apt-get install chromium',
    '  any system:          npx playwright install chromium',
    '  or use one you have: LOSSLOOP_BROWSER=/path/to/chrome',
  ].join('\n'),
);
process.exit(1);
