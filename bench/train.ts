import { spawn } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { chromium } from '@playwright/test';
import { getSpace } from '../src/core/index.js';
import { benchTraining, benchTrainingSubnet, type SubnetTrainBench, type TrainBench } from '../src/train/bench.js';
import { loadPreparedDatasetFromDisk } from '../src/train/dataNode.js';

export interface TrainBenchRow extends TrainBench {
  readonly where: string;
  readonly adapter?: string;
}

/** Training throughput in Node on TF.js's CPU backend (the only backend `@tensorflow/tfjs` has in Node). */
export async function benchTrainNode(batch: number, steps: number): Promise<TrainBenchRow> {
  await tf.setBackend('cpu');
  const ds = await loadPreparedDatasetFromDisk('fashion-mnist');
  return { where: 'Node 20', ...(await benchTraining(getSpace('mini'), ds, batch, steps)) };
}

/** The largest `mini` subnet alone at `batch` in Node (the batch-scaling figure; the steady-state ratio to PyTorch). */
export async function benchTrainNodeLargest(batch: number, steps: number, warmup = 1): Promise<SubnetTrainBench> {
  await tf.setBackend('cpu');
  const ds = await loadPreparedDatasetFromDisk('fashion-mnist');
  return benchTrainingSubnet(getSpace('mini'), ds, 'largest', batch, steps, warmup);
}

/** Serves dist/ with `vite preview` on a free port; resolves to its URL and a stop function. */
export async function preview(port: number): Promise<{ url: string; stop: () => void }> {
  // vite's own script under this Node (not `npx`, whose child would outlive kill() and hold the port)
  const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--port', String(port), '--strictPort'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://localhost:${port}/`;
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 200));
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, stop: () => child.kill() };
  }
  child.kill();
  throw new Error('vite preview did not start');
}

type BrowserBench = TrainBench & { adapter: { description: string; architecture: string; isFallbackAdapter: boolean } | null };

/** `vite preview`'s port for the browser rows (E2E_PORT where set, so that benches beside each other do not collide). */
const BENCH_PORT = Number(process.env.E2E_PORT ?? 4179);

/**
 * The same measurement in headless Chromium (Debian's, or CHROMIUM_PATH), in the app's worker, for
 * each backend the browser gives: WebGPU (with --enable-unsafe-webgpu), WebGL, CPU. A backend that
 * does not initialise is reported, not skipped silently.
 */
export async function benchTrainBrowser(
  batch: number,
  steps: number,
  scaleBatch?: number,
  port = BENCH_PORT,
): Promise<(TrainBenchRow | { where: string; backend: string; error: string })[]> {
  const server = await preview(port);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--enable-unsafe-webgpu',
    ],
  });
  const out: (TrainBenchRow | { where: string; backend: string; error: string })[] = [];
  try {
    const version = browser.version();
    for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
      try {
        const run = (n: number, timed = steps): Promise<BrowserBench> =>
          page.evaluate(
            ([b, nn, s]) =>
              (globalThis as unknown as { h4h: { benchTrain(o: object): Promise<BrowserBench> } }).h4h.benchTrain({
                backend: b,
                batch: nn,
                steps: s,
              }),
            [backend, n, timed] as const,
          );
        const r = await run(batch);
        // the batch-scaling figure on WebGPU: the largest subnet again at scaleBatch (the page runs both
        // subnets; one timed step: WebGL and the CPU, and more steps, would only add minutes here)
        const scaled = scaleBatch && backend === 'webgpu' ? (await run(scaleBatch, 1)).rows.filter((x) => x.subnet === 'largest') : [];
        const a = r.adapter;
        out.push({
          where: `Chromium ${version}`,
          backend: r.backend,
          rows: [...r.rows, ...scaled],
          ...(a ? { adapter: `${a.description || a.architecture}${a.isFallbackAdapter ? ' (software)' : ''}` } : {}),
        });
      } catch (e) {
        out.push({ where: `Chromium ${version}`, backend, error: (e as Error).message.split('\n')[0] ?? '' });
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.stop();
  }
  return out;
}

export interface FirstLossPoint {
  readonly where: string;
  /** the backend auto took, and why (the probe, as the page says it) */
  readonly backend: string;
  readonly why: string;
  /** page load until it is ready (the backend probe included), ms */
  readonly readyMs: number;
  /** Train pressed until the first loss point is on screen, ms */
  readonly firstLossMs: number;
}

/**
 * What a newcomer waits for: the page from the defaults in headless Chromium (WebGPU flag on, so all
 * three backends are probed), Train pressed, until the progress line shows step 1 of the run.
 */
export async function benchFirstLoss(port = BENCH_PORT): Promise<FirstLossPoint> {
  const server = await preview(port);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--enable-unsafe-webgpu',
    ],
  });
  try {
    const page = await browser.newPage();
    const t0 = performance.now();
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 120_000 });
    const readyMs = performance.now() - t0;
    const backend = (await page.getByTestId('backend').getAttribute('data-backend')) ?? '?';
    const why =
      (await page
        .getByTestId('backend-probe')
        .textContent()
        .catch(() => null)) ?? '';
    const t1 = performance.now();
    await page.getByTestId('train-start').click();
    // (a locator, not a predicate: the page's CSP allows no string evaluation)
    await page.locator('[data-testid="train-progress"][data-of="run"]:not([data-step="0"])').waitFor({ timeout: 300_000 });
    const firstLossMs = performance.now() - t1;
    await page.getByTestId('train-cancel').click();
    return { where: `Chromium ${browser.version()}`, backend, why, readyMs, firstLossMs };
  } finally {
    await browser.close();
    server.stop();
  }
}
