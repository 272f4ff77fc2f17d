import { describe, expect, it } from 'vitest';
import { canonicalStageChoices, createExhaustive, exhaustiveFront, MINI_TRIM_100K, trimSpace } from './exhaustive.js';
import { canonicalize, genomeKey, spaceSize, stageSize, validateGenome } from '../model/genome.js';
import { getSystem } from '../hardware/hardware.js';
import { hypervolume, paretoDominates } from './pareto.js';
import { createSearch, type SearchGeneration } from './search.js';
import { searchProblem, type SearchConfig, type SearchPoint } from './searchProblem.js';
import { MINI, NASVIT } from '../model/spaces.js';
import type { Genome } from '../types.js';

const system = getSystem('u55-mram');
/** mini trimmed to 1,936 subnets: fixed widths and kernels, every depth and block pattern of s3–s4 */
const SMALL = trimSpace(MINI, {
  r: [28],
  stem: [16],
  stages: {
    s1: { c: [16], k: [3] },
    s2: { c: [24], d: [1, 2], k: [3], e: [2, 4] },
    s3: { c: [32], k: [3], e: [2] },
    s4: { c: [48], k: [3], e: [2] },
  },
});

describe('trimSpace', () => {
  it('keeps the given choices in the parent order, with a new id; sizes are exact', () => {
    expect(spaceSize(SMALL)).toBe(1936n);
    expect(SMALL.id).not.toBe(MINI.id);
    expect(SMALL.stages[1]?.e).toEqual([2, 4]);
    expect(spaceSize(trimSpace(MINI, MINI_TRIM_100K))).toBe(123904n);
    expect(trimSpace(MINI, { id: 'tiny', stages: { s3: { hybrid: false } } }).stages[2]?.hybrid).toBe(false);
  });
  it('one trim, one id: choices in another order or repeated give the same id; every choice is no trim (it made "mini~r20-24-28")', () => {
    expect(trimSpace(MINI, { r: [28, 24] }).id).toBe(trimSpace(MINI, { r: [24, 28, 24] }).id);
    expect(trimSpace(MINI, { r: [28, 20, 24], stages: { s2: { k: [5, 3] } } }).id).toBe(MINI.id);
    expect(trimSpace(MINI, { r: [28, 20, 24], stem: [16] }).id).toBe(`${MINI.id}~stem16`);
  });
  it('refuses values not in the space, empty lists and unknown stages, naming the field', () => {
    expect(() => trimSpace(MINI, { r: [32] })).toThrow(/trim r: 32 not in the space \(allowed: 20, 24, 28\)/);
    expect(() => trimSpace(MINI, { stages: { s2: { d: [] } } })).toThrow(/trim s2.d: keep at least one choice/);
    expect(() => trimSpace(MINI, { stages: { s9: { d: [1] } } })).toThrow(/stages.s9: no such stage/);
  });
});

describe('the head gene in trims and enumeration (nasvit)', () => {
  const one = Object.fromEntries(
    NASVIT.stages.map((st) => [
      st.name,
      { c: st.c.slice(0, 1), d: st.d.slice(0, 1), k: st.k.slice(0, 1), e: st.e.slice(0, 1), hybrid: false as const },
    ]),
  );
  const TWO = trimSpace(NASVIT, { r: [192], stem: [16], stages: one });
  it('a head trim keeps its widths and names them in the id; a space without the gene refuses it', () => {
    expect(spaceSize(TWO)).toBe(2n);
    const only = trimSpace(NASVIT, { head: [1984], stem: [16] });
    expect(only.head).toEqual([1984]);
    expect(only.id).toBe('nasvit~stem16~head1984');
    expect(spaceSize(only)).toBe(spaceSize(trimSpace(NASVIT, { stem: [16] })) / 2n);
    expect(trimSpace(NASVIT, { head: [1984, 1792] }).id).toBe('nasvit');
    expect(() => trimSpace(NASVIT, { head: [2048] })).toThrow(/trim head: 2048 not in the space \(allowed: 1792, 1984\)/);
    expect(() => trimSpace(MINI, { head: [1792] })).toThrow(/trim head: the space "mini" has no head-width gene/);
    expect('head' in trimSpace(MINI, { r: [28] })).toBe(false);
  });
  it('enumerates every head width once: 1792 (left out) and 1984', () => {
    const result = exhaustiveFront({ space: TWO, system, objectives: ['params', 'latencyMs'] });
    expect(result.subnets).toBe(2);
    // fewer parameters and less time with the narrower head: the front is the 1792 head alone
    expect(result.front.map((p) => p.genome.head)).toEqual([undefined]);
    const ex = createExhaustive({ space: trimSpace(TWO, { head: [1984] }), system, objectives: ['params', 'latencyMs'] });
    ex.step();
    expect(ex.result()?.front.map((p) => p.genome.head)).toEqual([1984]);
  });
});

