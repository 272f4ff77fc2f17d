// Flat ESLint config. The per-folder `no-restricted-imports` blocks below are the import rule of
// CONVENTIONS.md: core ← train ← workers, core ← state ← ui, core ← plots ← ui, core ← cli;
// nothing imports ui; core imports nothing of the app and nothing of React, d3, TF.js or the DOM;
// ui and state reach workers/ only through its clients and protocol. Core also reads no clock, sets
// no timer and does no I/O (no-restricted-globals), and TypeScript is linted with type information
// so that no promise floats. src/lintConfig.test.ts checks these rules on probe files.
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

/** The TypeScript files linted with type information (every one is in some tsconfig*.json). */
const TYPED = ['src/**/*.{ts,tsx}', 'bench/**/*.ts', 'e2e/**/*.ts', 'scripts/**/*.ts'];

/** Negated patterns that let through `workers/<name>` however the specifier is written (no extension, .js, .ts). */
const allowWorkersModule = (name) => ['', '.js', '.ts'].map((ext) => `!**/workers/${name}${ext}`);

/** no-restricted-globals entries: each of `names` with `message`. */
const restrict = (names, message) => names.map((name) => ({ name, message }));

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
  { files: ['src/**/*.tsx', 'src/**/use*.ts'], plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },
  {
    // Type-aware rules: a promise nobody awaits loses its error and its ordering. Each TS file is typed
    // by the first tsconfig below whose include list holds it (not `projectService`: that only
    // reads the nearest tsconfig.json, which types the app and leaves out tests, cli and workers).
    files: TYPED,
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.worker.json', './tsconfig.node.json', './tsconfig.dom-tests.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // attributes: a React handler may be async (onClick={async () => …}); React ignores its promise.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  // Plain JS (configs, build scripts) is linted untyped.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },

  // ── the import rule ─────────────────────────────────────────────────────────────────────────
  importRule(['src/core/**'], ['ui', 'state', 'plots', 'workers', 'train', 'cli', 'react', 'd3', 'tfjs', 'zustand'], 'core'),
  importRule(['src/train/**'], ['ui', 'state', 'plots', 'workers', 'cli', 'react', 'd3', 'zustand'], 'train'),
  importRule(['src/workers/**'], ['ui', 'state', 'plots', 'cli', 'react', 'd3', 'zustand'], 'workers'),
  importRule(['src/state/**'], ['ui', 'plots', 'train', 'cli', 'tfjs', 'd3'], 'state'),
  importRule(['src/plots/**'], ['ui', 'state', 'workers', 'train', 'cli', 'tfjs', 'zustand'], 'plots'),
  // ui reaches workers/ only through its clients and protocol: the block below.
  importRule(['src/ui/**', 'src/main.tsx'], ['train', 'cli', 'tfjs'], 'ui'),
  {
    // The main bundle reaches workers/ only through the clients (a URL, not an import, loads a worker)
    // and the protocol: anything else there (trainSession, handlers) would pull TF.js or worker code
    // into the page. Type imports are erased, so they may name any workers/ module. Tests are not bundled.
    // The page imports core through its one door, core/index.ts (a leaf loaded on demand is an
    // `import()`, which this rule does not see: core/hardware/calibrationFit, core/learn/lessons).
    files: ['src/ui/**', 'src/main.tsx', 'src/state/**', 'src/plots/**'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // not `**/workers` too: gitignore cannot re-include a file below an excluded folder
              group: ['**/workers/**', ...['client', '*Client', 'protocol*'].flatMap(allowWorkersModule)],
              allowTypeImports: true,
              caseSensitive: true,
              message:
                'ui and state import from workers/ only a client (workers/*Client), workers/client or workers/protocol* (import rule, CONVENTIONS.md).',
            },
            {
              group: ['**/core/**', '!**/core/index', '!**/core/index.js'],
              allowTypeImports: true,
              caseSensitive: true,
              message: 'the page imports core through core/index.ts, its one public door (import rule, CONVENTIONS.md).',
            },
          ],
        },
      ],
    },
  },
  importRule(['src/cli/**'], ['ui', 'state', 'plots', 'workers', 'react', 'd3', 'zustand'], 'cli'),
  // import/: network files (.tflite) read into layer lists; core ← import ← cli (and, later, a worker)
  importRule(['src/import/**'], ['ui', 'state', 'plots', 'workers', 'train', 'cli', 'react', 'd3', 'tfjs', 'zustand'], 'import'),
  importRule(['bench/**', 'scripts/**'], ['ui', 'state', 'plots', 'workers', 'react'], 'bench/scripts'),
  {
    // Core is pure and deterministic: no DOM, no clock, no timers, no I/O, no unseeded randomness.
    files: ['src/core/**'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-globals': [
        'error',
        ...restrict(
          ['window', 'document', 'navigator', 'self', 'location', 'localStorage', 'performance', 'fetch', 'globalThis'],
          'core is pure: no DOM or runtime globals (CONVENTIONS.md).',
        ),
        ...restrict(['Date'], 'core reads no clock: the caller passes a timestamp or a formatted date in.'),
        ...restrict(
          ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame'],
          'core schedules nothing: timers belong to the caller (state/, workers/, cli/).',
        ),
        ...restrict(['console', 'process'], 'core does no I/O: return values (or take a log callback) and let the caller print.'),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'core takes an injected seeded rng (createRng).' },
      ],
    },
  },
);
