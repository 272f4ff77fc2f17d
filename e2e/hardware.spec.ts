import { expect, test } from '@playwright/test';
import { expectTotalsMatchCli, openApp, snapshot } from './app';
import type { Snapshot } from './app';

test.describe('hardware editor', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'no TF.js involved: runs in one project');
  });

  test('an edited parameter changes the estimate as the CLI computes it, travels in the link, and a bad one is refused with its range', async ({
    page,
  }) => {
    await openApp(page);
    await page.locator('.system-params summary').click();
    const before = await snapshot(page);
    await page.getByTestId('hw-cimMacros').fill('4');
    await page.getByTestId('hw-cimMacros').press('Enter');
    await expect(page.getByTestId('hw-edited')).toContainText('1 edited');
    await expect(page).toHaveURL(/hwp=cimMacros:4(,|&|$)/);
    const after = await snapshot(page);
    expect(after.config.hwOverrides).toEqual({ cimMacros: 4 });
    expect(after.estimates.hetero?.latencyMs).not.toBe(before.estimates.hetero?.latencyMs);
    await expectTotalsMatchCli(page);

    // U ≤ M: 9 compute units on 4 macros is refused, the value in force stays
    await page.getByTestId('hw-cimUnits').fill('9');
    await page.getByTestId('hw-cimUnits').press('Enter');
    await expect(page.getByTestId('hw-errors')).toContainText('hw.cimUnits: must not exceed the number of CIM macros');
    await expect(page.getByTestId('hw-cimUnits')).toHaveValue('1');
    await page.getByTestId('hw-npuFreqMHz').fill('5000');
    await page.getByTestId('hw-npuFreqMHz').press('Enter');
    await expect(page.getByTestId('hw-errors')).toContainText('hw.npuFreqMHz: above the range (allowed 100–1500 MHz)');
    expect((await snapshot(page)).config.hwOverrides).toEqual({ cimMacros: 4 });

    // the link reproduces the edited system in a fresh page
    const url = page.url();
    const fresh = await page.context().newPage();
    await fresh.goto(url);
    await expect(fresh.locator('body')).toHaveAttribute('data-state', 'ready');
    // the backend is this device's (its probe timed anew in each page), not part of the link; nor is
    // how far each page's own measurement of the subnet with the shipped supernet has come
    const withoutBackend = (x: Snapshot): Snapshot => ({ ...x, backend: { status: x.backend.status }, supernet: null }) as Snapshot;
    expect(withoutBackend(await snapshot(fresh))).toEqual(withoutBackend(await snapshot(page)));
    const tagOf = async (p: typeof page): Promise<unknown> =>
      ((await snapshot(p)) as Snapshot & { supernet: { tag: unknown } }).supernet.tag;
    await expect.poll(() => tagOf(fresh)).toBe(await tagOf(page));

    await page.getByTestId('hw-reset').click();
    expect((await snapshot(page)).estimates).toEqual(before.estimates);
    await expect(page).not.toHaveURL(/hwp=/);
  });
});
