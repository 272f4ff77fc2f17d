/**
 * The shipped supernet (issue 13) on a fresh page, with no training: the selected subnet's supernet
 * accuracy equals `h4h evaluate`'s for the same genome to the last digit; a search runs on the
 * shipped predictor; the link names the supernet; a link naming another one says so. Numbers come
 * from the CLI and the shipped files on disk, never written here (the shipped files are replaced as
 * the supernet trains on).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createRng, genomeKey, genomeToLink, getSpace, predict, sampleGenome, type Genome, type Predictor } from '../src/core';
import { asReturningVisitor, openApp, setNumber, snapshot } from './app';

interface Manifest {
  supernets: { id: string; space: string; steps: number; weights: { sha256: string } }[];
}
const manifest = JSON.parse(readFileSync('public/supernet/manifest.json', 'utf8')) as Manifest;
const shipped = manifest.supernets.find((s) => s.space === 'mini');
const tag = shipped ? `${shipped.id}.${shipped.weights.sha256.slice(0, 8)}` : '';

/** `npm run -s h4h -- evaluate --space mini --arch '<genome>' --json`, as a user types it. */
function cliEvaluate(genome: Genome): {
  accuracy: number;
  images: number;
  checkpoint: { sha256: string; steps: number };
  supernet: string | null;
} {
  const out = execFileSync('npm', ['run', '-s', 'h4h', '--', 'evaluate', '--space', 'mini', '--arch', JSON.stringify(genome), '--json'], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as ReturnType<typeof cliEvaluate>;
}

async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

test.describe('shipped supernet', () => {
  test.beforeEach(({ browserName }, info) => {
    void browserName;
    test.skip(
      info.project.name !== 'webgpu',
      'the shipped supernet is measured on the CPU backend whatever the training backend: one project is enough',
    );
    test.skip(!shipped, 'no supernet is shipped for mini');
  });

  test("a fresh page shows the selected subnet's supernet accuracy, the same number as h4h evaluate, with no training", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    // a subnet the project did not measure when shipping (the presets and the predictor file's subnets
    // show at once), measured by this page, not kept from an earlier one
    const file = JSON.parse(readFileSync(`public/supernet/${shipped?.id}.predictor.json`, 'utf8')) as {
      samples: { arch: Genome }[];
      test?: { samples: { arch: Genome }[] };
      presets?: { arch: Genome }[];
    };
    const mini = getSpace('mini');
    const known = new Set([...file.samples, ...(file.test?.samples ?? []), ...(file.presets ?? [])].map((s) => genomeKey(mini, s.arch)));
    const rng = createRng(2026);
    let genome = sampleGenome(mini, rng);
    while (known.has(genomeKey(mini, genome))) genome = sampleGenome(mini, rng);
    const visit = await asReturningVisitor(page, { measured: false });
    await page.goto(`/#v=2&space=mini&g=${genomeToLink(genome)}&end`);
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
    await visit.afterReady();
    const acc = page.getByTestId('shipped-accuracy');
    await expect(acc).toHaveAttribute('data-state', 'ready', { timeout: 150_000 });
    const { config, supernet } = (await snapshot(page)) as Awaited<ReturnType<typeof snapshot>> & {
      supernet: { tag: string; measured: { accuracy: number; images: number; ms: number } };
    };
    expect(genomeKey(mini, config.genome as Genome)).toBe(genomeKey(mini, genome));
    const cli = cliEvaluate(config.genome as Genome);
    expect(cli.supernet).toBe(shipped?.id);
    expect(cli.checkpoint.sha256).toBe(shipped?.weights.sha256);
    // to the last digit: the attribute is the number as JavaScript prints it, as JSON does in the CLI
    expect(await acc.getAttribute('data-value')).toBe(String(cli.accuracy));
    expect(supernet.measured.accuracy).toBe(cli.accuracy);
    expect(supernet.measured.images).toBe(cli.images);
    expect(supernet.tag).toBe(tag);
    await expect(acc).toHaveAttribute('data-source', 'measured');
    test
      .info()
      .annotations.push({
        type: 'measured',
        description: `accuracy ${cli.accuracy} on ${cli.images} images in ${(supernet.measured.ms / 1000).toFixed(1)} s in the page`,
      });
    // labelled: the source, and which supernet (id, steps, SHA-256 prefix)
    await expect(acc).toContainText('supernet — measured with inherited weights');
    await expect(acc).toContainText(
      `${shipped?.id} (${shipped?.steps.toLocaleString('en-US')} steps, SHA-256 ${shipped?.weights.sha256.slice(0, 8)}…)`,
    );
    await expect(page.getByTestId('shipped-predicted-accuracy')).toContainText('Kendall τ');
    // the link names the supernet
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash))
      .toContain(`&sn=${tag}`);
    expect(await axeViolations(page, '[data-testid="supernet-accuracy"]')).toEqual([]);
    // the browser keeps it: a second visit shows the same number at once, saying where it came from
    const again = await page.context().newPage();
    await again.goto(page.url());
    const kept = again.getByTestId('shipped-accuracy');
    await expect(kept).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(kept).toHaveAttribute('data-source', 'kept');
    expect(await kept.getAttribute('data-value')).toBe(String(cli.accuracy));
    await expect(kept).toContainText('measured on an earlier visit');
  });

  test('the presets show the accuracy the project measured when it shipped the supernet, at once', async ({ page }) => {
    await openApp(page, { measured: false });
    const acc = page.getByTestId('shipped-accuracy');
    await expect(acc).toHaveAttribute('data-state', 'ready');
    await expect(acc).toHaveAttribute('data-source', 'shipped');
    const file = JSON.parse(readFileSync(`public/supernet/${shipped?.id}.predictor.json`, 'utf8')) as {
      presets: { name: string; accuracy: number }[];
    };
    expect(await acc.getAttribute('data-value')).toBe(String(file.presets.find((p) => p.name === 'default')?.accuracy));
    await expect(acc).toContainText('measured when the supernet was shipped');
  });

  test('a search on a fresh page runs on the shipped predictor, labelled with its provenance', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('search-accuracy')).toHaveValue('predictor');
    await expect(page.getByTestId('search-accuracy-from')).toHaveAttribute('data-origin', 'shipped', { timeout: 60_000 });
    await expect(page.getByTestId('search-accuracy-from')).toContainText(`shipped predictor of ${shipped?.id}`);
    await setNumber(page, 'search-population', 16);
    await setNumber(page, 'search-generations', 5);
    await page.getByTestId('search-start').click();
    await expect
      .poll(
        async () => await page.evaluate(() => (globalThis as unknown as { h4h: { search(): { status: string } } }).h4h.search().status),
        { timeout: 60_000 },
      )
      .toBe('done');
    await expect(page.getByTestId('front-accuracy-from')).toContainText('Kendall τ');
    await expect(page.getByRole('columnheader', { name: /predictor — fitted on supernet accuracies/ })).toBeVisible();
    // the front's accuracies are the shipped predictor's (clamped to 0–1), subnet by subnet
    const file = JSON.parse(readFileSync(`public/supernet/${shipped?.id}.predictor.json`, 'utf8')) as { predictor: Predictor };
    const { front } = (await snapshot(page)) as { front: { genome: Genome; accuracy: number }[] };
    expect(front.length).toBeGreaterThan(0);
    for (const p of front) expect(p.accuracy).toBe(Math.min(1, Math.max(0, predict(file.predictor, getSpace('mini'), p.genome))));
    expect(await axeViolations(page, '[data-testid="search-panel"]')).toEqual([]);
  });

  test('links: acc:proxy still means the proxy; a link naming another supernet says so in the notices', async ({ page }) => {
    await asReturningVisitor(page);
    await page.goto('/#v=2&space=mini&search=acc:proxy&sn=other-net.0123abcd&end');
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('search-accuracy')).toHaveValue('proxy');
    await expect(page.getByTestId('url-notices')).toContainText(
      `sn: this link's accuracies came from the shipped supernet other-net.0123abcd; this page has the shipped supernet ${tag}`,
      { timeout: 60_000 },
    );
    expect(await axeViolations(page, '[data-testid="url-notices"]')).toEqual([]);
  });

  test("the training panel shows the shipped supernet's training log in its loss chart", async ({ page }) => {
    await openApp(page);
    const log = JSON.parse(readFileSync(`public/supernet/${shipped?.id}.log.json`, 'utf8')) as { history: { steps: unknown[] } };
    const details = page.getByTestId('shipped-log');
    await details.locator('summary').click();
    const charts = page.getByTestId('shipped-log-charts');
    await expect(charts).toHaveAttribute('data-steps', String(log.history.steps.length), { timeout: 60_000 });
    await expect(charts.locator('path[data-series="largest"]').first()).toHaveAttribute('data-points', /^[1-9]/);
    expect(await axeViolations(page, '[data-testid="shipped-log"]')).toEqual([]);
  });
});
