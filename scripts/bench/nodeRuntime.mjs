// The bench in Node (`--runtime node`): the same engine code (src/lib/ml, loaded through Vite's
// module runner) on Dawn, Chrome's own WebGPU implementation built for Node (npm `webgpu`), on any
// adapter Vulkan exposes. Dawn carries builds for five platforms (51 MB download, 132 MB
// unpacked), so it is fetched on demand into .cache/node-webgpu (ignored by git) instead of being a
// dependency every `npm install` pays for.
//
// Without a GPU, Vulkan needs Mesa's software driver, lavapipe; Debian 12's Mesa 22.3 is too old
// for Dawn, bookworm-backports' Mesa 25 works:
//   sudo apt-get install -y -t bookworm-backports mesa-vulkan-drivers libvulkan1
// (after adding bookworm-backports to apt's sources). On lavapipe the figures check correctness only.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runnerImport } from 'vite';

const DAWN_PACKAGE = 'webgpu@0.6.2';
const CACHE = resolve('.cache/node-webgpu');

async function loadDawn() {
  const entry = join(CACHE, 'node_modules', 'webgpu', 'index.js');
  if (!existsSync(entry)) {
    console.log(`Fetching ${DAWN_PACKAGE} (Dawn for Node, about 51 MB) into ${CACHE}…`);
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--prefix', CACHE, DAWN_PACKAGE], { stdio: 'inherit' });
  }
  return import(pathToFileURL(entry).href);
}

/**
 * Makes Node look enough like a browser worker for tfjs's WebGPU backend, which registers itself
 * on import only where navigator.gpu exists. Must run before tfjs-backend-webgpu is imported.
 */
async function installWebGpu() {
  const dawn = await loadDawn();
  Object.assign(globalThis, dawn.globals);
  const navigator = { gpu: dawn.create([]), hardwareConcurrency: cpus().length, userAgent: `Node.js ${process.version}` };
  Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
}

export async function openNodeRuntime() {
  await installWebGpu();
  const load = async (path) => (await runnerImport(resolve(path), { configFile: false, logLevel: 'warn' })).module;
  const [{ benchRequestFrom }, { runBenchRequest }] = await Promise.all([load('src/bench/benchRequest.ts'), load('src/lib/ml/benchRun.ts')]);
  return {
    /** The same result object as the bench page gives. */
    async measure(params) {
      const request = benchRequestFrom(new URLSearchParams(params));
      try {
        return { request, ...(await runBenchRequest(request)), userAgent: navigator.userAgent };
      } catch (error) {
        return { type: 'error', message: error instanceof Error ? error.message : String(error) };
      }
    },
    appCycle: async () => null,
    close: async () => {},
  };
}
