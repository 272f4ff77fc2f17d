import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH } from '../core';
import { createClient, type WorkerPort } from '../workers/client';
import type { WorkerRequest } from '../workers/protocol';
import { createSearchHandler } from '../workers/searchHandler';
import { connectSearch, followInputs, resetSearch, searchStore, setBrush, setSearchSettings, startSearch } from './search';
import { SEARCH_CACHE_SIZE, cacheRun, cachedKeys, configKey } from './searchCache';
import { appStore, resetInputs, setHwParam, setSystem } from './store';
import { initialTraining, trainingStore } from './training';

/** The real search handler behind a port (replies on later macrotasks, as a Worker's); counts the search jobs it was given. */
function countingPort(jobs: string[]): WorkerPort {
  const listeners: ((e: { data: unknown }) => void)[] = [];
  const handler = createSearchHandler({
    now: () => performance.now(),
    yieldNow: () => new Promise((r) => setTimeout(r, 0)),
    reportEveryMs: 0,
  });
  return {
    postMessage: (m: WorkerRequest) => {
      if (m.type === 'search' || m.type === 'exhaustive') jobs.push(m.type);
      setTimeout(() => void handler.handle(m, (reply) => setTimeout(() => listeners.forEach((l) => l({ data: reply })), 0)), 0);
    },
    addEventListener: (type: 'message' | 'error', l: never) => {
      if (type === 'message') listeners.push(l);
    },
    terminate: () => undefined,
  };
}

const frontKeys = (): string[] => searchStore.getState().front.map((p) => p.key);

let stop: () => void = () => undefined;
let jobs: string[] = [];
beforeEach(() => {
  resetInputs();
  resetSearch();
  trainingStore.setState(initialTraining());
  stop = followInputs();
  jobs = [];
  connectSearch(createClient(countingPort(jobs)));
});
afterEach(() => stop());

describe('search results per configuration', () => {
  it('a hardware change leaves a ghost; changing back restores the same front, hypervolumes and brush without a new job', async () => {
    expect(setSearchSettings({ population: 16, generations: 8, seed: 2 })).toEqual([]);
    await startSearch();
    const a = searchStore.getState();
    expect(a.status).toBe('done');
    expect(jobs).toEqual(['search']);
    const brush = { x: 'latencyMs', y: 'accuracy', x0: 0, x1: 1e9, y0: 0, y1: 100 } as const;
    setBrush(brush);

    setSystem('u65-dram');
    const ghosted = searchStore.getState();
    expect(ghosted.status).toBe('idle');
    expect(ghosted.front).toHaveLength(0);
    expect(ghosted.points).toHaveLength(0);
    expect(ghosted.brush).toBeNull();
    expect(ghosted.ghost?.front.map((p) => p.key)).toEqual(a.front.map((p) => p.key));
    expect(ghosted.ghost?.context.system.id).toBe('u55-mram');
    expect(ghosted.ghost?.label).toContain('space mini, hardware');
    expect(ghosted.ghost?.label).toContain('schema hetero');

    setSystem('u55-mram');
    const back = searchStore.getState();
    expect(jobs).toEqual(['search']);
    expect(back.runs).toBe(1);
    expect(back.status).toBe('done');
    expect(back.restored).toBe(true);
    expect(back.message).toMatch(/^Restored from this page's cache/);
    expect(back.front).toBe(a.front);
    expect(back.points).toBe(a.points);
    expect(back.hypervolumes).toEqual(a.hypervolumes);
    expect(back.brush).toEqual(brush);
    // the ghost was this very front: it is not drawn twice
    expect(back.ghost).toBeNull();
  });

  it('two configurations that both ran: each switch restores its own run and shows the other as the ghost', async () => {
    expect(setSearchSettings({ population: 12, generations: 5, seed: 4 })).toEqual([]);
    await startSearch();
    const a = { front: frontKeys(), hv: searchStore.getState().hypervolumes };
    setHwParam('cimMacros', 8); // an edit is another configuration too
    await startSearch();
    const b = { front: frontKeys(), hv: searchStore.getState().hypervolumes };
    expect(b.hv).not.toEqual(a.hv);
    expect(jobs).toHaveLength(2);

    setSystem('u55-mram'); // drops the edit: configuration a
    expect(frontKeys()).toEqual(a.front);
    expect(searchStore.getState().hypervolumes).toEqual(a.hv);
    expect(searchStore.getState().ghost?.front.map((p) => p.key)).toEqual(b.front);
    expect(searchStore.getState().ghost?.context.system.params.cimMacros).toBe(8);
    setHwParam('cimMacros', 8);
    expect(frontKeys()).toEqual(b.front);
    expect(searchStore.getState().hypervolumes).toEqual(b.hv);
    expect(jobs).toHaveLength(2);
  });

  it('a setting changed back brings its run back; a setting with no run leaves the results as they are', async () => {
    expect(setSearchSettings({ population: 12, generations: 5, seed: 4 })).toEqual([]);
    await startSearch();
    const a = frontKeys();
    expect(setSearchSettings({ seed: 5 })).toEqual([]);
    expect(frontKeys()).toEqual(a); // not run yet: the seed-4 results stay on screen
    await startSearch();
    const b = frontKeys();
    expect(b).not.toEqual(a);
    expect(setSearchSettings({ seed: 4 })).toEqual([]);
    expect(frontKeys()).toEqual(a);
    expect(jobs).toHaveLength(2);
    expect(appStore.getState().systemId).toBe('u55-mram');
  });

  it('keeps at most SEARCH_CACHE_SIZE configurations, the least recently used dropped first', () => {
    const results = { ...searchStore.getState(), context: null };
    const keys = Array.from({ length: SEARCH_CACHE_SIZE + 1 }, (_, i) =>
      configKey('mini', { a: 1 }, { ...DEFAULT_SEARCH, seed: i }, { predictor: null, table: null }),
    );
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) cacheRun(k, { results, status: 'done' });
    expect(cachedKeys()).toEqual(keys.slice(1));
    // the same configuration written apart (parameters in another order) is the same key
    expect(configKey('mini', { b: 2, a: 1 }, DEFAULT_SEARCH, { predictor: null, table: null })).toBe(
      configKey('mini', { a: 1, b: 2 }, DEFAULT_SEARCH, { predictor: null, table: null }),
    );
  });
});
