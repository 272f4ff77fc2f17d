import { build } from 'esbuild';
import { expect, test } from '@playwright/test';

/**
 * The fused training kernels on WebGPU (src/train/webgpuKernels.ts: BatchNorm, its gradient, ReLU6's
 * gradient) give the CPU backend's results: the kernels alone, and a forward + backward of the
 * smallest and largest `mini` subnets from the same weights, in one page (headless Chromium's
 * WebGPU is SwiftShader). The page is e2e/fixtures/webgpuKernelsPage.ts, bundled here and served on
 * the app's origin (a secure context, which WebGPU needs) without the app.
 */
test.describe.configure({ timeout: 240_000 });

type Arrays = Record<string, number[]>;
interface Check {
  fused: { cpu: boolean; webgpu: boolean };
  kernels: { cpu: Arrays; webgpu: Arrays };
  steps: { cpu: Arrays; webgpu: Arrays }[];
  dispatches: { fused: number; composite: number };
}

/** the largest |a − b| / max(1, |b|) over two arrays of the same length */
function maxError(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((v, i) => {
    const ref = b[i] as number;
    worst = Math.max(worst, Math.abs(v - ref) / Math.max(1, Math.abs(ref)));
  });
  return worst;
}

test('fused BatchNorm and ReLU6-gradient kernels on WebGPU match the CPU backend', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'webgpu', 'needs --enable-unsafe-webgpu');
  const bundle = await build({
    entryPoints: ['e2e/fixtures/webgpuKernelsPage.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  await page.route('**/h4h-kernel-check/**', (route) => {
    const js = route.request().url().endsWith('.js');
    return route.fulfill({
      contentType: js ? 'text/javascript' : 'text/html',
      body: js ? script : '<!doctype html><html lang="en"><title>kernel check</title><script type="module" src="check.js"></script></html>',
    });
  });
  await page.goto('/h4h-kernel-check/index.html');
  await page.waitForFunction(() => 'h4hKernelCheck' in globalThis);
  const r = await page.evaluate(() => (globalThis as unknown as { h4hKernelCheck(): Promise<Check> }).h4hKernelCheck());

  // both backends take the fused path (the CPU's kernels installed, WebGPU's registered)
  expect(r.fused).toEqual({ cpu: true, webgpu: true });
  for (const k of ['y', 'xhat', 'inv', 'dx', 'dGamma', 'dBeta', 'relu6']) {
    expect(maxError(r.kernels.webgpu[k] as number[], r.kernels.cpu[k] as number[]), k).toBeLessThanOrEqual(1e-3);
  }
  // ReLU6's gradient is a mask: exactly dy or 0 on both
  expect(r.kernels.webgpu.relu6).toEqual(r.kernels.cpu.relu6);
  for (const [i, s] of r.steps.entries()) {
    expect(Object.keys(s.webgpu).sort()).toEqual(Object.keys(s.cpu).sort());
    for (const k of Object.keys(s.cpu))
      expect(maxError(s.webgpu[k] as number[], s.cpu[k] as number[]), `${i === 0 ? 'smallest' : 'largest'}: ${k}`).toBeLessThanOrEqual(
        1e-3,
      );
  }
  // forward and backward of the largest subnet at batch 64 (the optimiser's update not included):
  // 7 dispatches per BatchNorm instead of the composite's ~20, 1 per ReLU6 gradient instead of 5
  console.log(
    `dispatches, largest subnet, forward + backward at batch 64: ${r.dispatches.composite} composite, ${r.dispatches.fused} fused`,
  );
  expect(r.dispatches.fused).toBeGreaterThan(0);
  expect(r.dispatches.fused).toBeLessThan(r.dispatches.composite);
  expect(r.dispatches.fused).toBeLessThanOrEqual(1000);
});
