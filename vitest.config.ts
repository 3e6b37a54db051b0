import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Unit tests run in Node on tfjs's cpu backend; IndexedDB comes from fake-indexeddb. The Svelte
// plugin compiles the `$state` runes of the state classes (`*.svelte.ts`) so they can be tested too.
export default defineConfig({
  plugins: [svelte()],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
