import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { serviceWorkerPlugin } from './build/serviceWorkerPlugin.ts';
import { CROSS_ORIGIN_ISOLATION } from './build/crossOriginIsolation.ts';

export default defineConfig({
  // The service worker (dist/sw.js) makes the built app work offline after its first load.
  plugins: [svelte(), serviceWorkerPlugin()],
  // The trainer runs in a module worker that imports tfjs.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // The app, and the speed benchmark page that scripts/bench.mjs drives.
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  // Cross-origin isolation gives the page shared memory, which WebAssembly threads need.
  server: { host: '127.0.0.1', port: 5173, headers: CROSS_ORIGIN_ISOLATION },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: CROSS_ORIGIN_ISOLATION },
});
