import { expect, test, type Page } from '@playwright/test';
import { cliEstimate, expectTotalsMatchCli, openApp, snapshot } from './app';

interface Stage {
  c: number;
  d: number;
  k: number;
  e: number;
  t: string[];
  m: number;
}
interface Genome {
  space: string;
  r: number;
  stem: number;
  stages: Stage[];
}

const genomeOf = async (page: Page): Promise<Genome> => (await snapshot(page)).config.genome as Genome;

test('the genome form makes stage 3 deeper with a ViT last block; JSON, store and totals follow', async ({ page }) => {
  await openApp(page);
  const before = await genomeOf(page);
  const s3 = before.stages[2] as Stage;
  // the default mini subnet: stage 3 is two blocks, MBConv then ViT
  expect(s3).toMatchObject({ d: 2, t: ['mb', 'vit'] });
  const latencyBefore = (await snapshot(page)).estimates.hetero?.latencyMs;

  await page.getByLabel('Stage 3 depth (d)').selectOption('3');
  const third = page.getByRole('checkbox', { name: 'Stage 3 block 3 ViT' });
  await expect(third).not.toBeChecked(); // a new block is MBConv
  await expect.poll(async () => (await genomeOf(page)).stages[2]).toEqual({ ...s3, d: 3, t: ['mb', 'vit', 'mb'] });

  // keyboard only: focus the toggle, Space makes it a ViT
  await third.focus();
  await page.keyboard.press('Space');
  await expect(third).toBeChecked();

  const expected: Genome = { ...before, stages: before.stages.map((st, i) => (i === 2 ? { ...st, d: 3, t: ['mb', 'vit', 'vit'] } : st)) };
  await expect.poll(() => genomeOf(page)).toEqual(expected);

  const json = page.getByTestId('genome-json');
  await expect(json).toHaveValue(/"d": 3, "k": \d, "e": \d, "t": \["mb", "vit", "vit"\]/);
  expect(JSON.parse(await json.inputValue())).toEqual(expected);

  // the estimate is of the new subnet, and still the CLI's to the last bit
  await expect(page.getByTestId('layers').locator('tr[data-layer="s3.b3.qkv"]')).toHaveCount(1);
  expect((await snapshot(page)).estimates.hetero?.latencyMs).not.toBe(latencyBefore);
  await expectTotalsMatchCli(page);
});

test('the MLP ratio is off in stages without a ViT block; fewer blocks drop their types', async ({ page }) => {
  await openApp(page);
  // stage 1 is not hybrid: no ViT, no MLP ratio, no toggles
  await expect(page.getByLabel('Stage 1 MLP ratio (m)')).toBeDisabled();
  await expect(page.getByRole('group', { name: 'Stage 1 block types' }).getByRole('checkbox')).toHaveCount(0);

  const mlp3 = page.getByLabel('Stage 3 MLP ratio (m)');
  await expect(mlp3).toBeEnabled();
  await page.getByLabel('Stage 3 depth (d)').selectOption('1');
  await expect(mlp3).toBeDisabled();
  await expect(mlp3).toHaveAccessibleDescription(/does not change the network|would not change the network/);
  await expect(page.getByRole('group', { name: 'Stage 3 block types' }).locator('.block')).toHaveCount(1);
  await expect.poll(async () => (await genomeOf(page)).stages[2]).toMatchObject({ d: 1, t: ['mb'] });
  await expectTotalsMatchCli(page);
});

test('the layer table shows the picked schema: cim and parallel', async ({ page }) => {
  await openApp(page);
  const { config } = await snapshot(page);
  const cli = cliEstimate(config.space, config.genome, config.system);
  const names = (cli.layers as { name: string }[]).map((l) => l.name);
  const cim = cli.schemas.cim?.placement ?? [];
  const hetero = cli.schemas.hetero?.placement ?? [];
  // a layer CIM-first puts on the CIM and hetero keeps on the NPU: its cell must change
  const i = cim.findIndex((p, j) => p === 'CIM' && hetero[j] === 'NPU');
  expect(i, 'the default subnet has a layer where cim and hetero differ').toBeGreaterThanOrEqual(0);

  const table = page.getByTestId('layers');
  const row = table.locator(`tr[data-layer="${names[i]}"]`);
  await expect(row.locator('td[data-field="placement"]')).toHaveText('NPU');

  await page.getByLabel('Placement by').selectOption('cim');
  await expect(table).toHaveAttribute('data-schema', 'cim');
  await expect(row.locator('td[data-field="placement"]')).toHaveText('CIM');
  // the reason is in the detail view of the picked layer (the table keeps one short line per layer)
  await row.getByRole('button').click();
  const detail = page.getByTestId('layer-detail');
  await expect(detail).toHaveAttribute('data-index', String(i));
  await expect(detail.locator('[data-field="reason"]')).toContainText('CIM first');
  await expect(table.locator('td[data-field="placement"]')).toHaveText(cim);

  await page.getByLabel('Placement by').selectOption('parallel');
  const parallel = cli.schemas.parallel?.placement ?? [];
  await expect(table.locator('td[data-field="placement"]')).toHaveText(parallel);
  const split = parallel.indexOf('split');
  expect(split).toBeGreaterThanOrEqual(0);
  await table.locator(`tr[data-layer="${names[split]}"]`).getByRole('button').click();
  await expect(detail.locator('[data-field="reason"]')).toHaveText(
    /^split by .+: split: \d+ of \d+ output channels on CIM, \d+ on the NPU/,
  );
});

test('in a 400 px window the form works from the keyboard and the page does not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 400, height: 900 });
  await openApp(page);
  const before = await genomeOf(page);
  const width = page.getByLabel('Stage 4 width (c)');
  // on a phone the estimate comes first: the form is below it, one scroll away
  const totals = await page.getByTestId('totals').boundingBox();
  const form = await page.getByTestId('genome-form').boundingBox();
  expect(totals && form && totals.y < form.y, 'the estimate above the form').toBe(true);
  await width.scrollIntoViewIfNeeded();
  await expect(width).toBeInViewport();
  await width.focus();
  await page.keyboard.press(before.stages[3]?.c === 48 ? 'ArrowUp' : 'ArrowDown');
  await expect.poll(async () => (await genomeOf(page)).stages[3]?.c).not.toBe(before.stages[3]?.c);
  const after = await genomeOf(page);
  expect(JSON.parse(await page.getByTestId('genome-json').inputValue())).toEqual(after);
  // runs in the page; this tsconfig has no DOM types
  type Root = { document: { documentElement: { scrollWidth: number; clientWidth: number } } };
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as Root).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  const box = await page.getByTestId('genome-form').boundingBox();
  expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 400).toBe(true);
});
