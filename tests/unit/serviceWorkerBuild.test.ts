import { readFile } from 'node:fs/promises';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CACHE_PREFIX, precacheFiles, precacheName } from '../../build/precacheList';
import { serviceWorkerScript } from '../../build/serviceWorkerPlugin';

const BUILD = [
  'index.html',
  'bench.html',
  'sw.js',
  'assets\\main-Abc123.js',
  'assets/trainer.worker-Def456.js',
  'assets/tfjs-backend-wasm-simd-Ghi789.wasm',
  'assets/main-Abc123.js.map',
  'demo/manifest.json',
  'demo/pool-images.idx.gz',
  'demo/LICENSE-fashion-mnist.txt',
];

describe('the precache list', () => {
  it('keeps the app, its workers, wasm binaries and the licence, sorted, and leaves out the demo data, maps and sw.js', () => {
    expect(precacheFiles(BUILD)).toEqual([
      'assets/main-Abc123.js',
      'assets/tfjs-backend-wasm-simd-Ghi789.wasm',
      'assets/trainer.worker-Def456.js',
      'bench.html',
      'demo/LICENSE-fashion-mnist.txt',
      'index.html',
    ]);
  });

  it('names the cache after every byte, whatever the order of the files', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const build = [
      { path: 'index.html', bytes: bytes('<html>') },
      { path: 'assets/a.js', bytes: bytes('1') },
    ];
    const name = precacheName(build);
    expect(name.startsWith(CACHE_PREFIX)).toBe(true);
    expect(precacheName([...build].reverse())).toBe(name);
    // index.html keeps its name between builds: a change in it alone must still give a new cache.
    expect(precacheName([{ path: 'index.html', bytes: bytes('<html lang="en">') }, build[1]])).not.toBe(name);
    expect(precacheName([build[0], { path: 'assets/b.js', bytes: bytes('1') }])).not.toBe(name);
  });
});

describe('sw.js', () => {
  it('is a classic script that declares the list and the cache name before using them', async () => {
    const source = await readFile(new URL('../../src/offline/serviceWorker.ts', import.meta.url), 'utf8');
    const script = await serviceWorkerScript(source, ['index.html', 'assets/main-Abc123.js'], `${CACHE_PREFIX}0123`);
    // Compiling as a script (not a module) fails on import, export or leftover types.
    expect(() => new Script(script)).not.toThrow();
    expect(script).toContain('const PRECACHE_FILES = [\n  "index.html",\n  "assets/main-Abc123.js"\n];');
    expect(script).toContain(`const CACHE_NAME = "${CACHE_PREFIX}0123";`);
    expect(script).toContain('const ISOLATION_HEADERS = {"Cross-Origin-Opener-Policy":"same-origin","Cross-Origin-Embedder-Policy":"require-corp"};');
    expect(script).not.toMatch(/^export/m);
  });

  it('refuses a worker source that imports something', async () => {
    await expect(serviceWorkerScript("import { x } from './x';\nconsole.log(x);\n", [], 'c')).rejects.toThrow(/classic script/);
  });
});
