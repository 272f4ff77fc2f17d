import { expect, test } from '@playwright/test';
import { openApp, snapshot } from './app';

interface Probe {
  backend: 'webgpu' | 'webgl' | 'cpu';
  ms: number | null;
  stopped: boolean;
  error: string | null;
  adapter: { isFallbackAdapter: boolean } | null;
}
const LABEL = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' } as const;

/** The test's own argmin: finished probes before stopped ones, then the time, then WebGPU → WebGL → CPU. */
function fastest(probe: readonly Probe[]): Probe['backend'] {
  const measured = probe.filter((p) => p.ms !== null);
  const sorted = [...measured].sort((a, b) => Number(a.stopped) - Number(b.stopped) || (a.ms as number) - (b.ms as number));
  return (sorted[0] as Probe).backend;
}

test('auto measures every backend the browser offers, takes the fastest and says why', async ({ page }, testInfo) => {
  await openApp(page, { fresh: true });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('H4H Explorer');
  const badge = page.getByTestId('backend');
  await expect(badge).toHaveAttribute('data-chosen-by', 'probe');
  const snap = await snapshot(page);
  expect(snap.backend.status).toBe('ready');
  const info = (snap.backend as unknown as { info: { backend: Probe['backend']; probe: Probe[] } }).info;
  expect(info.probe.map((p) => p.backend)).toEqual(['webgpu', 'webgl', 'cpu']);
  // a number for every backend the browser offers; the CPU always; the reason where there is none
  const cpu = info.probe[2] as Probe;
  expect(cpu.ms).toBeGreaterThan(0);
  const webgpu = info.probe[0] as Probe;
  if (testInfo.project.name === 'webgpu') {
    // --enable-unsafe-webgpu in headless Chromium: WebGPU on SwiftShader, flagged as software
    expect(webgpu.ms).toBeGreaterThan(0);
    expect(webgpu.adapter?.isFallbackAdapter).toBe(true);
  } else {
    expect(webgpu).toMatchObject({ ms: null, error: 'no adapter' });
  }
  for (const p of info.probe) expect(p.ms !== null || p.error !== null, `${p.backend} has a time or a reason`).toBe(true);
  const chosen = fastest(info.probe);
  expect(info.backend).toBe(chosen);
  await expect(badge).toHaveAttribute('data-backend', chosen);
  await expect(badge).toContainText(`${LABEL[chosen]}`);
  await expect(badge).toContainText('measured fastest');
  // the training panel says why, with each measured backend's time
  const why = page.getByTestId('backend-probe');
  await expect(why).toContainText(`auto → ${LABEL[chosen]}: `);
  for (const p of info.probe) if (p.backend !== chosen) await expect(why).toContainText(LABEL[p.backend]);
  expect(snap.config).toMatchObject({ space: 'mini', system: 'u55-mram' });

  // the measurement is kept: a reload takes the same backend without probing, and says so
  await expect(why).toHaveAttribute('data-measured-at', '');
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await expect(why).not.toHaveAttribute('data-measured-at', '');
  await expect(why).toContainText('kept, so the page did not probe again');
  const again = (await snapshot(page)).backend as unknown as { info: { backend: string; probe: Probe[] } };
  expect(again.info).toMatchObject({ backend: chosen, probe: info.probe });
  await expect(badge).toHaveAttribute('data-backend', chosen);
  // "Measure again" probes afresh
  await page.getByTestId('backend-remeasure').click();
  await expect(why).toHaveAttribute('data-measured-at', '');
  await expect(badge).toHaveAttribute('data-chosen-by', 'probe');
});

test('a named backend is taken as it is, unprobed; a software WebGPU adapter is flagged', async ({ page }, testInfo) => {
  await openApp(page);
  const badge = page.getByTestId('backend');
  if (testInfo.project.name === 'webgpu') {
    await page.getByLabel('TF.js backend').selectOption('webgpu');
    await expect(badge).toHaveAttribute('data-backend', 'webgpu');
    await expect(badge).toHaveAttribute('data-fallback-adapter', 'true');
    await expect(badge).toHaveAttribute('data-chosen-by', 'choice');
    await expect(badge).toHaveText(/^WebGPU · .*\(software adapter\)$/);
  } else {
    // without the flag there is no WebGPU adapter: asking for it is refused with the reason
    await page.getByLabel('TF.js backend').selectOption('webgpu');
    await expect(badge).toHaveAttribute('data-backend', 'none');
    await expect(badge).toHaveAttribute('title', /no WebGPU adapter/);
    await page.getByLabel('TF.js backend').selectOption('cpu');
    await expect(badge).toHaveAttribute('data-backend', 'cpu');
    await expect(badge).toHaveText('CPU');
  }
  await expect(page.getByTestId('backend-probe')).toHaveCount(0);
});
