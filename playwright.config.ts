import { defineConfig, devices } from '@playwright/test';

/** Debian's Chromium by default; CHROMIUM_PATH points elsewhere (no Playwright browser download). */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const commonArgs = [
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: 'http://localhost:4173',
    trace: 'retain-on-failure',
  },
  // `npm run test:e2e` builds first; the suite runs against the built app, as users get it.
  webServer: {
    command: 'npx vite preview --port 4173 --strictPort',
    url: 'http://localhost:4173',
    // always this build: a server already on the port would be someone else's
    reuseExistingServer: false,
    timeout: 30_000,
  },
  projects: [
    {
      // Headless Chromium with this flag gets a real WebGPU adapter: SwiftShader, a software one.
      name: 'webgpu',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath, args: [...commonArgs, '--enable-unsafe-webgpu'] },
      },
    },
    {
      // No WebGPU flag: no adapter, so TF.js falls back to WebGL (SwiftShader) or the CPU.
      name: 'fallback',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath, args: commonArgs },
      },
    },
  ],
});
