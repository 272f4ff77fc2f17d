/**
 * A newcomer's first visit: the introduction, the section navigation by keyboard, a search, a front
 * point's details beside the plots, a pinned baseline and the deltas an edit shows against it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { layOutEveryPanel, SCHEMAS, setNumber, snapshot, type Snapshot } from './app';

interface Totals {
  latencyMs: number;
  energyUj: number;
}
type WithBaseline = Snapshot & { baseline: null | { genome: { stages: { d: number }[] }; estimates: Record<string, Totals> } };

const FIRST_SCREENS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
] as const;

/** axe over the whole page, every rule on (colour contrast included). */
async function axeViolations(page: Page): Promise<string[]> {
  await layOutEveryPanel(page);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

async function open(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
}

async function saveFirstScreens(page: Page, info: TestInfo): Promise<void> {
  for (const { width, height } of FIRST_SCREENS) {
    await page.setViewportSize({ width, height });
    await page.mouse.wheel(0, -100_000);
    const path = info.outputPath(`first-screen-${width}x${height}.png`);
    await page.screenshot({ path });
    await info.attach(`first screen ${width}×${height}`, { path, contentType: 'image/png' });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

const searchState = (page: Page): Promise<{ status: string; front: { key: string; accuracy: number }[]; selectedKey: string | null }> =>
  page.evaluate(() =>
    (
      globalThis as unknown as {
        h4h: { search(): { status: string; front: { key: string; accuracy: number }[]; selectedKey: string | null } };
      }
    ).h4h.search(),
  );

test.describe('a newcomer', () => {
  test.beforeEach(({ browserName }, info) => {
    test.skip(info.project.name !== 'webgpu', 'backend-independent: runs in one project');
    void browserName;
  });

  test('intro → Search by keyboard → search → a front point in view → pin → edit a gene → the deltas', async ({ page }, info) => {
    test.slow(); // a search and several whole-page axe runs: 50–55 s of the default 60 on a 2-core machine
    await page.setViewportSize({ width: 1440, height: 900 });
    await open(page);
    await page.evaluate(() => (globalThis as unknown as { localStorage: { clear(): void } }).localStorage.clear());
    await page.reload();
    // with the storage cleared the backend probe times every backend again (on SwiftShader, seconds
    // each): how long depends on the machine's load, not on the page
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });

    const intro = page.getByTestId('intro');
    await expect(intro).toBeVisible();
    await expect(intro).toContainText('NPU only');
    await expect(intro).toContainText('NPU ‖ CIM');
    await saveFirstScreens(page, info);
    expect(await axeViolations(page)).toEqual([]);

    // keyboard only: the first Tab reaches the skip link, then on to the navigation's Search
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('skip-link')).toBeFocused();
    const navSearch = page.locator('[data-nav="search"]');
    for (let i = 0; i < 8 && !(await navSearch.evaluate((el) => el === el.ownerDocument.activeElement)); i++)
      await page.keyboard.press('Tab');
    await expect(navSearch).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('panel-search')).toBeFocused();
    await expect(page.getByTestId('panel-search')).toBeInViewport();

    await setNumber(page, 'search-generations', 5);
    await page.getByTestId('search-start').click();
    await expect.poll(async () => (await searchState(page)).status).toBe('done');
    const { front } = await searchState(page);
    expect(front.length).toBeGreaterThan(1);

    await page.getByTestId('front-row').nth(1).click();
    const picked = await searchState(page);
    expect(picked.selectedKey).not.toBeNull();
    const point = front.find((p) => p.key === picked.selectedKey);
    const card = page.getByTestId('selection-details');
    await expect(card).toBeInViewport();
    await expect(card).toHaveAttribute('data-key', picked.selectedKey ?? '');
    await expect(card.getByTestId('details-accuracy')).toHaveAttribute('data-value', String(point?.accuracy));
    // a fresh page searches on the shipped predictor (issue 13)
    await expect(card.getByTestId('details-accuracy')).toContainText('predictor — fitted on supernet accuracies');
    const s0 = await snapshot(page);
    for (const schema of SCHEMAS) {
      await expect(card.locator(`tr[data-schema="${schema}"] td[data-field="latencyMs"]`)).toHaveAttribute(
        'data-value',
        String(s0.estimates[schema]?.latencyMs),
      );
    }
    await expect(card.getByTestId('mini-timeline')).toBeVisible();

    await card.getByTestId('pin-baseline-details').click();
    const pinned = (await snapshot(page)) as WithBaseline;
    expect(pinned.baseline?.genome).toEqual(s0.config.genome);
    expect(pinned.baseline?.estimates).toEqual(s0.estimates);

    // deepen (or, at the maximum, shorten) stage 3: its layers are added (or removed)
    const d = pinned.baseline?.genome.stages[2]?.d ?? 0;
    const next = d < 3 ? d + 1 : 1;
    await page.getByLabel('Stage 3 depth (d)').selectOption(String(next));
    await expect.poll(async () => ((await snapshot(page)).config.genome as { stages: { d: number }[] }).stages[2]?.d).toBe(next);

    const after = (await snapshot(page)) as WithBaseline;
    const base = after.baseline?.estimates ?? {};
    const totals = page.getByTestId('totals');
    for (const schema of SCHEMAS) {
      for (const [field, key, unit] of [
        ['latencyDelta', 'latencyMs', 'ms'],
        ['energyDelta', 'energyUj', 'µJ'],
      ] as const) {
        const cell = totals.locator(`tr[data-schema="${schema}"] [data-field="${field}"]`);
        const expected = (after.estimates[schema]?.[key] ?? NaN) - (base[schema]?.[key] ?? NaN);
        await expect(cell).toHaveAttribute('data-value', String(expected));
        // the sign is written out: +, − or ±, then the % of the baseline
        await expect(cell).toHaveText(new RegExp(`^against the baseline: [+−±][\\d.,]+ ${unit}( \\([+−]?[\\d.]+ %\\))?$`));
      }
    }
    expect(after.estimates.npu?.latencyMs).not.toBe(base.npu?.latencyMs);
    if (next > d)
      await expect(
        page.locator(`[data-testid="layers"] tr.layer-added[data-layer^="s3.b${next}."] [data-baseline="added"]`).first(),
      ).toBeVisible();
    else await expect(page.getByTestId('layers-removed')).toContainText('s3.b2.');
    await expect(page.locator('.timeline-row[data-schema="hetero"]')).toContainText(`baseline ${base.hetero?.latencyMs.toFixed(3)} ms`);
    await expect(page.getByTestId('baseline-banner-estimate')).toContainText('Baseline:');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('unpin-baseline-estimate').click();
    expect(((await snapshot(page)) as WithBaseline).baseline).toBeNull();
    await expect(totals.locator('[data-field="latencyDelta"]')).toHaveCount(0);
  });

  test('dismissing the introduction is remembered across a reload', async ({ page }) => {
    await open(page);
    await expect(page.getByTestId('intro')).toBeVisible();
    await page.getByTestId('intro-dismiss').click();
    await expect(page.getByTestId('intro')).toHaveCount(0);
    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('intro')).toHaveCount(0);
    await expect(page.getByTestId('intro-banner')).toHaveCount(0);
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('h4h.intro.dismissed'),
      ),
    ).toBe('1');
  });

  test('a shared link opens on its content: a one-line note, no introduction over it', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await open(page, '/#v=2&space=mini&hw=u65-dram&end');
    await expect(page.getByTestId('system-select')).toHaveValue('u65-dram');
    await expect(page.getByTestId('intro')).toHaveCount(0);
    await expect(page.getByTestId('intro-banner')).toBeVisible();
    await expect(page.locator('dialog[open]')).toHaveCount(0);
    await expect(page.getByTestId('totals')).toBeInViewport();
    const banner = await page.getByTestId('intro-banner').boundingBox();
    expect(banner?.height ?? 0).toBeLessThan(60);
  });

  test('? opens the help, Escape closes it and gives focus back; 1–4 go to the sections, not while typing', async ({ page }) => {
    await open(page);
    const estimateLink = page.locator('[data-nav="estimate"]');
    await estimateLink.focus();
    await page.keyboard.press('?');
    const help = page.getByTestId('help');
    await expect(help).toBeVisible();
    await expect(help).toContainText('go to Search');
    await expect(help.getByRole('link', { name: /arXiv 2410\.08326/ })).toHaveAttribute('href', 'https://arxiv.org/abs/2410.08326');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await expect(estimateLink).toBeFocused();

    await page.getByTestId('help-open').click();
    await expect(help).toBeVisible();
    await help.getByTestId('help-close').click();
    await expect(page.getByTestId('help-open')).toBeFocused();

    // a folded panel unfolds when its shortcut is pressed
    await page.getByTestId('panel-training').click();
    await expect(page.locator('section[data-panel="training"]')).toHaveAttribute('data-open', 'false');
    await page.keyboard.press('4');
    await expect(page.getByTestId('panel-training')).toBeFocused();
    await expect(page.locator('section[data-panel="training"]')).toHaveAttribute('data-open', 'true');

    const population = page.getByTestId('search-population');
    await population.fill('');
    await population.pressSequentially('3');
    await expect(population).toBeFocused();
    await expect(population).toHaveValue('3');
  });
});
