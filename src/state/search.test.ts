import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRng, createSearch, fitRidge, getSpace, getSystem, sampleGenome, type SearchGeneration } from '../core';
import { createClient, type WorkerPort } from '../workers/client';
import type { WorkerReply, WorkerRequest } from '../workers/protocol';
import { createSearchHandler } from '../workers/searchHandler';
import {
  connectSearch,
  followInputs,
  importAccuracyTable,
  resetSearch,
  searchStore,
  selectPoint,
  setSearchSettings,
  startSearch,
} from './search';
import { appStore, resetInputs, setSystem } from './store';
import { initialTraining, trainingStore } from './training';

/** The real search handler behind a port, replies delivered on later macrotasks as a Worker would. */
function searchPort(): WorkerPort {
  const listeners: ((e: { data: unknown }) => void)[] = [];
  const handler = createSearchHandler({
    now: () => performance.now(),
    yieldNow: () => new Promise((r) => setTimeout(r, 0)),
    reportEveryMs: 0,
  });
  return {
    postMessage: (m: WorkerRequest) => {
      setTimeout(() => void handler.handle(m, (reply) => setTimeout(() => listeners.forEach((l) => l({ data: reply })), 0)), 0);
    },
    addEventListener: (type: 'message' | 'error', l: never) => {
      if (type === 'message') listeners.push(l);
    },
    terminate: () => undefined,
  };
}

/** A TF.js worker stand-in for the query lane: "measures" a subnet as 0.5 + (stage-1 width)/100. */
function queryPort(asked: string[]): WorkerPort {
  const listeners: ((e: { data: unknown }) => void)[] = [];
  return {
    postMessage: (m: WorkerRequest) => {
      if (m.type !== 'evaluate') return;
      asked.push(JSON.stringify(m.genome));
      const reply: WorkerReply = {
        type: 'done',
        id: m.id,
        job: 'evaluate',
        result: { genome: m.genome, accuracy: 0.5 + (m.genome.stages[0]?.c ?? 0) / 100, split: 'val', images: 100, step: 10 },
      };
      setTimeout(() => listeners.forEach((l) => l({ data: reply })), 0);
    },
    addEventListener: (type: 'message' | 'error', l: never) => {
      if (type === 'message') listeners.push(l);
    },
    terminate: () => undefined,
  };
}

const until = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let stop: () => void = () => undefined;
beforeEach(() => {
  resetInputs();
  resetSearch();
  trainingStore.setState(initialTraining());
  stop = followInputs();
});
afterEach(() => stop());

describe('search state', () => {
  it('budget mode: accuracy alone under a latency budget; an impossible budget says the smallest achievable value', async () => {
    connectSearch(createClient(searchPort()));
    expect(setSearchSettings({ objectives: ['accuracy'], budgets: { latencyMs: 0.2 }, population: 16, generations: 10 })).toEqual([]);
    await startSearch();
    const s = searchStore.getState();
    expect(s.status).toBe('done');
    expect(s.front.length).toBeGreaterThan(0);
    for (const p of s.front) expect(p.metrics.latencyMs).toBeLessThanOrEqual(0.2);
    expect(setSearchSettings({ budgets: { latencyMs: 0.001 } })).toEqual([]);
    await startSearch();
    expect(searchStore.getState().message).toMatch(/^no subnet meets latencyMs ≤ 0\.001: the smallest found is /);
  });

  it('runs to the end with the same front as core, and a hardware change leaves the front as the ghost', async () => {
    connectSearch(createClient(searchPort()));
    expect(setSearchSettings({ population: 16, generations: 8, seed: 2 })).toEqual([]);
    await startSearch();
    const s = searchStore.getState();
    expect(s.status).toBe('done');
    let g: SearchGeneration;
    const direct = createSearch({
      space: getSpace('mini'),
      system: getSystem('u55-mram'),
      objectives: ['accuracy', 'latencyMs', 'energyUj'],
      schema: 'hetero',
      population: 16,
      generations: 8,
      seed: 2,
      budgets: {},
      coSearch: false,
    });
    do g = direct.step();
    while (!g.done);
    expect(s.front.map((p) => p.key)).toEqual(g.front.map((p) => p.key));
    expect(s.points.map((p) => p.key)).toEqual(direct.evaluated().map((p) => p.key));
    expect(s.hypervolumes).toHaveLength(8);
    // a selection is not a change of inputs
    selectPoint(s.front[0]?.key ?? null);
    expect(searchStore.getState().status).toBe('done');
    setSystem('u65-dram');
    const after = searchStore.getState();
    expect(after.ghost?.front.map((p) => p.key)).toEqual(g.front.map((p) => p.key));
    expect(after.points).toHaveLength(0);
    // the status line names the ghost's configuration (its context); no second message repeats it
    expect(after.ghost?.context.system.id).toBe('u55-mram');
    expect(after.context).toBeNull();
    expect(after.message).toBeNull();
  });

  it('supernet accuracy: searches on the predictor, then measures every front subnet on the query lane', async () => {
    const space = getSpace('mini');
    const rng = createRng(3);
    const predictor = fitRidge(
      space,
      Array.from({ length: 40 }, () => {
        const genome = sampleGenome(space, rng);
        return { genome, accuracy: 0.5 + (genome.stages[0]?.c ?? 0) / 100 };
      }),
    );
    trainingStore.setState({ predictor: { state: 'ready', predictor } });
    const asked: string[] = [];
    connectSearch(createClient(searchPort()), { query: createClient(queryPort(asked)) });
    expect(setSearchSettings({ population: 12, generations: 4, accuracy: 'supernet' })).toEqual([]);
    await startSearch();
    await until(() => searchStore.getState().remeasure?.done === searchStore.getState().front.length);
    const s = searchStore.getState();
    expect(asked).toHaveLength(s.front.length);
    for (const p of s.front) expect(s.measured[p.key]).toBe(0.5 + (p.genome.stages[0]?.c ?? 0) / 100);
  });

  it('refuses what cannot run, naming the field', async () => {
    connectSearch(createClient(searchPort()));
    expect(setSearchSettings({ population: 2 })).toEqual(['search.population: must be a whole number 4–4,096']);
    expect(setSearchSettings({ objectives: ['accuracy'] })).toEqual([
      'search.objectives: one objective is budget mode: set a latency, energy or parameter budget first',
    ]);
    expect(setSearchSettings({ objectives: ['accuracy', 'latencyMs', 'energyUj', 'params', 'cimAreaMm2'], coSearch: true })).toEqual([
      'search.objectives: pick 1 to 4 (one is budget mode, with a budget)',
    ]);
    expect(setSearchSettings({ exhaustive: true })[0]).toMatch(/^search\.exhaustive: the space has 60,217,344 subnets/);
    expect(setSearchSettings({ trims: { stages: { s1: { k: [] } } } })).toEqual([
      'search.space: s1.k: keep at least one choice (allowed: 3, 5)',
    ]);
    expect(setSearchSettings({ accuracy: 'supernet' })).toEqual([]);
    await startSearch();
    expect(searchStore.getState()).toMatchObject({ status: 'error', message: expect.stringContaining('fit the predictor first') });
    expect(importAccuracyTable('x.csv', 'genome,accuracy\n"{}",0.5')).toEqual([expect.stringMatching(/^x\.csv: table row 2: genome: /)]);
    expect(searchStore.getState().table).toBeNull();
    expect(appStore.getState().spaceId).toBe('mini');
  });
});
