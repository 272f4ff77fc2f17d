import { chromium } from '@playwright/test';
import { preview } from './train.js';
import {
  createExhaustive,
  createRng,
  createSearch,
  DEFAULT_SEARCH,
  getSpace,
  getSystem,
  hypervolume,
  maxOf,
  minOf,
  MINI_TRIM_100K,
  nonDominatedIndices,
  sampleGenome,
  searchProblem,
  trimSpace,
  type ObjectiveBounds,
  type ParetoBench,
  type ObjectiveId,
  type SearchConfig,
  type SearchGeneration,
  type SearchPoint,
  type SearchSettings,
} from '../src/core/index.js';

/** The search's own settings (objectives, population, generations) as the search settings type them. */
export interface NsgaTiming extends Pick<SearchSettings, 'objectives' | 'population' | 'generations'> {
  readonly space: string;
  readonly evaluations: number;
  readonly seconds: number;
  readonly frontSize: number;
  readonly hypervolume: number;
}

export interface SearchQuality extends Pick<SearchSettings, 'objectives' | 'generations'> {
  readonly space: string;
  readonly subnets: number;
  readonly bounds: readonly ObjectiveBounds[];
  readonly ref: readonly number[];
  readonly enumerationSeconds: number;
  readonly exhaustiveFrontSize: number;
  readonly exhaustiveHypervolume: number;
  readonly evaluations: number;
  readonly searchSeconds: number;
  readonly evolvedFrontSize: number;
  readonly evolvedHypervolume: number;
  /** hv(evolved) / hv(exhaustive), same bounds and reference point */
  readonly ratio: number;
  /** the same ratio for the initial population (64 subnets, the extremes among them): how lenient the stated bounds are */
  readonly initialRatio: number;
  /**
   * Stricter: both fronts normalised to the exhaustive front's own ideal..nadir (accuracy then spans the
   * space's range, not 0..1), reference 1.1; for the evolved front and for as many random subnets.
   */
  readonly tightRatio: number;
  readonly randomTightRatio: number;
}

export interface SearchBench {
  readonly nsga: NsgaTiming;
  readonly quality: SearchQuality;
}

function runToEnd(cfg: SearchConfig): { first: SearchGeneration; last: SearchGeneration; seconds: number } {
  const t0 = performance.now();
  const search = createSearch(cfg);
  const first = search.step();
  let last = first;
  while (!last.done) last = search.step();
  return { first, last, seconds: (performance.now() - t0) / 1000 };
}

/** Bounds spanning a front's own ideal and nadir point. */
function frontBounds(front: readonly SearchPoint[], like: readonly ObjectiveBounds[]): ObjectiveBounds[] {
  return like.map((b, k) => {
    const vs = front.map((p) => p.values[k] as number);
    return { direction: b.direction, lo: minOf(vs), hi: maxOf(vs) };
  });
}

/** The non-dominated set of `count` uniformly sampled (per gene) distinct subnets. */
function randomFront(cfg: SearchConfig, count: number): SearchPoint[] {
  const problem = searchProblem(cfg);
  const rng = createRng(cfg.seed ?? DEFAULT_SEARCH.seed);
  const seen = new Map<string, SearchPoint>();
  for (let i = 0; seen.size < count && i < count * 20; i++) {
    const g = sampleGenome(cfg.space, rng);
    const key = problem.key(g, null);
    if (!seen.has(key)) seen.set(key, problem.evaluate(g, null));
  }
  const all = [...seen.values()];
  return nonDominatedIndices(
    all.map((p) => p.values),
    problem.directions,
  ).map((i) => all[i] as SearchPoint);
}

/**
 * SPEC §10 search targets: (a) NSGA-II, population 64 × 100 generations, proxy accuracy, `mini`, one
 * Node thread (bounds set-up included; a short untimed run warms the JIT first); (b) hypervolume after
 * 5,000 evaluations vs the exhaustive front of `mini` trimmed to 123,904 subnets (`MINI_TRIM_100K`).
 */
