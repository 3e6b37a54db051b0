import { defineConfig } from 'vitest/config';

// Unit tests run in Node on tfjs's cpu backend; IndexedDB comes from fake-indexeddb.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
