import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readLink } from '../src/state/link';
import { asReturningVisitor, openApp, snapshot } from './app';

/** A field of the page's link (links past a length are compressed: read, not matched). */
const linkField = (url: string, key: string): string | undefined => readLink(new URL(url).hash).fields.get(key);

/** "Your model": a real .tflite dropped on the page is estimated as `h4h estimate --model` estimates it; its link names the file. */
const FILE = 'src/import/fixtures/kws_micronet_m.tflite';

interface CliModel {
  model: string;
  layers: { name: string; kind: string; npu: { timeUs: number } }[];
  macs: number;
  params: number;
  schemas: Record<string, { latencyMs: number; energyUj: number; placement: string[] }>;
}

test.describe('your model', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'no TF.js involved: runs in one project');
  });

  test('a dropped .tflite shows its layer table, timeline and sweep with the CLI’s numbers; its link names the file, which a fresh browser is asked for and recognises', async ({
    page,
    browser,
  }) => {
    const bytes = readFileSync(FILE);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const cli = JSON.parse(
      execFileSync('npm', ['run', '-s', 'h4h', '--', 'estimate', '--model', FILE, '--hw', 'u55-mram', '--json'], {
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      }),
    ) as CliModel;
    await openApp(page);

    // drop the file on the zone, as a user drags it from their file manager
    const zone = page.getByTestId('model-drop');
    const transfer = await page.evaluateHandle((b64) => {
      // the page's DOM (this file type-checks without it)
      const dom = globalThis as unknown as {
        atob(s: string): string;
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
      };
      const data = Uint8Array.from(dom.atob(b64), (c) => c.charCodeAt(0));
      const dt = new dom.DataTransfer();
      dt.items.add(new dom.File([data], 'kws_micronet_m.tflite', { type: 'application/octet-stream' }));
      return dt;
    }, bytes.toString('base64'));
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    await expect(page.getByTestId('model-facts')).toHaveAttribute('data-sha256', sha);
    await expect(page.getByTestId('summary-model')).toContainText('kws_micronet_m (.tflite)');

    // the same layers and totals as the CLI, under every schema
    const snap = (await snapshot(page)) as Awaited<ReturnType<typeof snapshot>> & {
      model: { layers: number; macs: number; params: number } | null;
    };
    expect(snap.model).toMatchObject({ layers: cli.layers.length, macs: cli.macs, params: cli.params });
    for (const id of ['npu', 'cim', 'hetero', 'parallel']) expect(snap.estimates[id]?.latencyMs, id).toBe(cli.schemas[id]?.latencyMs);
    const table = page.getByTestId('layers');
    await expect(table.locator('tbody tr[data-index]')).toHaveCount(cli.layers.length);
    await expect(table.locator('tbody tr[data-index="0"]')).toContainText(cli.layers[0]?.name ?? '?');
    // the timeline: every layer a bar on the NPU under NPU only; hetero's bars where the CLI places them
    const t = page.getByTestId('timeline');
    await expect(t.locator('[data-lane="npu:NPU"]')).toHaveAttribute('data-bars', String(cli.layers.length));
    const hetero = cli.schemas.hetero?.placement ?? [];
    await expect(t.locator('[data-lane="hetero:NPU"]')).toHaveAttribute('data-bars', String(hetero.filter((p) => p === 'NPU').length));
    await expect(page.getByTestId('cim-sweep')).toHaveAttribute('data-points', '12');
    // the download is the CLI's --json document, with the file's SHA-256
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('model-download').click()]);
    const doc = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8')) as CliModel & { source: { sha256: string } };
    expect(download.suggestedFilename()).toBe('kws_micronet_m-estimate.json');
    expect(doc.source.sha256).toBe(sha);
    expect({ macs: doc.macs, params: doc.params, layers: doc.layers.map((l) => l.name), hetero: doc.schemas.hetero?.latencyMs }).toEqual({
      macs: cli.macs,
      params: cli.params,
      layers: cli.layers.map((l) => l.name),
      hetero: cli.schemas.hetero?.latencyMs,
    });

    // a file that is no model: named in the message; the model stays
    await page.getByTestId('model-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect(page.getByTestId('model-error')).toContainText(
      '"notes.txt" is neither a model description (JSON) nor a .tflite or .onnx file',
    );
    await expect(page.getByTestId('model-facts')).toHaveAttribute('data-sha256', sha);

    // the link names the file; a fresh browser is asked for it, and recognises it when opened
    await expect.poll(() => linkField(page.url(), 'model')).toBe(`tflite.${sha.slice(0, 8)}.kws_micronet_m.tflite`);
    const link = page.url();
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const visit = await asReturningVisitor(other);
    await other.goto(`/${new URL(link).hash}`);
    await expect(other.locator('body')).toHaveAttribute('data-state', 'ready');
    await visit.afterReady();
    await expect(other.getByTestId('model-linked')).toContainText('kws_micronet_m.tflite');
    await expect(other.getByTestId('model-linked')).toContainText(sha.slice(0, 8));
    expect(linkField(other.url(), 'model')).toBe(`tflite.${sha.slice(0, 8)}.kws_micronet_m.tflite`);
    await other.getByTestId('model-file').setInputFiles(FILE);
    await expect(other.getByTestId('model-link-match')).toBeVisible();
    const otherSnap = (await snapshot(other)) as typeof snap;
    expect(otherSnap.estimates).toEqual(snap.estimates);
    // back to the subnet: the link no longer names a file
    await other.getByTestId('model-close').click();
    await expect(other.getByTestId('model-facts')).toHaveCount(0);
    await expect.poll(() => linkField(other.url(), 'model')).toBeUndefined();
    await fresh.close();
  });

  test('measurements calibrate the page: factors and residuals shown, every estimate labelled, equal to the CLI’s --calibrate; the calibrated link reproduces in a fresh browser', async ({
    page,
    browser,
  }) => {
    const raw = JSON.parse(
      execFileSync('npm', ['run', '-s', 'h4h', '--', 'estimate', '--model', FILE, '--json'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 }),
    ) as CliModel;
    const factor: Record<string, number> = { conv: 1.3, pwconv: 0.9, dwconv: 1.1, pool: 2 };
    const csv = ['layer,latency_us', ...raw.layers.map((l) => `${l.name},${l.npu.timeUs * (factor[l.kind] ?? 1)}`)].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'h4h-e2e-cal-'));
    const measured = join(dir, 'measured.csv');
    writeFileSync(measured, csv);
    const cli = JSON.parse(
      execFileSync('npm', ['run', '-s', 'h4h', '--', 'estimate', '--model', FILE, '--calibrate', measured, '--json'], {
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      }),
    ) as CliModel;

    await openApp(page);
    await page.getByTestId('model-file').setInputFiles(FILE);
    await expect(page.getByTestId('model-facts')).toBeVisible();
    await page.getByTestId('calibration-file').setInputFiles(measured);
    const factors = page.getByTestId('calibration-factors');
    await expect(factors.locator('tr[data-key="conv.npu"] td').first()).toHaveText('1.3');
    await expect(factors.locator('tr[data-key="pool.npu"] td').first()).toHaveText('2');
    await expect(page.getByTestId('calibration-residuals')).toContainText('13 layers measured in measured.csv');
    await expect(page.getByTestId('summary')).toContainText('calibrated');
    const snap = await snapshot(page);
    for (const id of ['npu', 'cim', 'hetero', 'parallel'])
      expect(snap.estimates[id]?.latencyMs, id).toBeCloseTo(cli.schemas[id]?.latencyMs ?? NaN, 12);
    await expect.poll(() => linkField(page.url(), 'cal')).toBe('t.conv.npu:1.3,t.dwconv.npu:1.1,t.pool.npu:2,t.pwconv.npu:0.9');
    // the two panels, the residuals open, pass axe (every rule, contrast included)
    await page.getByTestId('calibration-residuals').locator('summary').click();
    const axe = await new AxeBuilder({ page })
      .include('[data-testid="model-panel"]')
      .include('[data-testid="calibration-panel"]')
      .analyze();
    expect(axe.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))).toEqual([]);

    // a fresh browser: the factors from the link, the same numbers once the file is opened
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const visit = await asReturningVisitor(other);
    await other.goto(`/${new URL(page.url()).hash}`);
    await expect(other.locator('body')).toHaveAttribute('data-state', 'ready');
    await visit.afterReady();
    await expect(other.getByTestId('calibration-factors').locator('tr[data-key="conv.npu"] td').first()).toHaveText('1.3');
    await expect(other.getByTestId('summary')).toContainText('calibrated');
    await other.getByTestId('model-file').setInputFiles(FILE);
    await expect(other.getByTestId('model-link-match')).toBeVisible();
    expect((await snapshot(other)).estimates).toEqual(snap.estimates);
    // removed: the model's own numbers again, and no factor in the link
    await other.getByTestId('calibration-clear').click();
    await expect.poll(() => linkField(other.url(), 'cal')).toBeUndefined();
    expect((await snapshot(other)).estimates.npu?.latencyMs).toBe(raw.schemas.npu?.latencyMs);
    await fresh.close();
  });
});