describe('exhaustive enumeration', () => {
  it('canonical stage choices number stageSize and are canonical and distinct', () => {
    for (const spec of [...MINI.stages, ...NASVIT.stages.slice(0, 4)]) {
      const all = canonicalStageChoices(spec);
      expect(BigInt(all.length)).toBe(stageSize(spec));
      expect(new Set(all.map((s) => JSON.stringify(s))).size).toBe(all.length);
    }
  });

  it('refuses spaces over 10⁶ subnets and hardware co-search', () => {
    expect(() => createExhaustive({ space: MINI, system, objectives: ['accuracy', 'latencyMs'] })).toThrow(/60217344 subnets/);
    expect(() => createExhaustive({ space: SMALL, system, objectives: ['accuracy', 'latencyMs'], coSearch: true })).toThrow(/coSearch/);
  });

  it('its front equals brute-force non-dominated filtering of every subnet, and NSGA-II reaches ≥ 99 % of its hypervolume', () => {
    const cfg: SearchConfig = { space: SMALL, system, objectives: ['accuracy', 'latencyMs', 'energyUj'] };
    const ex = createExhaustive(cfg);
    const progress = [ex.step(1000), ex.step(1000)];
    expect(progress.map((p) => p.done)).toEqual([false, true]);
    const result = ex.result();
    if (!result) throw new Error('no result');
    expect(result.subnets).toBe(1936);

    // brute force: every genome of the space by cartesian product, canonicalised, all points
    const problem = searchProblem(cfg);
    const genomes = new Map<string, Genome>();
    const stages = SMALL.stages.map(canonicalStageChoices);
    const walk = (i: number, acc: Genome['stages']): void => {
      if (i === stages.length) {
        const g = canonicalize(SMALL, { space: SMALL.id, r: 28, stem: 16, stages: acc });
        expect(validateGenome(SMALL, g).ok).toBe(true);
        genomes.set(genomeKey(SMALL, g), g);
        return;
      }
      for (const s of stages[i] ?? []) walk(i + 1, [...acc, s]);
    };
    walk(0, []);
    expect(genomes.size).toBe(1936);
    const all = [...genomes.values()].map((g) => problem.evaluate(g, null));
    const brute = all.filter((p) => !all.some((q) => paretoDominates(q.values, p.values, problem.directions)));
    const keys = (ps: readonly SearchPoint[]): string[] => ps.map((p) => p.key).sort();
    expect(keys(result.front)).toEqual(keys(brute));
    expect(result.hypervolume.value).toBe(
      hypervolume(
        brute.map((p) => p.values),
        problem.bounds,
      ).value,
    );
    expect(result.hypervolume.bounds).toEqual(problem.bounds);

    const search = createSearch({ ...cfg, population: 32, generations: 200, maxEvaluations: 700, seed: 2 });
    let g: SearchGeneration;
    do g = search.step();
    while (!g.done);
    expect(search.state().bounds).toEqual(result.bounds);
    expect(g.hypervolume / result.hypervolume.value).toBeGreaterThanOrEqual(0.99);
    expect(g.hypervolume).toBeLessThanOrEqual(result.hypervolume.value + 1e-12);
  });

  it('budgets: the exhaustive front holds feasible subnets only', () => {
    const cfg: SearchConfig = { space: SMALL, system, objectives: ['accuracy', 'energyUj'], budgets: { latencyMs: 0.06 } };
    const result = exhaustiveFront(cfg);
    expect(result.feasible).toBeLessThan(result.subnets);
    expect(result.front.length).toBeGreaterThan(0);
    for (const p of result.front) expect(p.metrics.latencyMs).toBeLessThanOrEqual(0.06);
  });
});
