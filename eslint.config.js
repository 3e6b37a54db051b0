import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'public/', '.cache/'] },
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
  // The layers of src/lib, enforced. From the bottom up:
  //   core/    pure helpers (seeded RNG, backend names, schedule): imports nothing of src/lib
  //   ml/      tfjs: the networks, losses, training, inference, test metrics
  //   al/      plain JS: sampling and query strategies; never loads tfjs
  //   data/    the IndexedDB store, file formats, imports and exports
  //   loop/    the learning loop: joins ml/, al/ and data/
  //   worker/  the Web Workers that run the loop, their protocol, pause and cancel
  //   state/, ui/ and the page: never load tfjs; they may name ml/ and loop/ types only
  // Each rule matches a folder name as a path segment at any depth ("../data/x", "../../data/store/x").
  engineLayer(['src/lib/core/**'], [
    { regex: '^\\.\\./', message: 'core/ is the bottom layer: it imports nothing from src/lib.' },
    { group: ['@tensorflow/*', 'idb'], message: 'core/ holds pure helpers only.' },
  ]),
  engineLayer(['src/lib/ml/**'], [
    { regex: importOf('al', 'data', 'loop', 'worker', 'state', 'ui'), message: 'ml/ imports only core/ and tfjs: the learning loop (loop/) joins it with al/ and data/.' },
  ]),
  engineLayer(['src/lib/al/**'], [
    { regex: importOf('ml', 'data', 'loop', 'worker', 'state', 'ui'), message: 'al/ is plain JS over arrays: it imports only core/ (the loop passes in what it needs).' },
    { group: ['@tensorflow/*'], message: 'al/ never loads tfjs: device work is passed in as a function (see core/nearestDistances.ts).' },
  ]),
  engineLayer(['src/lib/data/**'], [
    { regex: importOf('ml', 'loop', 'worker', 'state', 'ui'), message: 'data/ defines what it stores itself: it imports no engine, worker or UI code.' },
  ]),
  engineLayer(['src/lib/loop/**'], [
    { regex: importOf('worker', 'state', 'ui'), message: 'loop/ knows nothing of the worker or the page: it reports through the callbacks it is given.' },
  ]),
  engineLayer(['src/lib/worker/**'], [
    { regex: importOf('state', 'ui'), message: 'The worker talks to the page only through messages (worker/protocol.ts).' },
  ]),
  {
    files: ['src/lib/state/**', 'src/lib/ui/**', 'src/*.svelte', 'src/main.ts', 'src/bench/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['@tensorflow/*'], message: 'The page never loads tfjs: all tensor math runs in the trainer worker.' },
          {
            regex: importOf('ml', 'loop', 'worker'), allowTypeImports: true,
            message: 'The page may name engine types (import type) but never loads engine code: talk to the worker through worker/protocol.ts.',
          },
        ],
      }],
    },
  },
);

/** A no-restricted-imports pattern for an import of any of these src/lib folders, at any depth. */
function importOf(...folders) {
  return `(^|/)(${folders.join('|')})(/|$)`;
}

/** The rule for an engine folder: its own forbidden layers, and no Svelte (it runs in workers and Node). */
function engineLayer(files, patterns) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['svelte', 'svelte/*', '*.svelte'], message: 'Engine code runs in workers and in Node: no Svelte.' },
          ...patterns,
        ],
      }],
    },
  };
}

