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
});
