import { configDefaults, defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The Content-Security-Policy of the built page (SPEC §11): no inline scripts, no eval, no network. */
const CSP = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' only: TF.js may compile WebAssembly, never JavaScript from strings.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  // blob: the object URLs of files the page itself makes (exports, the PNG rasteriser)
  "connect-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Adds the CSP meta to the built index.html only: the dev server needs an inline React-refresh preamble. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'h4h-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  // the app's version, written into exported run records
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  // Module workers: the TF.js worker loads TF.js with dynamic import().
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  // Vite's default host (localhost) is what the README and the e2e suite use; it prints the URL.
  preview: { port: 4173, strictPort: true },
  test: {
    // e2e/ holds Playwright specs; Vitest must not collect them.
    exclude: [...configDefaults.exclude, 'e2e/**', 'test-results/**'],
    // no test may fail for being slow (a loaded 2-core machine runs some 10× slower than a quiet
    // one): the limit only catches a hang. Speed is measured by `npm run bench`, never asserted here.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
