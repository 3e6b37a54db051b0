import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // ml/, al/ and data/ run in the worker and in Node: no Svelte, no DOM components.
    files: ['src/lib/ml/**', 'src/lib/al/**', 'src/lib/data/**'],
    rules: {
      // Any depth: data/ has folders of its own (store/, formats/, transfer/).
      'no-restricted-imports': ['error', { patterns: ['svelte', 'svelte/*', '*.svelte', '**/ui/*', '**/state/*'] }],
    },
  },
);
