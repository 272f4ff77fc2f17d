import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, DEFAULT_TRAIN, defaultGenome, getSpace, MINI, NASVIT, sampleGenome, SCHEMA_IDS, SPACES, SYSTEMS, type TrainConfig } from '../core';
import { DEFAULT_SEARCH, type SearchSettings } from './search';
import { decodeGenome, encodeGenome, fromHash, toHash, type UrlState } from './url';

const DEFAULTS: UrlState = { space: 'mini', system: 'u55-mram', hwOverrides: {}, genome: defaultGenome(MINI), layerSchema: 'hetero', train: DEFAULT_TRAIN, search: DEFAULT_SEARCH };

/** Random valid search settings for a space: objectives, budgets, sizes, and trims of random choice subsets. */
function randomSearch(spaceId: string, seed: number): SearchSettings {
  const space = getSpace(spaceId);
  const rng = createRng(seed);
  const subset = (xs: readonly number[]): number[] | undefined => {
    if (rng.next() < 0.6) return undefined;
    const kept = xs.filter(() => rng.next() < 0.5);
    return kept.length === 0 || kept.length === xs.length ? [xs[0] as number] : kept;
  };
  const stages: Record<string, Record<string, number[]>> = {};
  for (const st of space.stages) {
    for (const g of ['c', 'd', 'k', 'e', 'm'] as const) {
      const v = subset(st[g]);
      if (v) (stages[st.name] ??= {})[g] = v;
    }
  }
  const r = subset(space.r);
  const stem = subset(space.stem);
  const coSearch = rng.next() < 0.3;
  const pool = coSearch ? ['accuracy', 'latencyMs', 'energyUj', 'params', 'cimAreaMm2'] : ['accuracy', 'latencyMs', 'energyUj', 'params'];
  const objectives = pool.filter(() => rng.next() < 0.5).slice(0, 3);
  const budgets: Record<string, number> = {};
  if (rng.next() < 0.3) budgets.latencyMs = Number((rng.next() * 5 + 0.01).toFixed(4));
  if (rng.next() < 0.3) budgets.params = 1 + rng.int(1e6);
  return {
    objectives: (objectives.length >= 2 ? objectives : ['accuracy', 'energyUj']) as SearchSettings['objectives'], schema: (['npu', 'cim', 'hetero', 'parallel'] as const)[rng.int(4)] as SearchSettings['schema'],
    population: 4 + rng.int(500), generations: 1 + rng.int(999), seed: rng.int(1e6), budgets, coSearch, exhaustive: false,
    accuracy: (coSearch ? ['proxy', 'predictor', 'supernet'] : ['proxy', 'predictor', 'supernet', 'table'])[rng.int(coSearch ? 3 : 4)] as SearchSettings['accuracy'],
    trims: { ...(r ? { r } : {}), ...(stem ? { stem } : {}), ...(Object.keys(stages).length ? { stages } : {}) },
  };
}