export function benchSearch(seed = DEFAULT_SEARCH.seed, objectives: readonly ObjectiveId[] = DEFAULT_SEARCH.objectives): SearchBench {
  const system = getSystem('u55-mram');
  const mini = getSpace('mini');
  const { population, generations } = DEFAULT_SEARCH;
  const base: SearchConfig = { space: mini, system, objectives, population, generations, seed };
  runToEnd({ ...base, generations: 5 });
  const a = runToEnd(base);
  const nsga: NsgaTiming = {
    space: mini.id,
    objectives,
    population,
    generations: a.last.index + 1,
    evaluations: a.last.evaluations,
    seconds: a.seconds,
    frontSize: a.last.front.length,
    hypervolume: a.last.hypervolume,
  };

  const space = trimSpace(mini, MINI_TRIM_100K);
  const cfg: SearchConfig = { space, system, objectives, population, generations: 10_000, maxEvaluations: 5000, seed };
  const t0 = performance.now();
  const ex = createExhaustive(cfg);
  while (!ex.step(20_000).done);
  const enumerationSeconds = (performance.now() - t0) / 1000;
  const exhaustive = ex.result();
  if (!exhaustive) throw new Error('exhaustive enumeration did not finish');
  const b = runToEnd(cfg);
  const tight = frontBounds(exhaustive.front, exhaustive.bounds);
  const tightHv = (front: readonly SearchPoint[]): number =>
    hypervolume(
      front.map((p) => p.values),
      tight,
    ).value;
  const exhaustiveTight = tightHv(exhaustive.front);
  return {
    nsga,
    quality: {
      space: space.id,
      subnets: exhaustive.subnets,
      objectives,
      bounds: exhaustive.bounds,
      ref: exhaustive.hypervolume.ref,
      enumerationSeconds,
      exhaustiveFrontSize: exhaustive.front.length,
      exhaustiveHypervolume: exhaustive.hypervolume.value,
      evaluations: b.last.evaluations,
      generations: b.last.index + 1,
      searchSeconds: b.seconds,
      evolvedFrontSize: b.last.front.length,
      evolvedHypervolume: b.last.hypervolume,
      ratio: b.last.hypervolume / exhaustive.hypervolume.value,
      initialRatio: b.first.hypervolume / exhaustive.hypervolume.value,
      tightRatio: tightHv(b.last.front) / exhaustiveTight,
      randomTightRatio: tightHv(randomFront(cfg, 5000)) / exhaustiveTight,
    },
  };
}

/**
 * SPEC §10's redraw target, in headless Chromium on the built app: 10,000 subnets of a real search on
 * one Pareto plot's canvas, a brush change (brushed set + repaint) and a hover (nearest point).
 */
/** The main thread while the page runs a search (SPEC §10: no task longer than 50 ms). */
export interface MainThreadDuringSearch extends Pick<SearchSettings, 'population' | 'generations'> {
  readonly seconds: number;
  /** tasks of 50 ms or more (PerformanceObserver 'longtask'), and the longest */
  readonly longTasks: number;
  readonly longestMs: number;
}

export async function benchParetoBrowser(
  n = 10_000,
  port = 4180,
): Promise<ParetoBench & { browser: string; search: MainThreadDuringSearch }> {
  const server = await preview(port);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
    // the search runs here (the page's first JavaScript has no NSGA-II: the page's searches run in a
    // worker); the page draws its first n subnets
    const search = createSearch({
      space: getSpace('mini'),
      system: getSystem('u55-mram'),
      objectives: ['accuracy', 'latencyMs', 'energyUj'],
      population: 128,
      generations: 1000,
      maxEvaluations: n,
      seed: 1,
    });
    let g = search.step();
    while (!g.done) g = search.step();
    const r = await page.evaluate(
      ([points, front]) =>
        (
          globalThis as unknown as { h4h: { benchPareto(p: readonly SearchPoint[], f: readonly SearchPoint[]): ParetoBench } }
        ).h4h.benchPareto(points, front),
      [search.evaluated(), g.front] as const,
    );
    // a default search (64 × 100) from the page's button, the plots drawing as it goes
    await page.evaluate(() => {
      const w = globalThis as unknown as { longTasks: number[]; PerformanceObserver: typeof PerformanceObserver };
      w.longTasks = [];
      new w.PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(e.duration);
      }).observe({ type: 'longtask' as 'mark' }); // Node's types lack the browser's 'longtask'
    });
    const t0 = Date.now();
    await page.getByTestId('search-start').click();
    await page.waitForSelector('[data-testid="search-panel"][data-status="done"]', { timeout: 120_000 });
    await page.waitForTimeout(500); // the last render
    const seconds = (Date.now() - t0) / 1000;
    const tasks = await page.evaluate(() => (globalThis as unknown as { longTasks: number[] }).longTasks);
    return {
      ...r,
      browser: `Chromium ${browser.version()}`,
      search: {
        population: DEFAULT_SEARCH.population,
        generations: DEFAULT_SEARCH.generations,
        seconds,
        longTasks: tasks.length,
        longestMs: tasks.length ? maxOf(tasks) : 0,
      },
    };
  } finally {
    await browser.close();
    server.stop();
  }
}
