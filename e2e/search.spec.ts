import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createRng, getSpace, getSystem, parseAccuracyTable, sampleGenome, scoreTable } from '../src/core/index.js';
import { openApp, setNumber, snapshot } from './app';

interface SearchSnapshot {
  status: string;
  generation: number;
  evaluations: number;
  hypervolumes: number[];
  points: number;
  front: { key: string; genome: unknown; accuracy: number; latencyMs: number; energyUj: number }[];
  ghost: number;
  selectedKey: string | null;
  runs: number;
  restored: boolean;
  brush: boolean;
  cancellations: { cancelled: number; ended: number; afterEnd: number };
}

const searchState = (page: Page): Promise<SearchSnapshot> =>
  page.evaluate(() => (globalThis as unknown as { h4h: { search(): SearchSnapshot } }).h4h.search());

// The search has nothing to do with the TF.js backend: one project runs it.
test.describe('search', () => {
  test.beforeEach(({ browserName }, info) => {
    test.skip(info.project.name !== 'webgpu', 'backend-independent: runs in one project');
    void browserName;
  });

  test('the front grows and the hypervolume rises; a point selected shows its estimate', async ({ page }) => {
    await openApp(page);
    await setNumber(page, 'search-population', 32);
    await setNumber(page, 'search-generations', 400);
    await page.getByTestId('search-start').click();
    // sample the store every frame while it runs: several reports must arrive before the end
    const samples = await page.evaluate(async () => {
      const h4h = (globalThis as unknown as { h4h: { search(): SearchSnapshot } }).h4h;
      const out: { generation: number; hv: number; front: number; status: string }[] = [];
      for (let i = 0; i < 2000; i++) {
        const s = h4h.search();
        out.push({ generation: s.generation, hv: s.hypervolumes.at(-1) ?? 0, front: s.front.length, status: s.status });
        if (s.status === 'done') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      return out;
    });
    expect(samples.at(-1)?.status).toBe('done');
    expect(new Set(samples.map((s) => s.generation)).size).toBeGreaterThan(2);
    const final = await searchState(page);
    expect(final.hypervolumes).toHaveLength(400);
    for (let i = 1; i < final.hypervolumes.length; i++)
      expect(final.hypervolumes[i]).toBeGreaterThanOrEqual(final.hypervolumes[i - 1] as number);
    expect(final.hypervolumes.at(-1)).toBeGreaterThan(final.hypervolumes[0] as number);
    expect(
      samples.find((s) => s.front > 0 && s.front < final.front.length),
      'a smaller front was seen on the way',
    ).toBeTruthy();
    await expect(page.getByTestId('search-generation')).toHaveText('400');
    await expect(page.getByTestId('front-count')).toHaveText(String(final.front.length));
    const plot = page.getByTestId('pareto-latencyMs-accuracy');
    await expect(plot).toHaveAttribute('data-points', String(final.points));
    await expect(plot.getByTestId('front-line')).toHaveAttribute('d', /^M/);
    await expect(page.getByTestId('hv-chart')).toHaveAttribute('data-generations', '400');
    await expect(plot.locator('svg')).toHaveAttribute('aria-label', /accuracy against latency/);

    // select a front subnet from the table: the page's subnet and its estimate follow, to the bit
    const pick = final.front[Math.min(Math.floor(final.front.length / 2), 40)] as SearchSnapshot['front'][number];
    const rows = page.getByTestId('front-row');
    await rows.nth(Math.min(Math.floor(final.front.length / 2), 40)).click();
    const snap = await snapshot(page);
    expect(snap.config.genome).toEqual(pick.genome);
    expect(snap.estimates.hetero?.latencyMs).toBe(pick.latencyMs);
    expect(snap.estimates.hetero?.energyUj).toBe(pick.energyUj);
    await expect(plot.getByTestId('selected-point')).toBeVisible();

    // hover over a plotted front point: its tooltip names the subnet
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.locator('svg').boundingBox();
    const circle = plot.getByTestId('selected-point');
    const [cx, cy] = [Number(await circle.getAttribute('cx')), Number(await circle.getAttribute('cy'))];
    await page.mouse.move((box?.x ?? 0) + cx, (box?.y ?? 0) + cy);
    await expect(plot.getByRole('tooltip')).toContainText(/ms, .* µJ/);
  });

  test('cancel mid-run keeps the results, another search runs, and a hardware change leaves a ghost front', async ({ page }) => {
    await openApp(page);
    await setNumber(page, 'search-generations', 1000);
    await page.getByTestId('search-start').click();
    await expect.poll(async () => (await searchState(page)).generation).toBeGreaterThan(3);
    await page.getByTestId('search-cancel').click();
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'cancelled');
    await expect(page.getByTestId('search-message')).toContainText('Cancelled after generation');
    const cancelled = await searchState(page);
    expect(cancelled.front.length).toBeGreaterThan(0);
    expect(cancelled.generation).toBeLessThan(999);
    // the worker stopped: its last reply for the cancelled job came back, nothing after it, and the results did not move
    await expect.poll(async () => (await searchState(page)).cancellations.ended).toBe(cancelled.cancellations.cancelled);
    const after = await searchState(page);
    expect(after.cancellations.afterEnd).toBe(0);
    expect(after.evaluations).toBe(cancelled.evaluations);

    await setNumber(page, 'search-generations', 40);
    await page.getByTestId('search-start').click();
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
    const done = await searchState(page);
    expect(done.hypervolumes).toHaveLength(40);

    await page.locator('#system-select').selectOption({ index: 1 });
    await expect(page.getByTestId('ghost-note')).toBeVisible();
    expect((await searchState(page)).ghost).toBe(done.front.length);
    await expect(page.getByTestId('pareto-latencyMs-accuracy').getByTestId('ghost-front')).toHaveAttribute('d', /^M/);
    await page.getByTestId('search-start').click();
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('pareto-latencyMs-accuracy').getByTestId('ghost-front')).toHaveAttribute('d', /^M/);
  });

  test('co-search: a selected subnet brings its hardware along, and the estimate equals the numbers the search reported', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByTestId('objective-energyUj').uncheck();
    await page.getByTestId('objective-cimAreaMm2').click(); // refused: the box stays clear
    await expect(page.getByTestId('objective-cimAreaMm2')).not.toBeChecked();
    await expect(page.getByTestId('search-errors')).toContainText('CIM area is an objective of hardware co-search only');
    await page.getByTestId('search-cosearch').check();
    await page.getByTestId('objective-cimAreaMm2').check();
    await setNumber(page, 'search-generations', 30);
    await page.getByTestId('search-start').click();
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('pareto-cimAreaMm2-accuracy')).toBeVisible();
    const s = await searchState(page);
    const rows = page.getByTestId('front-row');
    const i = Math.min(s.front.length, 50) - 1; // the table shows the first 50
    await rows.nth(i).click();
    const snap = await snapshot(page);
    const pick = s.front[i] as SearchSnapshot['front'][number];
    expect(snap.config.genome).toEqual(pick.genome);
    expect(Object.keys(snap.config.hwOverrides ?? {}).every((k) => ['cimMacros', 'cimUnits', 'npuMacsPerCycle'].includes(k))).toBe(true);
    expect(snap.estimates.hetero?.latencyMs).toBe(pick.latencyMs);
    expect(snap.estimates.hetero?.energyUj).toBe(pick.energyUj);
    // selecting is not a change of hardware: the results stay, no ghost
    expect((await searchState(page)).ghost).toBe(0);
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
  });

  test('results per configuration: a hardware change leaves a ghost everywhere; changing back restores the front without a new run; the brush box stays drawn', async ({
    page,
  }) => {
    await openApp(page);
    await setNumber(page, 'search-generations', 25);
    await page.getByTestId('search-start').click();
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
    const before = await searchState(page);
    expect(before.runs).toBe(1);
    const plot = page.getByTestId('pareto-latencyMs-accuracy');
    const pointsBefore = await plot.getAttribute('data-points');

    // brush a box on the first plot: it stays drawn (also after another render), until cleared
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.locator('svg').boundingBox();
    if (!box) throw new Error('no plot box');
    await page.mouse.move(box.x + 70, box.y + 50);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 4 });
    await page.mouse.up();
    await expect(plot).toHaveAttribute('data-brush', 'shown');
    await expect(plot.locator('.pareto-brush .selection')).toBeVisible();
    await expect(page.getByTestId('brushed-count')).toBeVisible();
    await page.getByTestId('front-row').first().hover(); // a re-render elsewhere
    await expect(plot.locator('.pareto-brush .selection')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(plot).toHaveAttribute('data-brush', 'none');
    await expect(plot.locator('.pareto-brush .selection')).toBeHidden();
    await plot.scrollIntoViewIfNeeded(); // the hover scrolled to the table
    const box2 = await plot.locator('svg').boundingBox();
    if (!box2) throw new Error('no plot box');
    await page.mouse.move(box2.x + 70, box2.y + 50);
    await page.mouse.down();
    await page.mouse.move(box2.x + box2.width * 0.6, box2.y + box2.height * 0.7, { steps: 4 });
    await page.mouse.up();
    await expect(page.getByTestId('clear-brush')).toBeVisible();

    // another system: the last front becomes the ghost of all three plots and of the table, named as the previous configuration
    const system = page.locator('#system-select');
    const first = await system.inputValue();
    await system.selectOption({ index: 1 });
    await expect(page.getByTestId('ghost-note')).toBeVisible();
    const ghosted = await searchState(page);
    expect(ghosted.ghost).toBe(before.front.length);
    expect(ghosted.front).toHaveLength(0);
    for (const id of ['pareto-latencyMs-accuracy', 'pareto-energyUj-accuracy', 'pareto-latencyMs-energyUj']) {
      await expect(page.getByTestId(id)).toHaveAttribute('data-ghost', String(before.front.length));
      await expect(page.getByTestId(id).getByTestId('ghost-front')).toHaveAttribute('d', /^M/);
      await expect(page.getByTestId(id).locator('.pareto-colorbar')).toHaveCount(0); // no data, no colour bar
    }
    await expect(page.getByTestId('search-progress')).toHaveAttribute('data-belongs', 'previous');
    await expect(page.getByTestId('search-previous')).toContainText(/previous configuration \(space mini, hardware .+, schema hetero\)/);
    await expect(page.getByTestId('search-progress')).not.toContainText('Generation');
    await expect(page.getByTestId('ghost-row').first()).toContainText('previous');
    expect(await page.getByTestId('ghost-row').count()).toBe(Math.min(50, before.front.length));
    const axe = await new AxeBuilder({ page }).include('[data-testid="search-panel"]').analyze();
    expect(
      axe.violations.map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(' | ')}`,
      ),
    ).toEqual([]);

    // back to the first system: the same front, points and hypervolumes, from the cache, without a new run
    await system.selectOption(first);
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
    const after = await searchState(page);
    expect(after.runs).toBe(1);
    expect(after.restored).toBe(true);
    expect(after.front).toEqual(before.front);
    expect(after.hypervolumes).toEqual(before.hypervolumes);
    expect(after.points).toBe(before.points);
    expect(after.brush).toBe(true);
    await expect(plot).toHaveAttribute('data-points', String(pointsBefore));
    await expect(plot).toHaveAttribute('data-brush', 'shown');
    await expect(page.getByTestId('search-hv')).toHaveText((before.hypervolumes.at(-1) as number).toFixed(4));
    await expect(page.getByTestId('search-progress')).toContainText('Restored from this page’s cache');
  });

  test('a refused setting names its field and keeps the value in force', async ({ page }) => {
    await openApp(page);
    await setNumber(page, 'search-population', 1);
    await expect(page.getByTestId('search-errors')).toContainText('search.population: must be a whole number 4–4,096');
    await expect(page.getByTestId('search-population')).toHaveValue('64');
    await page.getByTestId('objective-energyUj').uncheck();
    // a third uncheck would leave one objective: refused, the box stays ticked
    await page.getByTestId('objective-latencyMs').click();
    await expect(page.getByTestId('search-errors')).toContainText(
      'search.objectives: one objective is budget mode: set a latency, energy or parameter budget first',
    );
    await expect(page.getByTestId('objective-latencyMs')).toBeChecked();
  });
});

test.describe('search space', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'backend-independent: runs in one project');
  });

  test('trimmed to 123,904 subnets, the search is compared with the exhaustive front; a choice list cannot be emptied', async ({
    page,
  }) => {
    await openApp(page);
    await page.getByText('Search space:').click();
    await expect(page.getByTestId('search-space-size')).toHaveText('60,217,344');
    await page.getByTestId('trim-100k').click();
    await expect(page.getByTestId('search-space-size')).toHaveText('123,904');
    // r is down to one choice: removing it is refused, with the field named
    await page.getByTestId('trim-r').getByRole('button', { name: '28' }).click();
    await expect(page.getByTestId('search-errors')).toContainText('search.space: r: keep at least one choice');
    await expect(page.getByTestId('search-space-size')).toHaveText('123,904');
    await page.getByTestId('search-exhaustive').check();
    await setNumber(page, 'search-generations', 40);
    await page.getByTestId('search-start').click();
    await expect(page.getByTestId('reference-ratio')).toBeVisible({ timeout: 60_000 });
    const ratio = Number((await page.getByTestId('reference-ratio').textContent())?.replace(' %', ''));
    expect(ratio).toBeGreaterThan(50);
    expect(ratio).toBeLessThanOrEqual(100);
    await expect(page.getByTestId('pareto-latencyMs-accuracy').getByTestId('reference-front')).toHaveAttribute('d', /^M/);
    // every evolved subnet uses only the kept choices; selecting one shows it in the whole space
    const s = await searchState(page);
    for (const p of s.front) expect((p.genome as { r: number }).r).toBe(28);
    await page.getByTestId('front-row').first().click();
    expect((await snapshot(page)).config.genome).toEqual({ ...(s.front[0]?.genome as object), space: 'mini' });
  });
});

test.describe('table accuracy', () => {
  // eslint-disable-next-line no-empty-pattern
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'backend-independent: runs in one project');
  });

  test('an imported CSV scores its subnets: the front is the one core computes; a bad row is named', async ({ page }) => {
    const space = getSpace('mini');
    const rng = createRng(11);
    const rows = Array.from({ length: 40 }, (_, i) => ({ genome: sampleGenome(space, rng), accuracy: 70 + ((i * 37) % 23) / 2 }));
    const csv = ['genome,accuracy', ...rows.map((r) => `"${JSON.stringify(r.genome).replace(/"/g, '""')}",${r.accuracy}`)].join('\n');
    await openApp(page);
    await page
      .getByTestId('accuracy-table')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n"{}",80`) });
    await expect(page.getByTestId('table-errors')).toContainText('bad.csv: table row 42: genome:');
    await page.getByTestId('accuracy-table').setInputFiles({ name: 'measured.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('table-info')).toContainText('measured.csv: 40 subnets of mini, accuracies read as percentages');
    await expect(page.getByTestId('search-accuracy')).toHaveValue('table');
    await page.getByTestId('search-start').click();
    await expect(page.getByTestId('search-panel')).toHaveAttribute('data-status', 'done');
    const parsed = parseAccuracyTable(space, csv);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const want = scoreTable(
      { space, system: getSystem('u55-mram'), objectives: ['accuracy', 'latencyMs', 'energyUj'], schema: 'hetero' },
      parsed.value,
    );
    const got = await searchState(page);
    expect(got.points).toBe(40);
    expect(got.front.map((p) => p.key)).toEqual(want.generation.front.map((p) => p.key));
    expect(got.hypervolumes).toEqual([want.generation.hypervolume]);
    await expect(page.getByTestId('pareto-latencyMs-accuracy').locator('svg')).toHaveAttribute('aria-label', /40 subnets/);
    await expect(page.locator('.front-table th').nth(1)).toContainText('table — imported measurements');
  });
});