describe('URL hash', () => {
  it('the genome code round-trips for random genomes of every space', () => {
    for (const space of Object.values(SPACES)) {
      const rng = createRng(5);
      for (let i = 0; i < 200; i++) {
        const g = sampleGenome(space, rng);
        expect(decodeGenome(space.id, encodeGenome(g))).toEqual(g);
      }
    }
    expect(encodeGenome(defaultGenome(MINI))).toBe('28.16_16.2.3.1.2.mm_24.2.3.3.2.mm_32.2.3.3.2.mv_48.2.3.3.2.mv');
  });

  it('parse(serialise(state)) = state for random states, with no messages', () => {
    const spaceIds = Object.keys(SPACES);
    const systemIds = Object.keys(SYSTEMS);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: spaceIds.length - 1 }), fc.integer({ min: 0, max: systemIds.length - 1 }), fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5000 }), fc.constantFrom('adam', 'sgd'), fc.boolean(), fc.double({ min: 1e-5, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), fc.double({ min: 100, max: 1500, noNaN: true }), fc.boolean(),
        (si, yi, seed, schema, steps, optimizer, twoPhase, lr, macros, units, freq, edited) => {
          const space = getSpace(spaceIds[si] as string);
          const train: TrainConfig = {
            ...DEFAULT_TRAIN, space: space.id, dataset: space.dataset === 'cifar10' ? 'cifar10' : 'fashion-mnist',
            steps, optimizer: optimizer as TrainConfig['optimizer'], twoPhase, learningRate: lr, seed,
          };
          const hwOverrides = edited ? { cimMacros: macros, cimUnits: Math.min(units, macros), npuFreqMHz: freq } : {};
          const search = randomSearch(space.id, seed);
          const state: UrlState = { space: space.id, system: systemIds[yi] as string, hwOverrides, search, genome: sampleGenome(space, createRng(seed)), layerSchema: SCHEMA_IDS[schema] as UrlState['layerSchema'], train };
          const back = fromHash(toHash(state), DEFAULTS);
          expect(back.errors).toEqual([]);
          expect(back.state).toEqual(state);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('edited hardware parameters: each is checked alone over the preset, bad ones named, good ones kept', () => {
    const r = fromHash('#v=1&hw=u65-dram&hwp=cimMacros:4,cimUnits:9,bogus:1,npuFreqMHz:abc,linkGBps:8', DEFAULTS);
    expect(r.state.system).toBe('u65-dram');
    expect(r.state.hwOverrides).toEqual({ cimMacros: 4, linkGBps: 8 });
    expect(r.errors).toHaveLength(3);
    expect(r.errors[0]).toMatch(/^hwp\.cimUnits: /);
    expect(r.errors[1]).toBe('hwp: unknown hardware parameter "bogus"');
    expect(r.errors[2]).toMatch(/^hwp\.npuFreqMHz: /);
    expect(toHash(r.state)).toContain('hwp=cimMacros%3A4%2ClinkGBps%3A8');
    expect(fromHash('#v=1&hw=u55-mram', { ...DEFAULTS, hwOverrides: { cimMacros: 2 } }).state.hwOverrides).toEqual({});
  });

  it('a bad field falls back to its default and is named; the good fields still apply', () => {
    const r = fromHash('#v=1&space=mini&hw=u65-dram&g=28.16_16.2.7.2.2.mm&schema=cim&train=steps:abc,optimizer:sgd,batch:0,bogus:1', DEFAULTS);
    expect(r.state.system).toBe('u65-dram');
    expect(r.state.layerSchema).toBe('cim');
    expect(r.state.genome).toEqual(defaultGenome(MINI));
    expect(r.state.train.optimizer).toBe('sgd');
    expect(r.state.train.steps).toBe(DEFAULT_TRAIN.steps);
    expect(r.errors).toEqual([
      expect.stringMatching(/^g: stages: 1 stages given/),
      'train: unknown setting "bogus"',
      'train.steps: must be a whole number 1–1000000',
      'train.batch: must be 1–1024',
    ]);
  });

  it('refuses a dataset that does not fit the space', () => {
    const r = fromHash('v=1&space=mini&train=dataset:cifar10,steps:9', DEFAULTS);
    expect(r.errors).toEqual(['train.dataset: cifar10 does not fit space mini (fashion-mnist or mnist)']);
    expect(r.state.train.dataset).toBe('fashion-mnist');
    expect(r.state.train.steps).toBe(9);
  });

  it('a future version, an unknown space and a truncated link are read as far as possible', () => {
    const future = fromHash('v=7&space=nasvit&schema=parallel', DEFAULTS);
    expect(future.errors).toEqual(['v: the link is from a newer version (v=7); fields this version does not know are ignored']);
    expect(future.state.space).toBe('nasvit');
    expect(future.state.genome).toEqual(defaultGenome(NASVIT));
    const unknown = fromHash('v=1&space=resnet&hw=tpu', DEFAULTS);
    expect(unknown.errors).toEqual(['space: unknown "resnet"; using mini', 'hw: unknown system "tpu"; using u55-mram']);
    const full = toHash({ ...DEFAULTS, layerSchema: 'npu' });
    const cut = fromHash(full.slice(0, full.indexOf('_') + 5), DEFAULTS);
    expect(cut.errors.map((e) => e.split(':')[0])).toEqual(['g']);
    expect(cut.state.genome).toEqual(defaultGenome(MINI));
  });

  it('search settings: each bad field named, the rest applied', () => {
    const r = fromHash('#v=1&space=mini&search=pop:2,gen:40,obj:accuracy.speed,acc:magic,lat:0.2,bogus:1,co:yes&trim=s9.k3', DEFAULTS);
    expect(r.state.search.generations).toBe(40);
    expect(r.state.search.population).toBe(DEFAULT_SEARCH.population);
    expect(r.state.search.budgets).toEqual({ latencyMs: 0.2 });
    expect(r.state.search.trims).toEqual({});
    expect(r.errors).toEqual([
      'search.trim: stages.s9: no such stage (stages: s1, s2, s3, s4)',
      'search.coSearch: must be 0 or 1',
      'search.population: must be a whole number 4–512',
      'search.objectives: unknown objective in "accuracy.speed"',
      'search.accuracy: unknown source "magic"',
      'search: unknown setting "bogus"',
    ]);
  });

  it('never throws on 10,000 random and mutated hashes', () => {
    // a fully edited state: every field of the link present
    const base = toHash({ ...DEFAULTS, hwOverrides: { cimMacros: 4, cimUnits: 2 }, train: { ...DEFAULT_TRAIN, steps: 77, distill: false }, search: randomSearch('mini', 7) });
    expect(base).toContain('search=');
    expect(base).toContain('trim=');
    const rng = createRng(99);
    const chars = '#&=_~.,:%v0123456789abcdefghijklmnopqrstuvwxyz-_+ /\\"\'<>{}[]\u00e9\u{1F600}';
    for (let i = 0; i < 10_000; i++) {
      let h = base;
      const edits = 1 + rng.int(6);
      for (let e = 0; e < edits; e++) {
        const at = rng.int(h.length + 1);
        const op = rng.int(3);
        const c = chars[rng.int(chars.length)] as string;
        h = op === 0 ? h.slice(0, at) + c + h.slice(at) : op === 1 ? h.slice(0, at) + h.slice(at + 1 + rng.int(5)) : h.slice(0, at) + c + h.slice(at + 1);
      }
      if (i % 10 === 0) h = Array.from({ length: rng.int(80) }, () => chars[rng.int(chars.length)]).join('');
      const r = fromHash(h, DEFAULTS);
      expect(typeof r.state.space).toBe('string');
    }
  });
});
