import { describe, expect, it } from 'vitest';
import { proxyAccuracy } from '../accuracy/accuracy.js';
import { estimateGenome } from '../schedule/estimate.js';
import { genomeKey, validateGenome } from '../model/genome.js';
import { getSystem } from '../hardware/hardware.js';
import { smallestGenome } from '../model/macrange.js';
import { paretoDominates } from './pareto.js';
import { createSearch, type Search, type SearchGeneration } from './search.js';
import type { SearchConfig } from './searchProblem.js';
import type { ObjectiveId } from './objectives.js';
import { MINI } from '../model/spaces.js';
import type { Genome } from '../types.js';

const system = getSystem('u55-mram');
const base = { space: MINI, system, population: 16, generations: 8, seed: 3 } satisfies Partial<SearchConfig>;

function run(search: Search, max = 1000): SearchGeneration[] {
  const out: SearchGeneration[] = [];
  for (let i = 0; i < max; i++) {
    const g = search.step();
    out.push(g);
    if (g.done) return out;
  }
  throw new Error('search did not finish');
}

describe('NSGA-II search', () => {
  it('is deterministic: same config and seed give deep-equal generations; another seed differs', () => {
    const cfg: SearchConfig = { ...base, objectives: ['accuracy', 'latencyMs', 'energyUj'] };
    const a = run(createSearch(cfg));
    const b = run(createSearch(cfg));
    expect(b).toEqual(a);
    expect(run(createSearch({ ...cfg, seed: 4 })).at(-1)?.front).not.toEqual(a.at(-1)?.front);
  });

  it('one generation per step, then done at the configured count; stepping after done changes nothing', () => {
    const search = createSearch({ ...base, objectives: ['accuracy', 'latencyMs'] });
    const gens = run(search);
    expect(gens.map((g) => g.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(gens.at(-1)?.stopReason).toBe('generations');
    expect(search.step()).toBe(gens.at(-1));
    expect(search.state().hypervolumes).toEqual(gens.map((g) => g.hypervolume));
  });

  it('hypervolume never drops and the front is mutually non-dominated (proxy accuracy)', () => {
    const gens = run(createSearch({ ...base, generations: 15, objectives: ['accuracy', 'energyUj'] }));
    for (let i = 1; i < gens.length; i++)
      expect((gens[i] as SearchGeneration).hypervolume).toBeGreaterThanOrEqual((gens[i - 1] as SearchGeneration).hypervolume);
    expect((gens.at(-1) as SearchGeneration).hypervolume).toBeGreaterThan((gens[0] as SearchGeneration).hypervolume);
    const front = (gens.at(-1) as SearchGeneration).front;
    for (const p of front) for (const q of front) expect(paretoDominates(q.values, p.values, ['max', 'min'])).toBe(false);
    expect(new Set(front.map((p) => p.values.join())).size).toBe(front.length);
  });

  it('any 2 or 3 objectives: values follow the objective order and match the estimator and the proxy', () => {
    const sets: ObjectiveId[][] = [
      ['accuracy', 'latencyMs'],
      ['latencyMs', 'energyUj', 'params'],
      ['params', 'accuracy', 'energyUj'],
    ];
    for (const objectives of sets) {
      const search = createSearch({ ...base, generations: 3, objectives });
      const g = run(search).at(-1) as SearchGeneration;
      expect(search.state().bounds).toHaveLength(objectives.length);
      expect(g.front.length).toBeGreaterThan(0);
      for (const p of g.front.slice(0, 5)) {
        expect(validateGenome(MINI, p.genome).ok).toBe(true);
        const est = estimateGenome(MINI, p.genome, system);
        const expected = {
          accuracy: proxyAccuracy(MINI, p.genome),
          latencyMs: est.schemas.hetero.latencyMs,
          energyUj: est.schemas.hetero.energyUj,
          params: est.params,
        };
        expect(p.values).toEqual(objectives.map((o) => expected[o as keyof typeof expected]));
      }
    }
  });

  it('reads the chosen schema and states fixed bounds (accuracy 0..1, others from the extreme subnets)', () => {
    const search = createSearch({ ...base, generations: 2, schema: 'npu', objectives: ['accuracy', 'latencyMs'] });
    const g = run(search).at(-1) as SearchGeneration;
    const p = g.front[0];
    expect(p?.metrics.latencyMs).toBe(estimateGenome(MINI, p?.genome as Genome, system).schemas.npu.latencyMs);
    const [acc, lat] = search.state().bounds;
    expect(acc).toEqual({ direction: 'max', lo: 0, hi: 1 });
    expect(lat?.lo).toBe(estimateGenome(MINI, smallestGenome(MINI), system).schemas.npu.latencyMs);
    expect(search.state().ref).toEqual([1.1, 1.1]);
  });

  it('removes duplicates: unique keys in every population, each distinct subnet evaluated once', () => {
    const calls = new Map<string, number>();
    const accuracy = (g: Genome): number => {
      const k = genomeKey(MINI, g);
      calls.set(k, (calls.get(k) ?? 0) + 1);
      return proxyAccuracy(MINI, g);
    };
    // little mutation and crossover: many children equal a parent and must be dropped
    const search = createSearch({ ...base, mutationProb: 0.02, crossoverProb: 0.2, objectives: ['accuracy', 'params'] }, { accuracy });
    for (let g = search.step(); ; g = search.step()) {
      const keys = search.state().population.map((p) => p.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(g.evaluations).toBe(calls.size);
      if (g.done) break;
    }
    expect([...calls.values()].every((c) => c === 1)).toBe(true);
    expect(search.state().accuracySource).toBe('injected');
  });

  it('honours budgets: every reported point is feasible once feasible ones exist', () => {
    const limit = estimateGenome(MINI, smallestGenome(MINI), system).schemas.hetero.latencyMs * 2;
    const gens = run(createSearch({ ...base, objectives: ['accuracy', 'energyUj'], budgets: { latencyMs: limit } }));
    const g = gens.at(-1) as SearchGeneration;
    expect(g.front.length).toBeGreaterThan(0);
    for (const p of g.front) {
      expect(p.feasible).toBe(true);
      expect(p.metrics.latencyMs).toBeLessThanOrEqual(limit);
    }
    expect(g.infeasible).toBeNull();
  });

  it('budget mode: maximise accuracy alone under a latency budget', () => {
    const limit = estimateGenome(MINI, smallestGenome(MINI), system).schemas.hetero.latencyMs * 3;
    const g = run(createSearch({ ...base, objectives: ['accuracy'], budgets: { latencyMs: limit } })).at(-1) as SearchGeneration;
    expect(g.front.length).toBeGreaterThanOrEqual(1);
    const best = g.bestFeasible.accuracy;
    expect(best).toBeTypeOf('number');
    for (const p of g.front) expect(p.values[0]).toBe(best);
    expect(g.front[0]?.metrics.latencyMs).toBeLessThanOrEqual(limit);
  });

  it('an infeasible budget is reported with the smallest achievable value and the search stops', () => {
    const smallest = estimateGenome(MINI, smallestGenome(MINI), system).schemas.hetero.latencyMs;
    const search = createSearch({ ...base, generations: 1000, objectives: ['accuracy'], budgets: { latencyMs: smallest / 2 } });
    const gens = run(search, 20);
    const g = gens.at(-1) as SearchGeneration;
    expect(g.done).toBe(true);
    expect(g.stopReason).toBe('infeasible');
    expect(gens.length).toBeLessThanOrEqual(10);
    expect(g.infeasible?.objective).toBe('latencyMs');
    expect(g.infeasible?.budget).toBe(smallest / 2);
    expect(g.infeasible?.smallestAchievable).toBeLessThanOrEqual(smallest);
    expect(g.infeasible?.smallestAchievable).toBeGreaterThan(smallest / 2);
    expect(g.infeasible?.message).toMatch(/no subnet meets latencyMs/);
    expect(g.hypervolume).toBe(0);
    expect(g.front.every((p) => !p.feasible)).toBe(true);
    expect(search.step()).toBe(g);
  });

  it('stops at maxEvaluations', () => {
    const g = run(createSearch({ ...base, generations: 100, maxEvaluations: 50, objectives: ['accuracy', 'latencyMs'] })).at(
      -1,
    ) as SearchGeneration;
    expect(g.evaluations).toBe(50);
    expect(g.stopReason).toBe('evaluations');
  });

  it('hardware co-search: M, U | M and P are genes; area is M × area per macro; latency uses that hardware', () => {
    const search = createSearch({ ...base, objectives: ['accuracy', 'latencyMs', 'cimAreaMm2'], coSearch: { areaPerMacroMm2: 0.5 } });
    const g = run(search).at(-1) as SearchGeneration;
    const ms = new Set<number>();
    for (const p of search.state().population) {
      const hw = p.hw;
      if (!hw) throw new Error('no hardware genes');
      ms.add(hw.cimMacros);
      expect([1, 2, 4, 8, 16]).toContain(hw.cimMacros);
      expect(hw.cimMacros % hw.cimUnits).toBe(0);
      expect([64, 128, 256, 512]).toContain(hw.npuMacsPerCycle);
      expect(p.metrics.cimAreaMm2).toBe(hw.cimMacros * 0.5);
    }
    expect(ms.size).toBeGreaterThan(1);
    const p = g.front[0];
    const sys = { ...system, params: { ...system.params, ...p?.hw } };
    expect(p?.metrics.latencyMs).toBe(estimateGenome(MINI, p?.genome as Genome, sys).schemas.hetero.latencyMs);
    expect(search.state().bounds[2]).toEqual({ direction: 'min', lo: 0.5, hi: 8 });
  });

  it('refuses objectives it cannot search', () => {
    expect(() => createSearch({ ...base, objectives: ['accuracy', 'cimAreaMm2'] })).toThrow(/co-search/);
    expect(() => createSearch({ ...base, objectives: ['accuracy', 'accuracy'] })).toThrow(/repeated/);
    expect(() => createSearch({ ...base, objectives: [] })).toThrow(/1 to 4/);
    expect(() => createSearch({ ...base, objectives: ['accuracy'], budgets: { latencyMs: -1 } })).toThrow(/budgets.latencyMs/);
  });
});
