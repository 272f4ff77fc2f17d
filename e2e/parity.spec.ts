import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { expectTotalsMatchCli, openApp, snapshot } from './app';

test('totals equal the CLI for the default mini genome and for nasvit', async ({ page }) => {
  await openApp(page);
  expect((await snapshot(page)).config).toMatchObject({ space: 'mini', system: 'u55-mram' });
  await expectTotalsMatchCli(page);

  await page.getByLabel('Search space').selectOption('nasvit');
  await expect(page.getByTestId('genome-json')).toHaveValue(/"space": "nasvit"/);
  expect((await snapshot(page)).config.space).toBe('nasvit');
  await expectTotalsMatchCli(page);
});

test('the space facts (exact size, MAC range) equal `h4h space --json`', async ({ page }) => {
  await openApp(page);
  for (const space of ['mini', 'nasvit']) {
    await page.getByLabel('Search space').selectOption(space);
    const cli = JSON.parse(execFileSync('npm', ['run', '-s', 'h4h', '--', 'space', '--space', space, '--json'], { encoding: 'utf8' })) as {
      size: string;
      macs: { min: number; max: number };
    };
    const facts = page.getByTestId('space-facts');
    await expect(facts.locator('[data-field="size"]')).toHaveAttribute('data-value', cli.size);
    await expect(facts.locator('[data-field="minMacs"]')).toHaveAttribute('data-value', String(cli.macs.min));
    await expect(facts.locator('[data-field="maxMacs"]')).toHaveAttribute('data-value', String(cli.macs.max));
  }
});
