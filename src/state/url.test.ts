import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createRng,
  DEFAULT_TRAIN,
  defaultGenome,
  expandGenome,
  at,
  genomeFromLink,
  genomeToLink,
  getSpace,
  HW_PARAMS,
  largestGenome,
  MINI,
  NASVIT,
  sampleGenome,
  SCHEMA_IDS,
  SPACES,
  SYSTEMS,
  validateGenome,
  validateSearchSettings,
  validateSystem,
  validateTrainConfig,
  type TrainConfig,
} from '../core';
import { DEFAULT_SEARCH, type SearchSettings } from './search';
import { deflateSync } from 'fflate';
import { COMPRESS_FROM, DICTIONARY_V2, LINK_VERSION, MAX_INFLATED } from './link';
import { PANEL_IDS } from './store';
import { decodeGenome, encodeGenome, fromHash, toHash, type UrlState } from './url';
import linksV1 from './fixtures/links-v1.json';
import linksV2 from './fixtures/links-v2.json';
import { URL_DEFAULTS as DEFAULTS } from './fixtures/urlDefaults';

/** Random valid search settings for a space: objectives, budgets, sizes, and trims of random choice subsets. */
function randomSearch(spaceId: string, seed: number): SearchSettings {
  const space = getSpace(spaceId);
  const rng = createRng(seed);
  const subset = (xs: readonly number[]): number[] | undefined => {
    if (rng.next() < 0.6) return undefined;
    const kept = xs.filter(() => rng.next() < 0.5);
    return kept.length === 0 || kept.length === xs.length ? [at(xs, 0)] : kept;
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
  const head = space.head ? subset(space.head) : undefined;
  const coSearch = rng.next() < 0.3;
  const pool = coSearch ? ['accuracy', 'latencyMs', 'energyUj', 'params', 'cimAreaMm2'] : ['accuracy', 'latencyMs', 'energyUj', 'params'];
  const objectives = pool.filter(() => rng.next() < 0.5).slice(0, 3);
  const budgets: Record<string, number> = {};
  if (rng.next() < 0.3) budgets.latencyMs = Number((rng.next() * 5 + 0.01).toFixed(4));
  if (rng.next() < 0.3) budgets.params = 1 + rng.int(1e6);
  return {
    objectives: (objectives.length >= 2 ? objectives : ['accuracy', 'energyUj']) as SearchSettings['objectives'],
    schema: (['npu', 'cim', 'hetero', 'parallel'] as const)[rng.int(4)] as SearchSettings['schema'],
    population: 4 + rng.int(500),
    generations: 1 + rng.int(999),
    seed: rng.int(1e6),
    budgets,
    coSearch,
    exhaustive: false,
    accuracy: (coSearch ? ['proxy', 'predictor', 'supernet'] : ['proxy', 'predictor', 'supernet', 'table'])[
      rng.int(coSearch ? 3 : 4)
    ] as SearchSettings['accuracy'],
    trims: { ...(r ? { r } : {}), ...(stem ? { stem } : {}), ...(head ? { head } : {}), ...(Object.keys(stages).length ? { stages } : {}) },
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
        fc.integer({ min: 0, max: spaceIds.length - 1 }),
        fc.integer({ min: 0, max: systemIds.length - 1 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom('adam', 'sgd'),
        fc.boolean(),
        fc.double({ min: 1e-5, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 100, max: 1500, noNaN: true }),
        fc.boolean(),
        fc.option(fc.nat()),
        fc.subarray([...PANEL_IDS]),
        (si, yi, seed, schema, steps, optimizer, twoPhase, lr, macros, units, freq, edited, layer, hiddenPanels) => {
          const space = getSpace(spaceIds[si] as string);
          const train: TrainConfig = {
            ...DEFAULT_TRAIN,
            space: space.id,
            dataset: space.dataset === 'cifar10' ? 'cifar10' : 'fashion-mnist',
            steps,
            optimizer: optimizer as TrainConfig['optimizer'],
            twoPhase,
            learningRate: lr,
            seed,
          };
          const hwOverrides = edited ? { cimMacros: macros, cimUnits: Math.min(units, macros), npuFreqMHz: freq } : {};
          const search = randomSearch(space.id, seed);
          const genome = sampleGenome(space, createRng(seed));
          const selectedLayer = layer === null ? null : layer % expandGenome(space, genome).length;
          const state: UrlState = {
            space: space.id,
            system: systemIds[yi] as string,
            hwOverrides,
            search,
            genome,
            layerSchema: SCHEMA_IDS[schema] as UrlState['layerSchema'],
            train,
            selectedLayer,
            hiddenPanels,
          };
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
    expect(toHash(r.state)).toContain('hwp=cimMacros:4,linkGBps:8');
    expect(fromHash('#v=1&hw=u55-mram', { ...DEFAULTS, hwOverrides: { cimMacros: 2 } }).state.hwOverrides).toEqual({});
  });

  it('a bad field falls back to its default and is named; the good fields still apply', () => {
    const r = fromHash(
      '#v=1&space=mini&hw=u65-dram&g=28.16_16.2.7.2.2.mm&schema=cim&train=steps:abc,optimizer:sgd,batch:0,bogus:1',
      DEFAULTS,
    );
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
    expect(cut.errors).toEqual(['link: cut short (no "&end"), so its last field, g, may be cut: it keeps its default']);
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
      'search.population: must be a whole number 4–4,096',
      'search.objectives: unknown objective in "accuracy.speed"',
      'search.accuracy: unknown source "magic"',
      'search: unknown setting "bogus"',
    ]);
  });

  it('never throws on 10,000 random and mutated hashes, plain and compressed', () => {
    // a fully edited state: every field of the link present; once as it is written (compressed), once plain
    const state: UrlState = {
      ...DEFAULTS,
      hwOverrides: { cimMacros: 4, cimUnits: 2 },
      train: { ...DEFAULT_TRAIN, steps: 77, distill: false },
      search: randomSearch('mini', 7),
      selectedLayer: 3,
      hiddenPanels: ['sweep'],
    };
    const packed = toHash(state);
    expect(packed).toMatch(/^v=2&z=[\w-]+$/);
    const plain = toHash(state, { compress: false });
    for (const f of ['search=', 'trim=', 'hwp=', 'train=', 'layer=', 'hide=']) expect(plain).toContain(f);
    expect(fromHash(plain, DEFAULTS)).toEqual({ state, errors: [] });
    const rng = createRng(99);
    let named = 0;
    const chars = '#&=_~.,:%v0123456789abcdefghijklmnopqrstuvwxyz-_+ /\\"\'<>{}[]\u00e9\u{1F600}';
    // whole words too: the names of Object.prototype's properties (a stage called `constructor`), big numbers, a BOM
    const words = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', '1e+21', '1e400', 'NaN', '\uFEFF'];
    const proto = JSON.stringify(Object.getOwnPropertyDescriptors(Object.prototype), (_k, v: unknown) =>
      typeof v === 'function' ? `${v.name}:${Object.keys(v).join()}` : v,
    );
    for (let i = 0; i < 10_000; i++) {
      let h = i % 2 === 0 ? plain : packed;
      const edits = 1 + rng.int(6);
      for (let e = 0; e < edits; e++) {
        const at = rng.int(h.length + 1);
        const op = rng.int(3);
        const c = chars[rng.int(chars.length)] as string;
        const w = rng.next() < 0.2 ? (words[rng.int(words.length)] as string) : c;
        h =
          op === 0
            ? h.slice(0, at) + w + h.slice(at)
            : op === 1
              ? h.slice(0, at) + h.slice(at + 1 + rng.int(5))
              : h.slice(0, at) + w + h.slice(at + 1);
      }
      if (i % 10 === 0) h = Array.from({ length: rng.int(80) }, () => chars[rng.int(chars.length)]).join('');
      const r = fromHash(h, DEFAULTS);
      // the state is one the page can show: known ids, a genome, settings and hardware that validate
      const space = getSpace(r.state.space);
      expect(validateGenome(space, r.state.genome).ok).toBe(true);
      expect(validateSearchSettings(r.state.search, space)).toEqual([]);
      expect(validateSystem({ base: r.state.system, ...r.state.hwOverrides }).ok).toBe(true);
      expect(validateTrainConfig(r.state.train).ok).toBe(true);
      // every message names its field first
      for (const e of r.errors) expect(e).toMatch(/^(v|z|space|hw|hwp[.\w]*|g|schema|train[.\w]*|search[.\w]*|trim|layer|hide|link): /);
      named += r.errors.length;
    }
    expect(named).toBeGreaterThan(1000);
    expect(
      JSON.stringify(Object.getOwnPropertyDescriptors(Object.prototype), (_k, v: unknown) =>
        typeof v === 'function' ? `${v.name}:${Object.keys(v).join()}` : v,
      ),
    ).toBe(proto);
    expect(Object.keys(Object)).toEqual([]);
  }, 60_000); // 20,000 parses: seconds on a loaded machine

  it('a long link is compressed with the v=2 dictionary, much shorter, and reads back the same', () => {
    const short = toHash(DEFAULTS);
    expect(short).toBe('v=2&space=mini&hw=u55-mram&g=28.16_16.2.3.1.2.mm_24.2.3.3.2.mm_32.2.3.3.2.mv_48.2.3.3.2.mv&schema=hetero&end');
    const rng = createRng(4);
    for (let i = 0; i < 200; i++) {
      const state: UrlState = {
        ...DEFAULTS,
        space: 'nasvit',
        genome: sampleGenome(NASVIT, rng),
        train: { ...DEFAULT_TRAIN, space: 'nasvit', steps: 1 + rng.int(9999) },
        search: randomSearch('nasvit', i),
        hwOverrides: { cimMacros: 8, cimUnits: 2, npuFreqMHz: 500 + rng.int(500) },
        selectedLayer: rng.int(100),
        hiddenPanels: ['sweep', 'training'],
      };
      const plain = toHash(state, { compress: false });
      const packed = toHash(state);
      expect(plain.length).toBeGreaterThan(COMPRESS_FROM);
      expect(packed.length).toBeLessThan(plain.length * 0.7);
      expect(fromHash(packed, DEFAULTS)).toEqual({ state, errors: [] });
    }
  });

  it('a cut compressed link keeps the fields before the cut and names what was lost', () => {
    const state: UrlState = {
      ...DEFAULTS,
      genome: sampleGenome(MINI, createRng(21)),
      system: 'u65-dram',
      hwOverrides: { cimMacros: 8, cimUnits: 2, linkGBps: 8 },
      layerSchema: 'npu',
      train: { ...DEFAULT_TRAIN, steps: 123, optimizer: 'sgd' },
      search: { ...DEFAULT_SEARCH, population: 24, generations: 12, seed: 9, budgets: { latencyMs: 0.4 }, trims: { r: [24, 28] } },
      selectedLayer: 5,
      hiddenPanels: ['sweep'],
    };
    const packed = toHash(state);
    expect(packed.startsWith('v=2&z=')).toBe(true);
    const cut = fromHash(packed.slice(0, packed.length - 12), DEFAULTS);
    expect(cut.errors).toHaveLength(1);
    expect(cut.errors[0]).toMatch(/^z: the compressed link is cut short; read up to \w+, the fields after it are at their defaults$/);
    // the leading fields came through
    expect(cut.state.system).toBe('u65-dram');
    expect(cut.state.hwOverrides).toEqual({ cimMacros: 8, cimUnits: 2, linkGBps: 8 });
    expect(state.genome).not.toEqual(DEFAULTS.genome);
    expect(cut.state.genome).toEqual(state.genome);
    expect(cut.state.hiddenPanels).toEqual([]);
    // every cut point: the fields that come through are the link's own, never something else; a cut
    // that loses nothing (the last character's spare bits) reads the whole state without a word
    for (let n = 8; n < packed.length; n++) {
      const r = fromHash(packed.slice(0, n), DEFAULTS);
      if (r.errors.length === 0) {
        expect(n).toBeGreaterThan(packed.length - 3);
        expect(r.state).toEqual(state);
      }
      if (r.state.system !== DEFAULTS.system) expect(r.state.system).toBe(state.system);
      if (r.state.genome !== DEFAULTS.genome) expect(r.state.genome).toEqual(state.genome);
    }
  });

  it('a damaged compressed link is never read as another state without a word: every one-character change of three links', () => {
    expect(fromHash('v=2&z=@@@', DEFAULTS).errors).toEqual([
      'z: the compressed link has characters base64url does not use, or is empty; the defaults are shown',
    ]);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let variants = 0;
    let named = 0;
    for (const link of linksV2.links.filter((l) => l.hash.startsWith('v=2&z='))) {
      const state = link.state as UrlState;
      for (let i = 6; i < link.hash.length; i++) {
        for (const c of [
          alphabet[(alphabet.indexOf(link.hash[i] ?? 'A') + 1) % 64],
          alphabet[(alphabet.indexOf(link.hash[i] ?? 'A') + 17) % 64],
        ]) {
          const r = fromHash(`${link.hash.slice(0, i)}${c ?? 'A'}${link.hash.slice(i + 1)}`, DEFAULTS);
          variants++;
          if (r.errors.length > 0) named++;
          // either the change fell on bits base64 does not use, or it is named
          else expect(r.state).toEqual(state);
        }
      }
    }
    expect(variants).toBeGreaterThan(500);
    expect(named).toBeGreaterThan(variants * 0.95);
  });

  it("a compressed link that would unpack to more than 32 KiB is refused; a newer version's z is not unpacked", () => {
    // 1 MB of one letter deflates to about a kilobyte
    const bomb = deflateSync(new Uint8Array(1 << 20).fill(97), { level: 9 });
    const z = Buffer.from(Uint8Array.from([0, 0, 0, 0, ...bomb])).toString('base64url');
    const r = fromHash(`v=2&z=${z}`, DEFAULTS);
    expect(r.errors).toEqual(['z: the compressed link is damaged (it does not unpack to what was packed); the defaults are shown']);
    expect(MAX_INFLATED).toBe(32 * 1024);
    const packed = linksV2.links.find((l) => l.hash.startsWith('v=2&z='))?.hash ?? '';
    expect(fromHash(packed.replace('v=2', 'v=3'), DEFAULTS).errors).toEqual([
      'v: the link is from a newer version (v=3); fields this version does not know are ignored',
      'z: compressed by a newer version (v=3) that this one cannot unpack; the defaults are shown',
    ]);
  });

  it('a field this version does not write is named; a layer whose subnet was not read is not selected', () => {
    expect(fromHash('v=2&space=mini&colour=red&end', DEFAULTS).errors).toEqual(['link: unknown field "colour"; ignored']);
    const r = fromHash('v=2&space=nasvit&g=bad&layer=3&end', DEFAULTS);
    expect(r.state.selectedLayer).toBeNull();
    expect(r.errors).toEqual([expect.stringMatching(/^g: /), 'layer: its subnet (g) was not read; none is selected']);
  });

  it('the v=2 dictionary is frozen: a compressed v=2 link must read the same forever', () => {
    let h = 0x811c9dc5;
    for (const c of DICTIONARY_V2) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    expect([DICTIONARY_V2.length, h.toString(16)]).toEqual([1103, '8ce4a64']);
  });

  it('fixture links written by v=1 read to the states they were written for, with no messages, and are rewritten as v=2', () => {
    expect(LINK_VERSION).toBe(2);
    expect(linksV1.links.length).toBeGreaterThanOrEqual(3);
    for (const link of linksV1.links) {
      expect(link.hash.startsWith('v=1&')).toBe(true);
      const r = fromHash(link.hash, DEFAULTS);
      expect(r.errors, link.name).toEqual([]);
      expect(r.state, link.name).toEqual({ ...link.state, selectedLayer: null, hiddenPanels: [] });
      const again = toHash(r.state);
      expect(again.startsWith('v=2&')).toBe(true);
      expect(fromHash(again, DEFAULTS).state).toEqual(r.state);
    }
  });

  it('fixture links written by v=2 (plain and compressed) still read, and this version writes them byte for byte', () => {
    expect(linksV2.links.length).toBeGreaterThanOrEqual(3);
    for (const link of linksV2.links) {
      const r = fromHash(link.hash, DEFAULTS);
      expect(r.errors, link.name).toEqual([]);
      expect(r.state, link.name).toEqual(link.state);
      expect(toHash(r.state), link.name).toBe(link.hash);
    }
    expect(linksV2.links.some((l) => l.hash.startsWith('v=2&z='))).toBe(true);
  });

  it('the selected layer and the hidden panels: a bad value is named, nothing else is lost', () => {
    const count = expandGenome(MINI, defaultGenome(MINI)).length;
    const r = fromHash(`v=2&schema=npu&layer=${count}&hide=sweep.bogus.training&end`, DEFAULTS);
    expect(r.state.layerSchema).toBe('npu');
    expect(r.state.selectedLayer).toBe(null);
    expect(r.state.hiddenPanels).toEqual(['sweep', 'training']);
    expect(r.errors).toEqual([
      `layer: "${count}" is not a layer of this subnet (0–${count - 1}); none is selected`,
      `hide: unknown panel "bogus" (panels: ${PANEL_IDS.join(', ')})`,
    ]);
    expect(fromHash(`v=2&layer=${count - 1}&end`, DEFAULTS).state.selectedLayer).toBe(count - 1);
  });

  it('a plain link cut short: its last field may be cut mid-value, so it keeps its default and is named; every cut point', () => {
    const state: UrlState = { ...DEFAULTS, system: 'u65-dram', layerSchema: 'npu', selectedLayer: 27 };
    const plain = toHash(state);
    expect(plain).toMatch(/&layer=27&end$/);
    // `layer=27` cut to `layer=2` would select another layer: it is dropped instead
    const cut = fromHash(plain.slice(0, -5), DEFAULTS);
    expect(cut.state.selectedLayer).toBeNull();
    expect(cut.errors).toEqual(['link: cut short (no "&end"), so its last field, layer, may be cut: it keeps its default']);
    for (let n = 5; n < plain.length; n++) {
      const r = fromHash(plain.slice(0, n), DEFAULTS);
      // whatever comes through is the link's own value, never a cut one
      if (r.state.system !== DEFAULTS.system) expect(r.state.system).toBe('u65-dram');
      if (r.state.layerSchema !== DEFAULTS.layerSchema) expect(r.state.layerSchema).toBe('npu');
      if (r.state.selectedLayer !== null) expect(r.state.selectedLayer).toBe(27);
      expect(r.errors.length).toBeGreaterThan(0);
    }
  });

  it('the most edited link: every hardware parameter, training and search setting, trims in every stage, the largest nasvit subnet', () => {
    const sys = SYSTEMS['u65-dram']?.params as Record<string, number>;
    const hwOverrides: Record<string, number> = {};
    for (const p of HW_PARAMS) {
      const v = sys[p.key];
      if (v === undefined) throw new Error(`u65-dram has no ${p.key}`);
      const alt = p.integer ? Math.min(p.max, v + 1) : Number(Math.min(p.max, v * 1.37).toPrecision(6));
      if (alt !== v) hwOverrides[p.key] = alt;
    }
    Object.assign(hwOverrides, { cimMacros: 8, cimUnits: 2 });
    const genome = largestGenome(NASVIT);
    const stages = Object.fromEntries(
      NASVIT.stages.map((st) => [
        st.name,
        { c: st.c.slice(0, 2), d: st.d.slice(-2), k: st.k.slice(0, 1), e: st.e.slice(-2), m: st.m.slice(0, 1) },
      ]),
    );
    const state: UrlState = {
      space: 'nasvit',
      system: 'u65-dram',
      hwOverrides,
      genome,
      layerSchema: 'parallel',
      train: {
        ...DEFAULT_TRAIN,
        space: 'nasvit',
        steps: 12345,
        batch: 48,
        seed: 77,
        optimizer: 'sgd',
        learningRate: 0.0123,
        schedule: 'constant',
        warmupSteps: 33,
        randomSubnets: 3,
        distill: false,
        labelSmoothing: 0.05,
        twoPhase: false,
        phase1Share: 0.4,
        checkpointEvery: 50,
        evalEvery: 250,
        evalImages: 2000,
        calibrationImages: 128,
      },
      search: {
        ...DEFAULT_SEARCH,
        objectives: ['accuracy', 'latencyMs', 'cimAreaMm2'],
        schema: 'parallel',
        population: 96,
        generations: 250,
        seed: 4242,
        accuracy: 'predictor',
        coSearch: true,
        budgets: { latencyMs: 12.5, energyUj: 400, params: 5_000_000 },
        trims: { r: NASVIT.r.slice(0, 3), stem: NASVIT.stem.slice(0, 1), head: [1984], stages },
      },
      selectedLayer: expandGenome(NASVIT, genome).length - 1,
      hiddenPanels: ['sweep', 'training'],
    };
    expect(Object.keys(hwOverrides)).toHaveLength(HW_PARAMS.length);
    expect(genome.head).toBe(1984);
    const plain = toHash(state, { compress: false });
    expect(plain).toMatch(/[&#]g=288\.24\.1984_/);
    expect(plain).toContain('~head1984~');
    const packed = toHash(state);
    expect(fromHash(packed, DEFAULTS)).toEqual({ state, errors: [] });
    // 1,352 characters plain, 598 compressed
    expect(plain.length).toBeGreaterThan(1300);
    expect(packed.length).toBeLessThan(620);
  });
});

describe('the head gene in the link (nasvit)', () => {
  const old =
    'v=2&space=nasvit&g=288.16_24.2.3.1.1.mm_24.4.3.5.1.mmmm_32.3.3.6.1.mmm_72.3.3.5.2.mmv_120.4.3.4.1.mvmv_184.8.3.6.2.mvmvmmmv_216.3.3.6.1.mmv&end';
  it('a link written before the gene (g=r.stem_…) reads as the 1792 head, without head, and writes back the same g', () => {
    const r = fromHash(old, DEFAULTS);
    expect(r.errors).toEqual([]);
    expect(r.state.genome.head).toBeUndefined();
    expect('head' in r.state.genome).toBe(false);
    expect(genomeToLink(r.state.genome)).toBe(old.slice(old.indexOf('g=') + 2, old.indexOf('&end')));
    expect(expandGenome(NASVIT, r.state.genome).find((l) => l.name === 'head.mix')?.shape.cOut).toBe(1792);
  });
  it('a 1984 head is written as g=r.stem.head_… and read back; 1792 is left out', () => {
    const g = fromHash(old, DEFAULTS).state.genome;
    expect(genomeToLink({ ...g, head: 1984 })).toMatch(/^288\.16\.1984_24\.2\./);
    const r = fromHash(old.replace('g=288.16_', 'g=288.16.1984_'), DEFAULTS);
    expect(r.errors).toEqual([]);
    expect(r.state.genome).toEqual({ ...g, head: 1984 });
    expect(fromHash(old.replace('g=288.16_', 'g=288.16.1792_'), DEFAULTS).state.genome).toEqual(g);
    expect(genomeFromLink('nasvit', '288.16.1984.7_24.2.3.1.1.mm')).toBeNull();
  });
  it('a head not in the space is named; mini links have no head', () => {
    expect(fromHash(old.replace('g=288.16_', 'g=288.16.2048_'), DEFAULTS).errors).toEqual([
      'g: head: 2048 is not allowed (allowed: 1792, 1984); using the default subnet',
    ]);
    const mini = `v=2&space=mini&g=${genomeToLink(defaultGenome(MINI))}&end`;
    expect(mini).toMatch(/g=28\.16_/);
    expect(fromHash(mini.replace('g=28.16_', 'g=28.16.1792_'), DEFAULTS).errors).toEqual([
      expect.stringMatching(/^g: head: the space "mini" has no head-width gene/),
    ]);
  });
});
