/**
 * Results per configuration, for the page's lifetime: switching the hardware (or space, or a
 * setting) back brings the earlier run back without a new one. A configuration is everything that
 * determines a result: the space and its trims, the hardware parameters as edited, the schema,
 * objectives, budgets, population, generations, seed, co-search, enumeration, and the accuracy
 * source (a fitted predictor or an imported table by identity: another fit is another source).
 */
import type { AccuracyTable, Predictor, SearchSettings } from '../core';
import type { SearchResults, SearchRunState } from './searchStore';

/**
 * At most this many configurations are kept, the least recently used dropped first: a run holds
 * every evaluated subnet (up to tens of thousands), so the bound keeps the page's memory in check.
 */
export const SEARCH_CACHE_SIZE = 8;

const ids = new WeakMap<object, number>();
let nextId = 1;
const idOf = (o: object | null): number => {
  if (!o) return 0;
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
};

/** The cache key of a configuration (a string, so equal configurations made apart compare equal). */
export function configKey(
  spaceId: string,
  params: Readonly<Record<string, number>>,
  s: SearchSettings,
  source: { readonly predictor: Predictor | null; readonly table: AccuracyTable | null },
): string {
  const sortedParams = Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));
  const sortedBudgets = Object.fromEntries(
    Object.entries(s.budgets)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  const accuracyId = s.accuracy === 'table' ? idOf(source.table) : s.accuracy === 'proxy' ? 0 : idOf(source.predictor);
  return JSON.stringify([
    spaceId,
    s.trims,
    sortedParams,
    s.schema,
    s.objectives,
    sortedBudgets,
    s.population,
    s.generations,
    s.seed,
    s.coSearch,
    s.exhaustive,
    s.accuracy,
    accuracyId,
  ]);
}

/** A finished (or stopped) run as the cache holds it. */
export interface CachedRun {
  readonly results: SearchResults;
  readonly status: 'done' | 'cancelled';
}

const cache = new Map<string, CachedRun>();

export function cacheRun(key: string, run: CachedRun): void {
  cache.delete(key); // re-inserted last: the most recently used
  cache.set(key, run);
  while (cache.size > SEARCH_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
}

export function cachedRun(key: string): CachedRun | undefined {
  const hit = cache.get(key);
  if (hit) cacheRun(key, hit);
  return hit;
}

export function cachedKeys(): readonly string[] {
  return [...cache.keys()];
}

/** Keeps the store's results under their configuration, if there are any worth keeping (a stopped or finished run). */
export function stashResults(s: SearchRunState): void {
  if (!s.context || s.points.length === 0) return;
  if (s.status !== 'done' && s.status !== 'cancelled' && s.status !== 'paused') return;
  const {
    context,
    points,
    front,
    hypervolumes,
    bounds,
    ref,
    generation,
    evaluations,
    elapsedMs,
    infeasible,
    measured,
    reference,
    brush,
    selectedKey,
  } = s;
  cacheRun(context.key, {
    // a running enumeration is not kept half-way: the restored run shows no reference
    results: {
      context,
      points,
      front,
      hypervolumes,
      bounds,
      ref,
      generation,
      evaluations,
      elapsedMs,
      infeasible,
      measured,
      reference: reference?.state === 'done' ? reference : null,
      brush,
      selectedKey,
    },
    status: s.status === 'done' ? 'done' : 'cancelled',
  });
}

/** Empties the cache (tests). */
export function clearSearchCache(): void {
  cache.clear();
}
