/** Shared helpers for the e2e specs: open the app, read its state, run the CLI. */
import { execFileSync } from 'node:child_process';
import { expect, test, type Locator, type Page } from '@playwright/test';

/** What `window.h4h.snapshot()` returns (src/ui/testHook.ts), as far as the specs read it. */
export interface Snapshot {
  config: {
    space: string;
    system: string;
    hwOverrides?: Record<string, number>;
    genome: unknown;
    search: { generations: number; population: number } & Record<string, unknown>;
  } & Record<string, unknown>;
  selected?: { genome: unknown; searchKey: string | null; layer: number | null };
  front?: { key: string; genome: unknown; accuracy: number; latencyMs: number; energyUj: number }[];
  estimates: Record<string, { latencyMs: number; energyUj: number }>;
  backend: { status: string };
}

export const SCHEMAS = ['npu', 'cim', 'hetero', 'parallel'] as const;

/** Types a number into the input `testId` and commits it (Enter), as a user does. */
export async function setNumber(page: Page, testId: string, value: number): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(String(value));
  await input.press('Enter');
}

/** Per project, the backend measurement ("auto"'s probe) a page of this worker made and kept. */
const keptProbe = new Map<string, string>();
/** Per project, the subnet accuracies a page of this worker measured with the shipped supernet and kept. */
const keptMeasured = new Map<string, string>();
const MEASURED_KEY = 'h4h.shipped.measured';

export interface VisitOptions {
  /** a first visit: nothing kept (the backends are measured) */
  readonly fresh?: boolean;
  /** false: no shipped-supernet accuracies kept from earlier pages (the page measures them itself) */
  readonly measured?: boolean;
}

/**
 * Before `page.goto`: the page opens as a returning visitor — the first-visit introduction dismissed,
 * and, unless `fresh`, the backend measurement and the shipped-supernet accuracies an earlier page of
 * this worker made kept in its storage, as a browser keeps them between visits
 * (src/state/backendCache.ts, src/state/shippedCache.ts), so only a worker's first page spends
 * seconds on them. `afterReady` reads a page's measurements for the next ones.
 */
export async function asReturningVisitor(page: Page, opts: VisitOptions = {}): Promise<{ afterReady(): Promise<void> }> {
  const project = test.info().project.name;
  const kept = opts.fresh ? null : (keptProbe.get(project) ?? null);
  const measured = opts.fresh || opts.measured === false ? null : (keptMeasured.get(project) ?? null);
  await page.addInitScript(
    ([probe, accuracies, key]) => {
      try {
        const storage = (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage;
        storage.setItem('h4h.intro.dismissed', '1');
        if (probe !== null) storage.setItem('h4h.backend.auto', probe);
        if (accuracies !== null) storage.setItem(key as string, accuracies);
      } catch {
        // no storage: the introduction shows and the backend is measured, which changes no spec's numbers
      }
    },
    [kept, measured, MEASURED_KEY] as const,
  );
  const read = (key: string): Promise<string | null> =>
    page.evaluate((k) => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem(k), key);
  return {
    async afterReady() {
      if (opts.fresh) return;
      if (kept === null) {
        const probe = await read('h4h.backend.auto');
        if (probe !== null) keptProbe.set(project, probe);
      }
      // a worker's first page measures the default subnet with the shipped supernet (seconds of CPU);
      // its later pages find the number kept, as a returning visitor's browser does
      // the page settles when its supernet accuracy line has its number (at once for a preset or a kept
      // one; seconds for a worker's first measurement), so nothing under it moves while a spec points at it
      if ((await page.getByTestId('shipped-accuracy').count()) > 0) {
        try {
          await expect(page.getByTestId('shipped-accuracy')).toHaveAttribute('data-state', /ready|error|none/, { timeout: 30_000 });
          // nothing measured (a preset the project measured, or no supernet): nothing to keep, and done
          if (!keptMeasured.has(project)) keptMeasured.set(project, (await read(MEASURED_KEY)) ?? '[]');
        } catch {
          // not measured in time (a loaded machine): a later page tries again
        }
      }
    },
  };
}

/**
 * Opens the app and waits until it says it is ready (the backend is known), as a returning visitor
 * (see `asReturningVisitor`; `fresh` measures the backends). e2e/newcomer.spec.ts opens the page
 * fresh to test the first visit.
 */
export async function openApp(page: Page, opts: VisitOptions = {}): Promise<void> {
  const visit = await asReturningVisitor(page, opts);
  await page.goto('/');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await visit.afterReady();
}

export function snapshot(page: Page): Promise<Snapshot> {
  // The callback runs in the page; `globalThis` there is the window with the test hook.
  return page.evaluate(() => (globalThis as unknown as { h4h: { snapshot(): Snapshot } }).h4h.snapshot());
}

/** The full-precision number behind a totals cell. */
export async function totalValue(totals: Locator, schema: string, field: 'latencyMs' | 'energyUj'): Promise<number> {
  const cell = totals.locator(`tr[data-schema="${schema}"] td[data-field="${field}"]`);
  const value = await cell.getAttribute('data-value');
  expect(value, `${schema}.${field} has a data-value`).not.toBeNull();
  return Number(value);
}

export interface CliEstimate {
  macs: number;
  params: number;
  layers: unknown[];
  schemas: Record<string, { latencyMs: number; energyUj: number; placement: string[] }>;
}

/** `npm run -s h4h -- estimate … --json`, exactly as a user types it. */
export function cliEstimate(space: string, genome: unknown, hw: string): CliEstimate {
  const out = execFileSync(
    'npm',
    ['run', '-s', 'h4h', '--', 'estimate', '--space', space, '--arch', JSON.stringify(genome), '--hw', hw, '--json'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(out) as CliEstimate;
}

/** The totals on the page equal the CLI's, number for number: both come from the same core. */
export async function expectTotalsMatchCli(page: Page): Promise<CliEstimate> {
  const { config } = await snapshot(page);
  // edited hardware goes to the CLI as inline JSON over the preset, as `--hw` accepts it
  const edited = Object.keys(config.hwOverrides ?? {}).length > 0;
  const cli = cliEstimate(
    config.space,
    config.genome,
    edited ? JSON.stringify({ base: config.system, ...config.hwOverrides }) : config.system,
  );
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
  return cli;
}

/**
 * Lays every panel out before axe reads the page. Panels out of view skip layout
 * (`content-visibility: auto`, styles.css) and sit at a 600 px estimate until first shown, so the boxes
 * axe reads of a long panel's contents overlapped the panels below it (the training chart's legend
 * read as text on the paper panel's blue button). Set through the CSSOM, which the page's CSP allows;
 * nothing scrolls and focus stays where it is.
 */
export async function layOutEveryPanel(page: Page): Promise<void> {
  await page.evaluate(async () => {
    type El = { style: { contentVisibility: string } };
    const g = globalThis as unknown as {
      document: { querySelectorAll(s: string): Iterable<El> };
      requestAnimationFrame(f: () => void): void;
    };
    for (const panel of g.document.querySelectorAll('.panel')) panel.style.contentVisibility = 'visible';
    await new Promise<void>((r) => g.requestAnimationFrame(() => g.requestAnimationFrame(() => r())));
  });
}
