import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { cliEstimate, openApp, SCHEMAS, snapshot, totalValue } from './app';

/** The totals on the page equal the CLI's, number for number: both come from the same core. */
async function expectTotalsMatchCli(page: Page) {
  const { config } = await snapshot(page);
  const cli = cliEstimate(config.space, config.genome, config.system);
  const totals = page.getByTestId('totals');
  await expect(totals.locator('tbody tr')).toHaveCount(SCHEMAS.length);
  for (const schema of SCHEMAS) {
    const expected = cli.schemas[schema];
    expect(expected, `CLI output has schema ${schema}`).toBeDefined();
    expect(await totalValue(totals, schema, 'latencyMs'), `${schema} latency`).toBe(expected?.latencyMs);
    expect(await totalValue(totals, schema, 'energyUj'), `${schema} energy`).toBe(expected?.energyUj);
  }
  const summary = page.getByTestId('summary');
  await expect(summary.locator('[data-field="macs"]')).toHaveAttribute('data-value', String(cli.macs));
  await expect(summary.locator('[data-field="params"]')).toHaveAttribute('data-value', String(cli.params));
  await expect(page.getByTestId('layers').locator('tbody tr')).toHaveCount(cli.layers.length);
}

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
    const cli = JSON.parse(execFileSync('npm', ['run', '-s', 'h4h', '--', 'space', '--space', space, '--json'], { encoding: 'utf8' })) as { size: string; macs: { min: number; max: number } };
    const facts = page.getByTestId('space-facts');
    await expect(facts.locator('[data-field="size"]')).toHaveAttribute('data-value', cli.size);
    await expect(facts.locator('[data-field="minMacs"]')).toHaveAttribute('data-value', String(cli.macs.min));
    await expect(facts.locator('[data-field="maxMacs"]')).toHaveAttribute('data-value', String(cli.macs.max));
  }
});
