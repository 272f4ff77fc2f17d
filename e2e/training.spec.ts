/**
 * Supernet training in the page: a few tiny steps on WebGPU (the software adapter of headless
 * Chromium) in the `webgpu` project and on the CPU backend in the `fallback` project; pause,
 * reload and resume from the IndexedDB checkpoint; a bad CIFAR-10 file.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { openApp } from './app';

/** Tiny runs: batch 8, the sandwich without random subnets, small evaluations. */
async function tinySettings(page: Page, steps: number): Promise<void> {
  const set = async (field: string, value: number): Promise<void> => {
    const input = page.getByTestId(`train-${field}`);
    await input.fill(String(value));
    await input.press('Enter');
    await expect(page.getByTestId(`train-${field}`)).toHaveValue(String(value));
  };
  await set('steps', steps);
  await set('batch', 8);
  await set('randomSubnets', 0);
  await set('evalImages', 40);
  await set('calibrationImages', 16);
  await set('evalEvery', 0);
  await set('checkpointEvery', 1);
}

const status = (page: Page) => page.getByTestId('training');

/** What the progress line showed, as it changed: recorded in the page, read back after the run. */
interface Shown {
  step: string | null;
  activity: string | null;
  eta: string | null;
  status: string | null;
}
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    // the callback runs in the page; `globalThis` there is the window
    interface El {
      getAttribute(name: string): string | null;
    }
    const page = globalThis as unknown as {
      document: { querySelector(selector: string): El | null };
      MutationObserver: new (f: () => void) => { observe(target: El, options: object): void };
    };
    const line = page.document.querySelector('[data-testid="train-progress"]');
    const panel = page.document.querySelector('[data-testid="training"]');
    const log: Shown[] = [];
    (globalThis as unknown as { progressLog: Shown[] }).progressLog = log;
    const take = (): void => {
      const entry = {
        step: line?.getAttribute('data-step') ?? null,
        activity: line?.getAttribute('data-activity') ?? null,
        eta: line?.getAttribute('data-eta') ?? null,
        status: panel?.getAttribute('data-train-status') ?? null,
      };
      const last = log.at(-1);
      if (!last || JSON.stringify(last) !== JSON.stringify(entry)) log.push(entry);
    };
    const watch = { attributes: true, attributeFilter: ['data-step', 'data-activity', 'data-eta', 'data-train-status'] };
    if (line) new page.MutationObserver(take).observe(line, watch);
    if (panel) new page.MutationObserver(take).observe(panel, watch);
    take();
  });
}
const progressLog = (page: Page): Promise<Shown[]> => page.evaluate(() => (globalThis as unknown as { progressLog: Shown[] }).progressLog);

test('the progress line follows an edit of the steps at once, before Train is pressed', async ({ page }) => {
  await openApp(page);
  const line = page.getByTestId('train-progress');
  await expect(line).toHaveAttribute('data-steps', '600');
  await page.getByTestId('train-steps').fill('6');
  await page.getByTestId('train-steps').press('Enter');
  await expect(line).toHaveAttribute('data-steps', '6');
  await expect(line).toHaveAttribute('data-step', '0');
  await expect(line).toContainText('step 0 of 6 (0 %)');
  await expect(page.getByTestId('train-start')).toHaveClass(/train-primary/);
});

