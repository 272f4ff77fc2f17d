import { expect, test, type Download } from '@playwright/test';
import { openApp, setNumber, snapshot } from './app';
import linksV1 from '../src/state/fixtures/links-v1.json' with { type: 'json' };

test.describe('sharing', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'no TF.js involved: runs in one project');
  });

  test('a fully edited configuration travels in the link: a fresh browser gets the same snapshot, and the same search front', async ({
    page,
    browser,
  }) => {
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
    // the view: a layer selected in the architecture view, the sweep folded away
    await page.getByTestId('arch-view').locator('.arch-block').nth(3).click();
    // the heading is the toggle: a button named by the title alone, usable from the keyboard
    await page.getByRole('button', { name: 'CIM design sweep', exact: true }).press('Enter');
    await expect(page.getByTestId('panel-sweep')).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByTestId('cim-sweep')).toHaveCount(0);
    const url = page.url();
    // long enough to be compressed: 322 characters as plain v=1, about half that now
    expect(url).toMatch(/#v=2&z=[\w-]+$/);
    test.info().annotations.push({ type: 'link length', description: String(url.length) });
    expect(url.length).toBeLessThan(220);

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
    expect(copy.config.hiddenPanels).toEqual(['sweep']);
    expect(copy.selected?.layer).toBe(original.selected?.layer);
    expect(copy.selected?.layer).not.toBeNull();
    expect(copy.estimates).toEqual(original.estimates);
    await expect(fresh.getByTestId('panel-sweep')).toHaveAttribute('aria-expanded', 'false');
    await expect(fresh.locator('tr.selected-layer')).toHaveAttribute('data-index', String(copy.selected?.layer));
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

  test('links written by v=1 open as they did, and are rewritten as v=2; a cut compressed link keeps what came before the cut', async ({
    page,
  }) => {
    const edited = linksV1.links.find((l) => l.name === 'edited');
    expect(edited).toBeDefined();
    await page.goto(`/#${edited?.hash ?? ''}`);
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('url-notices')).toHaveCount(0);
    const s = await snapshot(page);
    const { state } = edited as NonNullable<typeof edited>;
    expect({
      space: s.config.space,
      system: s.config.system,
      hwOverrides: s.config.hwOverrides,
      genome: s.config.genome,
      layerSchema: s.config.layerSchema,
      search: s.config.search,
      train: s.config.train,
    }).toEqual({
      space: state.space,
      system: state.system,
      hwOverrides: state.hwOverrides,
      genome: state.genome,
      layerSchema: state.layerSchema,
      search: state.search,
      train: state.train,
    });
    await expect(page).toHaveURL(/#v=2&/);
    // the page's own (compressed) link, cut by 12 characters as a chat client might
    const link = page.url();
    expect(link).toMatch(/#v=2&z=/);
    const fresh = await page.context().newPage();
    await fresh.goto(link.slice(0, -12));
    await expect(fresh.locator('body')).toHaveAttribute('data-state', 'ready');
    await expect(fresh.getByTestId('url-notices')).toContainText('z: the compressed link is cut short');
    const cut = await snapshot(fresh);
    expect(cut.config.system).toBe(state.system);
    expect(cut.config.hwOverrides).toEqual(state.hwOverrides);
    expect(cut.config.genome).toEqual(state.genome);
  });
});

test.describe('exports', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'no TF.js involved: runs in one project');
  });

  test('the front downloads as CSV and JSON (the CSV re-imports as a table); a run record restores the run in a fresh page', async ({
    page,
    browser,
  }) => {
    await openApp(page);
    await setNumber(page, 'search-population', 16);
    await setNumber(page, 'search-generations', 10);
    await page.locator('#system-select').selectOption('npu1024-mram');
    await page.getByTestId('search-start').click();
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
    const original = await snapshot(page);
    const n = original.front?.length ?? 0;
    expect(n).toBeGreaterThan(0);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-front-csv').click()]);
    expect(csv.suggestedFilename()).toBe('h4h-front-mini.csv');
    const csvText = await (await csv.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(csvText.split('\n')[0]).toBe('genome,accuracy,accuracySource,latencyMs,energyUj,params,macs');
    expect(csvText.trim().split('\n')).toHaveLength(n + 1);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-front-json').click()]);
    const doc = JSON.parse(await (await json.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'))) as {
      front: { latencyMs: number }[];
      accuracyLabel: string;
    };
    expect(doc.front.map((f) => f.latencyMs)).toEqual(original.front?.map((f) => f.latencyMs));
    expect(doc.accuracyLabel).toBe('predictor — fitted on supernet accuracies'); // a fresh page's default (issue 13)
    const [rec] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
    const recText = await (await rec.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8'));
    // the exported front is a valid accuracy table
    await page.getByTestId('accuracy-table').setInputFiles({ name: 'front.csv', mimeType: 'text/csv', buffer: Buffer.from(csvText) });
    await expect(page.getByTestId('table-info')).toContainText(`front.csv: ${n} subnets of mini`);

    // the plots and the timeline as SVG (vector, one circle per subnet) and PNG
    const bytes = async (d: Download): Promise<Buffer> => Buffer.concat(await (await d.createReadStream()).toArray());
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('svg-latencyMs-accuracy').click()]);
    const svgText = (await bytes(svg)).toString('utf8');
    expect(svgText.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // the plot's circles (after the header's title and legend): one per subnet
    expect(svgText.split('<g clip-path')[1]?.match(/<circle /g)?.length).toBe(
      Number(await page.getByTestId('pareto-latencyMs-accuracy').getAttribute('data-points')),
    );
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-latencyMs-accuracy').click()]);
    expect((await bytes(png)).subarray(0, 4).toString('latin1')).toBe('\x89PNG');
    const [tsvg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('svg-timeline').click()]);
    expect(tsvg.suggestedFilename()).toBe('h4h-timeline.svg');
    expect((await bytes(tsvg)).toString('utf8')).toContain('>link</text>');
    const [tpng] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-timeline').click()]);
    expect((await bytes(tpng)).subarray(0, 4).toString('latin1')).toBe('\x89PNG');
    // the charts React draws as SVG: the hypervolume chart and the CIM sweep's six panels, styles inlined
    const [hv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('svg-hypervolume').click()]);
    const hvText = (await bytes(hv)).toString('utf8');
    expect(hvText).toContain('<title>hypervolume over generations</title>');
    expect(hvText).toMatch(/data-generations="10"/);
    const [sw] = await Promise.all([page.waitForEvent('download'), page.getByTestId('svg-cim-sweep').click()]);
    const swText = (await bytes(sw)).toString('utf8');
    expect(sw.suggestedFilename()).toBe('h4h-cim-sweep.svg');
    expect(swText.match(/<svg /g)?.length).toBe(1 + 6);
    // the stylesheet's look written as presentation attributes, never as an inline style (the CSP forbids those)
    expect(swText).toMatch(/<line [^>]*stroke="rgb\(/);
    expect(swText).not.toContain('style=');
    expect(swText).toContain('>U = 1 compute unit</text>');
    const [swpng] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-cim-sweep').click()]);
    expect((await bytes(swpng)).subarray(0, 4).toString('latin1')).toBe('\x89PNG');

    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto('/');
    await expect(fresh.locator('body')).toHaveAttribute('data-state', 'ready');
    await fresh
      .getByTestId('open-run')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"kind":"other"}') });
    await expect(fresh.getByTestId('search-message')).toContainText('bad.json: run record kind: must be "h4h-explorer/search-run"');
    await fresh.getByTestId('open-run').setInputFiles({ name: 'h4h-run.json', mimeType: 'application/json', buffer: Buffer.from(recText) });
    await expect(fresh.getByTestId('search-message')).toContainText(`Restored h4h-run.json: ${n} subnets on the front`);
    const restored = await snapshot(fresh);
    expect(restored.config).toEqual(original.config);
    expect(restored.config.system).toBe('npu1024-mram');
    expect(restored.front).toEqual(original.front);
    expect(restored.estimates).toEqual(original.estimates);
    await expect(fresh.getByTestId('pareto-latencyMs-accuracy')).toHaveAttribute('data-front', String(n));
    await context.close();
  });
});
