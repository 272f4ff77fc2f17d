// Flat ESLint config. The per-folder `no-restricted-imports` blocks below are the import rule of
// CONVENTIONS.md: core ← train ← workers, core ← state ← ui, core ← plots ← ui, core ← cli;
// nothing imports ui; core imports nothing of the app and nothing of React, d3, TF.js or the DOM.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Import patterns (gitignore syntax, matched against the import specifier) for each app layer. */
const layer = (name) => [`**/${name}`, `**/${name}/**`];
const APP = {
  ui: layer('ui'),
  state: layer('state'),
  plots: layer('plots'),
  workers: layer('workers'),
  train: layer('train'),
  cli: layer('cli'),
  import: layer('import'),
};
const LIB = {
  react: ['react', 'react/*', 'react-dom', 'react-dom/*'],
  d3: ['d3', 'd3-*'],
  tfjs: ['@tensorflow/*'],
  zustand: ['zustand', 'zustand/*'],
};

/**
 * One config block that forbids `banned` (names of APP / LIB entries) in `files`.
 * ESLint does not merge rule options across blocks, so each folder states its full list.
 */
function importRule(files, banned, why) {
  const groups = banned.map((name) => ({
    group: APP[name] ?? LIB[name],
    message: `${why} may not import ${name} (import rule, CONVENTIONS.md).`,
  }));
  return { files, rules: { 'no-restricted-imports': ['error', { patterns: groups }] } };
}

export default tseslint.config(
  // wasm/: AssemblyScript, compiled by `npm run wasm`; src/import/tflite/generated/: flatc's output (`npm run tflite-schema`)
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'public/**',
      'wasm/**',
      'src/import/tflite/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.es2021 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // A spread argument passes every element on the stack: past ~100,000 elements it throws a
    // RangeError (an accuracy table, a run record's hypervolumes). maxOf / minOf / pushAll in core loop instead.
    files: ['src/**/*.{ts,tsx}', 'bench/**/*.ts'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
          message: 'no spread into Math.max/min (a long list overflows the call stack): use maxOf/minOf from core.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(push|unshift)$/] > SpreadElement',
          message: 'no spread into push/unshift (a long list overflows the call stack): use pushAll from core, or concat.',
        },
        {
          selector: "CallExpression[callee.object.name='String'][callee.property.name=/^fromCharCode|fromCodePoint$/] > SpreadElement",
          message: 'no spread into String.fromCharCode (a long list overflows the call stack): decode with TextDecoder or in chunks.',
        },
      ],
    },
  },
  { files: ['src/**/*.{ts,tsx}'], ignores: ['src/core/**', 'src/cli/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['src/workers/**/*.ts', 'src/train/**/*.ts'], languageOptions: { globals: { ...globals.worker } } },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,js,mjs}', 'e2e/**/*.ts', '*.config.{ts,js}', '**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  { files: ['src/**/*.tsx'], plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },

  // ── the import rule ─────────────────────────────────────────────────────────────────────────
  importRule(['src/core/**'], ['ui', 'state', 'plots', 'workers', 'train', 'cli', 'react', 'd3', 'tfjs', 'zustand'], 'core'),
  importRule(['src/train/**'], ['ui', 'state', 'plots', 'workers', 'cli', 'react', 'd3', 'zustand'], 'train'),
  importRule(['src/workers/**'], ['ui', 'state', 'plots', 'cli', 'react', 'd3', 'zustand'], 'workers'),
  importRule(['src/state/**'], ['ui', 'plots', 'train', 'cli', 'tfjs', 'd3'], 'state'),
  importRule(['src/plots/**'], ['ui', 'state', 'workers', 'train', 'cli', 'tfjs', 'zustand'], 'plots'),
  // ui reaches the worker only through workers/client (a URL, not an import, loads the worker).
  importRule(['src/ui/**', 'src/main.tsx'], ['train', 'cli', 'tfjs'], 'ui'),
  importRule(['src/cli/**'], ['ui', 'state', 'plots', 'workers', 'react', 'd3', 'zustand'], 'cli'),
  // import/: network files (.tflite) read into layer lists; core ← import ← cli (and, later, a worker)
  importRule(['src/import/**'], ['ui', 'state', 'plots', 'workers', 'train', 'cli', 'react', 'd3', 'tfjs', 'zustand'], 'import'),
  importRule(['bench/**', 'scripts/**'], ['ui', 'state', 'plots', 'workers', 'react'], 'bench/scripts'),
  {
    // Core is pure and deterministic: no DOM, no clock, no unseeded randomness.
    files: ['src/core/**'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'self', 'location', 'localStorage', 'performance', 'fetch'].map((name) => ({
          name,
          message: 'core is pure: no DOM or runtime globals (CONVENTIONS.md).',
        })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'core takes an injected seeded rng (createRng).' },
        { object: 'Date', property: 'now', message: 'core reads no clock.' },
      ],
    },
  },
);
