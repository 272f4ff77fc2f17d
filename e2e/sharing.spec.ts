import { expect, test, type Page } from '@playwright/test';
import { openApp, snapshot } from './app';

async function setNumber(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).fill(String(value));
  await page.getByTestId(testId).press('Enter');
}

test.describe('sharing', () => {
  test.beforeEach(({}, info) => { // eslint-disable-line no-empty-pattern
    test.skip(info.project.name !== 'webgpu', 'no TF.js involved: runs in one project');
  });

  test('a fully edited configuration travels in the link: a fresh browser gets the same snapshot, and the same search front', async ({ page, browser }) => {
    await openApp(page);
    // hardware, subnet, layer schema, search settings with trims and a budget, training settings
    await page.locator('#system-select').selectOption('u65-dram');
    await page.locator('.system-params summary').click();
    await setNumber(page, 'hw-cimMacros', 8);
    await setNumber(page, 'hw-cimUnits', 4);
    await setNumber(page, 'hw-linkGBps', 8);
    await page.getByRole('button', { name: 'Largest' }).click();
    await page.getByTestId('layer-schema').selectOption('parallel');
    await page.getByTestId('objective-energyUj').uncheck();
    await page.getByTestId('objective-params').check();
    await page.getByText('Search space:').click();
    await page.getByTestId('trim-s2-k').getByRole('button', { name: '5' }).click();
    await page.getByTestId('trim-r').getByRole('button', { name: '20' }).click();
    await setNumber(page, 'search-population', 24);
    await setNumber(page, 'search-generations', 12);
    await setNumber(page, 'search-seed', 9);
    await setNumber(page, 'search-budget-latencyMs', 0.4);
    await page.locator('#search-schema').selectOption('parallel');
    await setNumber(page, 'train-steps', 321);
    const url = page.url();
    test.info().annotations.push({ type: 'link length', description: String(url.length) }); // 322 characters when written
    expect(url.length).toBeLessThan(600);

    await page.getByTestId('search-start').click();
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
    const original = await snapshot(page);

    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(url);
    await expect(fresh.locator('body')).toHaveAttribute('data-state', 'ready');
    await expect(fresh.getByTestId('url-notices')).toHaveCount(0);
    const copy = await snapshot(fresh);
    expect(copy.config).toEqual(original.config);
    expect(copy.estimates).toEqual(original.estimates);
    await fresh.getByTestId('search-start').click();
    await expect(fresh.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
    expect((await snapshot(fresh)).front).toEqual(original.front);
    await context.close();
  });

  test('a corrupted link loads the defaults for the fields that failed and names them', async ({ page }) => {
    await page.goto('/#v=1&space=mini&hw=u55-mram&hwp=cimMacros:999&g=28.16_zz&search=pop:1,gen:5&trim=s2.k7');
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
    const notices = page.getByTestId('url-notices');
    await expect(notices).toContainText('hwp.cimMacros');
    await expect(notices).toContainText('g: ');
    await expect(notices).toContainText('search.population');
    await expect(notices).toContainText('search.trim');
    const s = await snapshot(page);
    expect(s.config.hwOverrides).toEqual({});
    expect(s.config.search.generations).toBe(5);
    expect(s.config.search.population).toBe(64);
  });
});
