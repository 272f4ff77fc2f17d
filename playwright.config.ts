import { defineConfig, devices } from '@playwright/test';

/** Debian's Chromium by default; CHROMIUM_PATH points elsewhere (no Playwright browser download). */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** E2E_PORT lets two checkouts on one machine run their suites side by side. */
const port = Number(process.env.E2E_PORT ?? 4173);

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
  use: { baseURL: `http://localhost:${port}`, trace: 'retain-on-failure' },
  // `npm run test:e2e` builds first; the suite runs against the built app, as users get it.
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    // always this build: a server already on the port would be someone else's
    reuseExistingServer: false,
    timeout: 30_000,
  },
  projects: [
    {
      // Headless Chromium with this flag gets a real WebGPU adapter: SwiftShader, a software one.
      name: 'webgpu',
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath, args: [...commonArgs, '--enable-unsafe-webgpu'] } },
    },
    {
      // No WebGPU flag: no adapter, so TF.js falls back to WebGL (SwiftShader) or the CPU.
      name: 'fallback',
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath, args: commonArgs } },
    },
  ],
});
