/**
 * Accessibility and layout checks (issue 11): axe finds nothing (every rule, colour contrast
 * included) on the first screen, after a search with a selected subnet, with the training panel open
 * and on a phone; exporting every chart logs no error and no CSP violation; the page never scrolls
 * sideways at 390 px; the hardware table shows its provenance column whole at 1280 × 720.
 * Only stable test ids are used, so the page's markup may change around them.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Download, type Page } from '@playwright/test';
import { layOutEveryPanel, openApp, SCHEMAS, setNumber } from './app';

/** axe's violations as "rule: target …" lines, so a failure names what to fix. */
async function axeViolations(page: Page): Promise<string[]> {
  await layOutEveryPanel(page);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
  );
}

/** Runs a small search to the end and selects a subnet on its front (the first row of the front table). */
async function searchAndSelect(page: Page): Promise<void> {
  await setNumber(page, 'search-population', 16);
  await setNumber(page, 'search-generations', 10);
  await page.getByTestId('search-start').click();
  await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
  await page.getByTestId('front-row').first().click();
  await expect(page.getByTestId('pareto-latencyMs-accuracy').getByTestId('selected-point')).toBeVisible();
}

/** How far the document is wider than the window, px (0: no sideways scrolling). */
function overflowX(page: Page): Promise<number> {
  type Root = { document: { documentElement: { scrollWidth: number; clientWidth: number } } };
  return page.evaluate(() => {
    const root = (globalThis as unknown as Root).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

// Layout and contrast do not depend on the TF.js backend: one project runs these.
test.describe('accessibility', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'backend-independent: runs in one project');
  });

  // axe over the whole page takes seconds on a loaded machine: each state gets its own test and time
  test('axe: no violations on the first screen, nor with a layer picked', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    expect(await axeViolations(page), 'first screen').toEqual([]);
    // a layer picked in the table: its detail drawer opens
    await page.getByTestId('layers').locator('tr[data-index="0"] button').click();
    await expect(page.getByTestId('layer-detail')).toHaveAttribute('data-index', '0');
    expect(await axeViolations(page), 'a layer picked').toEqual([]);
  });

  test('axe: no violations after a search with a subnet selected', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await searchAndSelect(page);
    expect(await axeViolations(page), 'after a search, a subnet selected').toEqual([]);
  });

  test('axe: no violations with the training panel open', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    const toggle = page.getByTestId('panel-training');
    if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await page.getByTestId('training').scrollIntoViewIfNeeded();
    expect(await axeViolations(page), 'training panel open').toEqual([]);
  });

  test('at 390 × 844: axe finds nothing, the page does not scroll sideways, the estimate comes before the form', async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await openApp(page);
    expect(await axeViolations(page), 'phone').toEqual([]);
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    const totals = await page.getByTestId('totals').boundingBox();
    const form = await page.getByTestId('genome-form').boundingBox();
    expect(totals && form && totals.y < form.y, 'the estimate above the configuration form').toBe(true);
    // after a search the plots, the front table and the open hardware table still fit the width
    await page.getByTestId('hw-params').evaluate((t) => {
      const details = t.closest('details');
      if (details) details.open = true;
    });
    await searchAndSelect(page);
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
  });

  test('at 1280 × 720 the hardware table shows every provenance tag whole', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await openApp(page);
    const table = page.getByTestId('hw-params');
    await table.evaluate((t) => {
      const details = t.closest('details');
      if (details) details.open = true;
    });
    await expect(table).toBeVisible();
    const tags = await table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cell = row.lastElementChild as unknown as {
          scrollWidth: number;
          clientWidth: number;
          textContent: string;
          getBoundingClientRect(): { right: number };
        };
        // the nearest box that clips: the panel around the table
        const panel = (row as unknown as { closest(s: string): { getBoundingClientRect(): { right: number } } | null }).closest(
          'details, section, .panel',
        );
        return {
          text: cell.textContent.trim(),
          cut: cell.scrollWidth > cell.clientWidth,
          right: cell.getBoundingClientRect().right,
          panelRight: panel?.getBoundingClientRect().right ?? Infinity,
        };
      }),
    );
    expect(tags.length).toBeGreaterThan(10);
    for (const t of tags) {
      expect(t.text).toMatch(/^(vendor-default|assumed|measured-public|yours)$/);
      expect(t.cut, `${t.text} cut inside its cell`).toBe(false);
      expect(t.right, `${t.text} inside the panel`).toBeLessThanOrEqual(t.panelRight);
    }
    expect(tags.map((t) => t.text)).toContain('vendor-default');
    expect(tags.map((t) => t.text)).toContain('measured-public');
  });

  test('exporting every chart and the timeline as SVG and PNG: no console error, no CSP violation; the timeline file has its legend', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      const w = globalThis as unknown as {
        cspViolations: string[];
        addEventListener(t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void;
      };
      w.cspViolations = [];
      w.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await searchAndSelect(page);

    const ids = await page
      .locator('button[data-testid^="svg-"], button[data-testid^="png-"]')
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-testid') ?? ''));
    // the three Pareto plots, the timeline, the CIM sweep, the hypervolume and the training charts, each twice
    for (const must of ['timeline', 'latencyMs-accuracy', 'energyUj-accuracy', 'cim-sweep', 'hypervolume', 'training']) {
      expect(ids, must).toContain(`svg-${must}`);
      expect(ids, must).toContain(`png-${must}`);
    }
    const files = new Map<string, Buffer>();
    for (const id of ids) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
      files.set(id, Buffer.concat(await (await (download as Download).createReadStream()).toArray()));
    }
    for (const [id, bytes] of files) {
      if (id.startsWith('png-')) expect(bytes.subarray(0, 4).toString('latin1'), id).toBe('\x89PNG');
      else {
        const svg = bytes.toString('utf8');
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), id).toBe(true);
        expect(svg, `${id}: no inline style`).not.toContain('style=');
        expect(svg, `${id}: a visible title`).toMatch(/<text class="export-title"[^>]*><tspan[^>]*>[^<]+<\/tspan>/);
      }
    }
    const timeline = files.get('svg-timeline')?.toString('utf8') ?? '';
    const legend = /<g class="export-legend">(.*?)<\/g>/s.exec(timeline)?.[1] ?? '';
    expect(legend).toContain('>link transfer</text>');
    expect(legend).toContain('>conv</text>');
    // the four schemas, each with its own marker shape next to its name
    expect(legend.match(/<path d="M/g)).toHaveLength(SCHEMAS.length);
    for (const name of ['NPU only', 'CIM first', 'Layer-wise heterogeneous']) expect(legend).toContain(`>${name}</text>`);
    expect(files.get('svg-cim-sweep')?.toString('utf8')).toContain('>U = 2 compute units</text>');
    expect(files.get('svg-latencyMs-accuracy')?.toString('utf8')).toContain('>Pareto front</text>');

    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });
});