test('trains a few tiny steps in the worker; loss and accuracy curves and the supernet accuracy appear', async ({ page }, info) => {
  test.setTimeout(240_000);
  await openApp(page);
  // WebGPU (on the software adapter) by name: auto would take the fastest, which is not it here
  const backend = info.project.name === 'webgpu' ? 'webgpu' : 'cpu';
  await page.getByLabel('TF.js backend').selectOption(backend);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend);
  if (backend === 'webgpu') await expect(page.getByTestId('backend')).toHaveAttribute('data-fallback-adapter', 'true');
  await tinySettings(page, 3);
  await recordProgress(page);
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-train-status', 'done', { timeout: 200_000 });
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-step', '3');
  // a time estimate from the first step on; "evaluating" (no countdown) after the last step, before done
  const shown = await progressLog(page);
  const first = shown.find((e) => e.step === '1' && e.status === 'running');
  expect(first?.eta, JSON.stringify(shown)).toMatch(/^\d+$/);
  expect(first?.activity).toBe('training');
  const evaluating = shown.findIndex((e) => e.activity === 'final-evaluation');
  expect(evaluating, JSON.stringify(shown)).toBeGreaterThan(0);
  expect(shown[evaluating]).toMatchObject({ step: '3', eta: null, status: 'running' });
  expect(shown.findIndex((e) => e.status === 'done')).toBeGreaterThan(evaluating);
  // three steps, each with the largest and the smallest subnet's loss
  for (const series of ['largest', 'smallest']) {
    await expect(page.locator(`[data-testid="loss-chart"] path[data-series="${series}"]`)).toHaveAttribute('data-points', '3');
  }
  await expect(page.locator('[data-testid="accuracy-chart"] path[data-series="largest"]')).toHaveAttribute('data-points', '1');
  // the selected subnet's supernet accuracy, measured once the run is over: a fraction of 40 images
  const acc = page.getByTestId('supernet-accuracy');
  await expect(acc).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  const value = Number(await acc.getAttribute('data-value'));
  expect(value).toBeGreaterThanOrEqual(0);
  expect(value).toBeLessThanOrEqual(1);
  expect(Math.abs(value * 40 - Math.round(value * 40))).toBeLessThan(1e-9);
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', backend);

  // export: model.json (a TF.js graph model naming weights.bin) and weights.bin of the stated size
  const downloads: Download[] = [];
  page.on('download', (d) => void downloads.push(d));
  await page.getByTestId('export-subnet').click();
  await expect.poll(() => downloads.length, { timeout: 60_000 }).toBe(2);
  const byName = Object.fromEntries(
    await Promise.all(downloads.map(async (d) => [d.suggestedFilename(), readFileSync(await d.path())] as const)),
  );
  const model = JSON.parse(String(byName['model.json'])) as {
    format: string;
    weightsManifest: { paths: string[]; weights: { shape: number[]; dtype: string }[] }[];
    userDefinedMetadata: { space: string };
  };
  expect(model.format).toBe('graph-model');
  expect(model.userDefinedMetadata.space).toBe('mini');
  expect(model.weightsManifest[0]?.paths).toEqual(['weights.bin']);
  const bytes = (model.weightsManifest[0]?.weights ?? []).reduce((a, w) => a + 4 * w.shape.reduce((x, y) => x * y, 1), 0);
  expect(byName['weights.bin']?.length).toBe(bytes);

  // the curves as one SVG file: both charts, the three loss points of each series in it
  const [curves] = await Promise.all([page.waitForEvent('download'), page.getByTestId('svg-training').click()]);
  const curvesText = readFileSync(await curves.path(), 'utf8');
  expect(curves.suggestedFilename()).toBe('h4h-training.svg');
  expect(curvesText).toContain('data-testid="loss-chart"');
  expect(curvesText).toContain('data-testid="accuracy-chart"');
  expect(curvesText).toMatch(/data-series="largest"[^>]*data-points="3"|data-points="3"[^>]*data-series="largest"/);

  if (backend === 'cpu') {
    // the predictor, fitted on supernet-evaluated subnets, with its Kendall τ; then shown for the subnet
    await page.getByLabel('Subnets', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Fit predictor' }).click();
    await expect(page.getByTestId('predictor-result')).toContainText('Fitted on 10 subnets: Kendall τ', { timeout: 120_000 });
    await expect(page.getByTestId('predicted-accuracy')).toContainText('predicted');
  }
});

