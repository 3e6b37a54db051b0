import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { transformWithOxc, type Plugin } from 'vite';
import { CACHE_PREFIX, precacheFiles, precacheName } from './precacheList.ts';
import { CROSS_ORIGIN_ISOLATION } from './crossOriginIsolation.ts';

/**
 * Writes dist/sw.js after a build: src/offline/serviceWorker.ts with its types removed, preceded
 * by the list of this build's files, a cache name made from their bytes, and the cross-origin
 * isolation headers. It runs once the files
 * are written, so the list is exactly what is on disk: the app's chunks, the worker bundles and the
 * wasm binaries they load, and what public/ copied in. Builds only: the dev server has no worker.
 */
export function serviceWorkerPlugin(source = 'src/offline/serviceWorker.ts'): Plugin {
  let root = '';
  let outDir = '';
  return {
    name: 'lossloop:service-worker',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = path.resolve(root, config.build.outDir);
    },
    async writeBundle() {
      const files = precacheFiles(await listFiles(outDir));
      const contents = await Promise.all(
        files.map(async (file) => ({ path: file, bytes: await readFile(path.join(outDir, file)) })),
      );
      const typescript = await readFile(path.resolve(root, source), 'utf8');
      await writeFile(path.join(outDir, 'sw.js'), await serviceWorkerScript(typescript, files, precacheName(contents)));
    },
  };
}

/** The service worker script: the constants serviceWorker.ts declares, then the file as plain JavaScript. */
export async function serviceWorkerScript(typescript: string, files: readonly string[], cacheName: string): Promise<string> {
  // Only removes types (it throws on a syntax error); type errors are svelte-check's job.
  const { code } = await transformWithOxc(typescript, 'serviceWorker.ts', { lang: 'ts', sourcemap: false });
  // The file ends in `export {}` to be a module for the type checker; a classic script cannot have it.
  const body = code.replace(/^export \{\};?\s*$/m, '');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('serviceWorker.ts must not import or export: sw.js is a classic script');
  return [
    '// Made by build/serviceWorkerPlugin.ts from src/offline/serviceWorker.ts for this build.',
    `const PRECACHE_FILES = ${JSON.stringify(files, null, 2)};`,
    `const CACHE_NAME = ${JSON.stringify(cacheName)};`,
    `const CACHE_PREFIX = ${JSON.stringify(CACHE_PREFIX)};`,
    `const ISOLATION_HEADERS = ${JSON.stringify(CROSS_ORIGIN_ISOLATION)};`,
    '',
    body,
  ].join('\n');
}

/** Every file under `dir`, as paths relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}
