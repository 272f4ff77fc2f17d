import { expect, test } from '@playwright/test';
import { openApp, snapshot } from './app';

test('the header reports the TF.js backend the worker picked', async ({ page }, testInfo) => {
  await openApp(page);
  const badge = page.getByTestId('backend');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('H4H Explorer');

  if (testInfo.project.name === 'webgpu') {
    // --enable-unsafe-webgpu in headless Chromium: WebGPU on SwiftShader, flagged as software.
    await expect(badge).toHaveAttribute('data-backend', 'webgpu');
    await expect(badge).toHaveAttribute('data-fallback-adapter', 'true');
    await expect(badge).toHaveText(/^WebGPU · .*\(software adapter\)$/);
  } else {
    // Without the flag there is no WebGPU adapter: WebGL (SwiftShader) or, failing that, the CPU.
    await expect(badge).toHaveAttribute('data-backend', /^(webgl|cpu)$/);
    await expect(badge).toHaveText(/^(WebGL · .+|CPU)$/);
  }

  const snap = await snapshot(page);
  expect(snap.backend.status).toBe('ready');
  expect(snap.config).toMatchObject({ space: 'mini', system: 'u55-mram' });
});
