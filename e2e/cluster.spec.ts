/**
 * "Export for a GPU cluster" (issue 18): the page's three files are `h4h export --kind pytorch`'s for
 * the same subnet, byte for byte (both write package.json's version), so what the CLI's tests prove of them
 * (PyTorch's weights equal H4H's, torchrun runs) holds for the page's download too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Download } from '@playwright/test';
import {
  agreement,
  canonicalize,
  genomeToLink,
  getSpace,
  parseAccuracyTable,
  predictedAccuracy,
  type Genome,
  type Predictor,
} from '../src/core';
import { openApp, snapshot } from './app';

test.describe('export for a GPU cluster', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'no TF.js involved: runs in one project');
  });

  test('the page downloads the module, the torchrun script and the description the CLI writes', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('preset-largest').click();
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('export-pytorch').click();
    await expect.poll(() => downloads.length).toBe(3);
    const files = new Map<string, string>();
    for (const d of downloads) files.set(d.suggestedFilename(), readFileSync((await d.path()) ?? '', 'utf8'));
    expect([...files.keys()].sort()).toEqual(['arch.json', 'h4h_model.py', 'train.py']);
    const { config } = await snapshot(page);
    const out = mkdtempSync(join(tmpdir(), 'h4h-cluster-'));
    execFileSync(
      'npm',
      [
        'run',
        '-s',
        'h4h',
        '--',
        'export',
        '--kind',
        'pytorch',
        '--space',
        config.space,
        '--arch',
        JSON.stringify(config.genome),
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    for (const name of files.keys()) expect(files.get(name), name).toBe(readFileSync(join(out, name), 'utf8'));
    const arch = JSON.parse(files.get('arch.json') ?? '{}') as { expected: { weights: number } };
    const estimate = JSON.parse(
      execFileSync(
        'npm',
        ['run', '-s', 'h4h', '--', 'estimate', '--space', config.space, '--arch', JSON.stringify(config.genome), '--json'],
        { encoding: 'utf8' },
      ),
    ) as { params: number };
    expect(arch.expected.weights).toBe(estimate.params);
  });

  test('measurements that come back by arch_id: Kendall τ against the page’s estimate, then a refit of your predictor', async ({
    page,
  }) => {
    // 40 subnets the project measured with the shipped supernet, as a cluster's table: arch_id, accuracy, …
    const file = JSON.parse(readFileSync('public/supernet/mini-fashion-mnist.predictor.json', 'utf8')) as {
      predictor: Predictor;
      samples: { arch: Genome; accuracy: number }[];
    };
    const space = getSpace('mini');
    const rows = file.samples.slice(0, 40);
    const csv = [
      'arch_id,accuracy,dataset,epochs,source',
      ...rows.map((r) => `${genomeToLink(canonicalize(space, r.arch))},${r.accuracy},fashion-mnist,,torchrun`),
    ].join('\n');
    await openApp(page);
    await page.getByTestId('accuracy-table').setInputFiles({ name: 'front.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('table-info')).toContainText('front.csv: 40 subnets of mini');
    // the page's estimate is the shipped predictor: its τ against these 40 is core's
    const table = parseAccuracyTable(space, csv);
    if (!table.ok) throw new Error(table.errors.join('\n'));
    const tau = agreement(space, table.value.entries, predictedAccuracy(file.predictor, space)).kendallTau;
    await expect(page.getByTestId('table-agreement')).toHaveAttribute('data-tau', String(tau));
    await expect(page.getByTestId('agreement-chart').locator('[data-series="subnets"] path')).toHaveCount(40);
    await page.getByTestId('table-refit').click();
    await expect(page.getByTestId('table-refit-done')).toBeVisible();
    // the estimate is now the predictor fitted on these very rows
    await expect(page.getByTestId('table-agreement')).toContainText('your predictor, fitted on this page');
  });
});
