import { expect, test } from '@playwright/test';
import { cliEstimate, openApp, snapshot } from './app';

test.describe('placement timeline', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'no TF.js involved: runs in one project');
  });

  test('lanes for NPU, each CIM unit and the link under every schema; bars as the CLI schedules them; a click selects the layer in the table', async ({
    page,
  }) => {
    await page.goto('/#v=1&space=mini&hw=u55-mram&hwp=cimMacros:4,cimUnits:2');
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
    const t = page.getByTestId('timeline');
    for (const schema of ['npu', 'cim', 'hetero', 'parallel']) {
      for (const lane of ['NPU', 'CIM0', 'CIM1', 'LINK']) await expect(t.locator(`[data-lane="${schema}:${lane}"]`)).toHaveCount(1);
    }
    // the default subnet is hybrid: the hetero schedule uses both units; NPU-only never touches the CIM
    const { config } = await snapshot(page);
    const cli = cliEstimate(config.space, config.genome, JSON.stringify({ base: config.system, ...config.hwOverrides }));
    const placement = cli.schemas.hetero?.placement ?? [];
    await expect(t.locator('[data-lane="hetero:NPU"]')).toHaveAttribute('data-bars', String(placement.filter((p) => p === 'NPU').length));
    await expect(t.locator('[data-lane="hetero:CIM0"]')).toHaveAttribute('data-bars', String(placement.filter((p) => p === 'CIM').length));
    await expect(t.locator('[data-lane="npu:CIM0"]')).toHaveAttribute('data-bars', '0');
    await expect(t.locator('[data-lane="npu:NPU"]')).toHaveAttribute('data-bars', String(cli.layers.length));

    // hover the first NPU-only bar (layer 0 starts at t = 0), then click it
    await t.scrollIntoViewIfNeeded();
    const box = await t.boundingBox();
    const lane = t.locator('[data-lane="npu:NPU"] text');
    const y = Number(await lane.getAttribute('y'));
    await page.mouse.move((box?.x ?? 0) + 122, (box?.y ?? 0) + y);
    await expect(t.getByRole('tooltip')).toContainText('#0 stem');
    await page.mouse.click((box?.x ?? 0) + 122, (box?.y ?? 0) + y);
    await expect(page.locator('tr.selected-layer')).toHaveAttribute('data-index', '0');
    // the selection is in the link, and the architecture view marks the layer's block
    await expect(page).toHaveURL(/[#&]layer=0(&|$)/);
    await expect(page.getByTestId('arch-view').locator('.arch-selected')).toHaveAttribute('data-first-layer', '0');

    // the architecture view: one box per block, its layers' placement under the table's schema (hetero)
    const arch = page.getByTestId('arch-view');
    await expect(arch.locator('.arch-vit')).toHaveCount(2);
    const counts = await arch
      .locator('.arch-block')
      .evaluateAll((els) =>
        els.map((e) => Number(e.getAttribute('data-npu')) + Number(e.getAttribute('data-cim')) + Number(e.getAttribute('data-split'))),
      );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(cli.layers.length);
    const cimInArch = await arch
      .locator('.arch-block')
      .evaluateAll((els) => els.reduce((a, e) => a + Number(e.getAttribute('data-cim')), 0));
    expect(cimInArch).toBe(placement.filter((p) => p === 'CIM').length);
    // clicking a ViT block selects its first layer: the table row and the link follow
    const vit = arch.locator('.arch-vit').first();
    const first = await vit.getAttribute('data-first-layer');
    await vit.click();
    await expect(vit).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('tr.selected-layer')).toHaveAttribute('data-index', first ?? '');
    await expect(page).toHaveURL(new RegExp(`[#&]layer=${first ?? ''}(&|$)`));

    // the roofline column: each layer's intensity over each unit's ridge, as the CLI computes it
    const roofs = await page.locator('table.layers tbody tr').evaluateAll((rows) =>
      rows.map((r) => {
        const chip = (u: string) =>
          r.querySelector(`td[data-field="roofline-${u}"] [data-unit="${u}"]`)?.getAttribute('data-ratio') ?? null;
        return { npu: chip('NPU'), cim: chip('CIM') };
      }),
    );
    const cliRoofs = cli.layers as { roofline: { npu: { ratio: number } | null; cim: { ratio: number } | null }; npu: { bound: string } }[];
    expect(roofs).toHaveLength(cliRoofs.length);
    roofs.forEach((r, i) => {
      const c = cliRoofs[i]?.roofline;
      expect(r.npu === null ? null : Number(r.npu)).toBe(c?.npu?.ratio ?? null);
      expect(r.cim === null ? null : Number(r.cim)).toBe(c?.cim?.ratio ?? null);
      if (c?.npu) expect(c.npu.ratio >= 1).toBe(cliRoofs[i]?.npu.bound === 'compute');
    });
    expect(roofs.filter((r) => r.cim !== null).length).toBeGreaterThan(5);

    // the CIM design sweep: every (M, U | M) of the grid, this hardware (M = 4, U = 2) ringed in all six panels
    await expect(page.getByTestId('cim-sweep')).toHaveAttribute('data-points', '12');
    await expect(page.getByTestId('sweep-current')).toHaveCount(6);
  });

  test('the largest nasvit subnet: hundreds of layers under four schemas on a canvas, zoomable', async ({ page }) => {
    await openApp(page);
    await page.locator('#space-select').selectOption('nasvit');
    await page.getByRole('button', { name: 'Largest' }).click();
    const t = page.getByTestId('timeline');
    const { config } = await snapshot(page);
    const layers = cliEstimate(config.space, config.genome, config.system).layers.length;
    expect(layers).toBeGreaterThan(150);
    // every layer once per schema, plus the link hand-offs
    await expect.poll(async () => Number(await t.getAttribute('data-events'))).toBeGreaterThan(4 * layers);
    await t.scrollIntoViewIfNeeded();
    const box = await t.boundingBox();
    const before = await t.locator('.chart-axes text.chart-tick').first().textContent();
    await page.mouse.move((box?.x ?? 0) + 400, (box?.y ?? 0) + 60);
    await page.mouse.wheel(0, -600);
    // zoomed in: the axis no longer starts at 0
    expect(before).toBe('0');
    await expect.poll(async () => t.locator('.chart-axes text.chart-tick').first().textContent()).not.toBe('0');
  });
});