test('pause writes a checkpoint; resume continues the supernet kept in memory; after a reload the run resumes from the store and finishes', async ({
  page,
}, info) => {
  test.skip(info.project.name !== 'fallback', 'one backend is enough for the checkpoint round trip');
  test.setTimeout(240_000);
  await openApp(page);
  await page.getByLabel('TF.js backend').selectOption('cpu');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  // enough steps that the pauses land before the end on a fast machine too
  await tinySettings(page, 40);
  await page.getByTestId('train-start').click();
  await expect(status(page)).toHaveAttribute('data-train-status', 'running', { timeout: 60_000 });
  await expect
    .poll(async () => Number(await page.getByTestId('train-progress').getAttribute('data-step')), { timeout: 120_000 })
    .toBeGreaterThanOrEqual(2);
  await page.getByTestId('train-pause').click();
  await expect(status(page)).toHaveAttribute('data-train-status', 'paused', { timeout: 60_000 });
  const pausedAt = Number(await page.getByTestId('train-progress').getAttribute('data-step'));
  expect(pausedAt).toBeGreaterThanOrEqual(2);
  expect(pausedAt).toBeLessThan(40);

  // resume at once: the worker still holds the supernet, so nothing is read or rebuilt
  await page.getByTestId('train-resume').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-resumed', 'memory', { timeout: 60_000 });
  await expect
    .poll(async () => Number(await page.getByTestId('train-progress').getAttribute('data-step')), { timeout: 120_000 })
    .toBeGreaterThan(pausedAt);
  await page.getByTestId('train-pause').click();
  await expect(status(page)).toHaveAttribute('data-train-status', /^(paused|done)$/, { timeout: 60_000 });
  const pausedAgain = Number(await page.getByTestId('train-progress').getAttribute('data-step'));
  test.skip(pausedAgain >= 40, 'the run ended before the second pause landed');

  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  // the stored run comes back: its settings, its curves and the offer to resume
  await expect(page.getByTestId('train-resume')).toHaveText(`Resume from step ${pausedAgain}`, { timeout: 30_000 });
  await expect(page.locator('[data-testid="loss-chart"] path[data-series="largest"]')).toHaveAttribute('data-points', String(pausedAgain));
  await expect(page.getByTestId('train-steps')).toHaveValue('40');
  await page.getByLabel('TF.js backend').selectOption('cpu');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  await page.getByTestId('train-resume').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-resumed', /^(store|memory)$/, { timeout: 60_000 });
  await expect(status(page)).toHaveAttribute('data-train-status', 'done', { timeout: 200_000 });
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-step', '40');
  await expect(page.locator('[data-testid="loss-chart"] path[data-series="largest"]')).toHaveAttribute('data-points', '40');
});

test('a file that is not CIFAR-10 is refused with the reason; nothing else changes', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Search space').selectOption('mini-cifar');
  await expect(page.getByLabel('Dataset')).toHaveValue('cifar10');
  await page
    .getByTestId('cifar-files')
    .setInputFiles({ name: 'data_batch_1.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(3073 * 3 + 7) });
  await expect(page.getByTestId('cifar-error')).toContainText(
    'data_batch_1.bin: 9,226 bytes is not a whole number of 3,073-byte CIFAR-10 records',
  );
  const record = Buffer.alloc(3073 * 2);
  record[3073] = 12; // the second record's label
  await page.getByTestId('cifar-files').setInputFiles({ name: 'data_batch_2.bin', mimeType: 'application/octet-stream', buffer: record });
  await expect(page.getByTestId('cifar-error')).toContainText('data_batch_2.bin: record 1 has label 12; CIFAR-10 labels are 0–9');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toContainText('pick the CIFAR-10 binary batches first');
  await expect(page.getByTestId('totals')).toBeVisible();
});

test('the link carries the training settings; a bad field is named and the rest applies', async ({ page }) => {
  await page.goto('/#v=1&space=mini&hw=u65-dram&train=steps:42,optimizer:sgd,batch:0,schedule:constant');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('train-steps')).toHaveValue('42');
  await expect(page.getByLabel('Optimiser', { exact: true })).toHaveValue('sgd');
  await expect(page.getByLabel('Schedule')).toHaveValue('constant');
  await expect(page.getByTestId('train-batch')).toHaveValue('64');
  await expect(page.getByTestId('url-notices')).toContainText('train.batch: must be 1–1024');
  await expect(page.getByTestId('system-select')).toHaveValue('u65-dram');
  // an edit lands in the link, so copying the address shares it
  await page.getByTestId('train-learningRate').fill('0.01');
  await page.getByTestId('train-learningRate').press('Enter');
  await expect.poll(() => decodeURIComponent(page.url())).toContain('learningRate:0.01');
  expect(decodeURIComponent(page.url())).toContain('steps:42,optimizer:sgd');
});
