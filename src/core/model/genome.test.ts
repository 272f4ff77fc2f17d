import { at } from '../at.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandGenome, totalMacs } from './layers.js';
import { macRange } from './macrange.js';
import {
  canonicalize,
  crossoverGenomes,
  genomeKey,
  mutateGenome,
  parseGenome,
  sampleGenome,
  sampleGenomeTilted,
  spaceSize,
  stageSize,
  validateGenome,
} from './genome.js';
import { createRng } from '../rng.js';
import { defaultGenome, MINI, NASVIT } from './spaces.js';
import type { BlockType, Genome, SearchSpace, StageGenome, StageSpec } from '../types.js';

/** Every canonical stage genome of a stage spec, by brute force. */
function enumerateStage(spec: StageSpec): StageGenome[] {
  const out = new Map<string, StageGenome>();
  for (const c of spec.c)
    for (const d of spec.d)
      for (const k of spec.k)
        for (const e of spec.e)
          for (const m of spec.m) {
            for (let mask = 0; mask < 1 << (d - 1); mask++) {
              const t: BlockType[] = Array.from({ length: d }, (_, j) => (j > 0 && spec.hybrid && (mask >> (j - 1)) & 1 ? 'vit' : 'mb'));
              const mm = t.includes('vit') ? m : at(spec.m, 0);
              out.set(`${c},${d},${k},${e},${mm},${t.join('')}`, { c, d, k, e, t, m: mm });
            }
          }
  return [...out.values()];
}

function enumerateSpace(space: SearchSpace): Genome[] {
  let partial: StageGenome[][] = [[]];
  for (const spec of space.stages) partial = partial.flatMap((p) => enumerateStage(spec).map((s) => [...p, s]));
  return space.r.flatMap((r) => space.stem.flatMap((stem) => partial.map((stages) => ({ space: space.id, r, stem, stages }))));
}

/** A space small enough to enumerate: mini with trimmed choices. */
const TINY: SearchSpace = {
  ...MINI,
  id: 'mini',
  r: [20, 28],
  stem: [8, 16],
  stages: [
    { ...(MINI.stages[0] as StageSpec), c: [8, 16], d: [1, 2], k: [3], e: [1, 2] },
    { ...(MINI.stages[1] as StageSpec), c: [16], d: [1, 2], k: [3, 5], e: [2] },
    { ...(MINI.stages[2] as StageSpec), c: [24, 32], d: [1, 2, 3], k: [3], e: [2] },
    { ...(MINI.stages[3] as StageSpec), c: [32], d: [2, 3], k: [5], e: [2, 4] },
  ],
};

describe('space size', () => {
  it('mini has 60,217,344 subnets: 3 r × 2 stem × 16 × 36 × 132 × 132', () => {
    expect(MINI.stages.map(stageSize)).toEqual([16n, 36n, 132n, 132n]);
    expect(spaceSize(MINI)).toBe(60217344n);
  });
  it('nasvit size is exact (a big integer): × 2 for the head width (1792 or 1984)', () => {
    expect(spaceSize(NASVIT)).toBe(2n * 242273107494567936n);
    expect(spaceSize({ ...NASVIT, head: [1792] })).toBe(242273107494567936n);
    expect(spaceSize(NASVIT) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });
  it('stage sizes equal brute-force enumeration of canonical stage genomes', () => {
    for (const spec of [...MINI.stages, ...NASVIT.stages.slice(0, 5)]) {
      expect(BigInt(enumerateStage(spec).length)).toBe(stageSize(spec));
    }
  });
  it('a small space: size and MAC range equal enumeration', () => {
    const all = enumerateSpace(TINY);
    expect(BigInt(all.length)).toBe(spaceSize(TINY));
    expect(new Set(all.map((g) => genomeKey(TINY, g))).size).toBe(all.length);
    const macs = all.map((g) => totalMacs(expandGenome(TINY, g)));
    const range = macRange(TINY);
    expect(range.minMacs).toBe(Math.min(...macs));
    expect(range.maxMacs).toBe(Math.max(...macs));
    expect(totalMacs(expandGenome(TINY, range.smallest))).toBe(range.minMacs);
    expect(totalMacs(expandGenome(TINY, range.largest))).toBe(range.maxMacs);
  });
  it('MAC range of the presets is attained by their smallest and largest subnets', () => {
    for (const space of [MINI, NASVIT]) {
      const r = macRange(space);
      expect(totalMacs(expandGenome(space, r.smallest))).toBe(r.minMacs);
      expect(totalMacs(expandGenome(space, r.largest))).toBe(r.maxMacs);
      const rng = createRng(7);
      for (let i = 0; i < 200; i++) {
        const m = totalMacs(expandGenome(space, sampleGenome(space, rng)));
        expect(m).toBeGreaterThanOrEqual(r.minMacs);
        expect(m).toBeLessThanOrEqual(r.maxMacs);
      }
    }
    expect(macRange(MINI)).toMatchObject({ minMacs: 129632, maxMacs: 4375936 });
    // nasvit's largest has the 1984 head: (1984 − 1792) · (6 · 224 + 1000) MACs more than with 1792
    expect(macRange(NASVIT)).toMatchObject({ minMacs: 149421056, maxMacs: 2059191510 + (1984 - 1792) * (6 * 224 + 1000) });
    expect(macRange(NASVIT).largest.head).toBe(1984);
    expect(macRange(NASVIT).smallest.head).toBeUndefined();
  });
});

describe('validation', () => {
  const g = defaultGenome(MINI);
  it('accepts the defaults and the SPEC example stage', () => {
    expect(validateGenome(MINI, g).ok).toBe(true);
    expect(validateGenome(NASVIT, defaultGenome(NASVIT)).ok).toBe(true);
    const example = { ...g, stages: [{ c: 16, d: 2, k: 3, e: 2, t: ['mb', 'mb'], m: 2 }, ...g.stages.slice(1)] };
    expect(validateGenome(MINI, example).ok).toBe(true);
  });
  const errorsOf = (x: unknown): readonly string[] => {
    const r = validateGenome(MINI, x);
    return r.ok ? [] : r.errors;
  };
  it('names the bad field and its allowed values', () => {
    expect(errorsOf({ ...g, r: 27 })).toEqual(['r: 27 is not allowed (allowed: 20, 24, 28)']);
    const bad = { ...g, stages: g.stages.map((s, i) => (i === 2 ? { ...s, k: 7 } : s)) };
    expect(errorsOf(bad)).toEqual(['stages[2].k: 7 is not allowed (allowed: 3, 5)']);
    const vitInStage1 = { ...g, stages: g.stages.map((s, i) => (i === 0 ? { ...s, d: 2, t: ['mb', 'vit'] } : s)) };
    expect(errorsOf(vitInStage1)).toEqual(['stages[0].t[1]: "vit" is not allowed in non-hybrid stage s1 (allowed: mb)']);
    const firstVit = { ...g, stages: g.stages.map((s, i) => (i === 3 ? { ...s, t: ['vit', 'mb'] } : s)) };
    expect(errorsOf(firstVit)[0]).toMatch(/^stages\[3\]\.t\[0\]: the first block/);
    const wrongDepth = { ...g, stages: g.stages.map((s, i) => (i === 1 ? { ...s, d: 3 } : s)) };
    expect(errorsOf(wrongDepth)).toEqual(['stages[1].t: 2 block types given for depth d = 3']);
  });
  it('reports structural errors by field', () => {
    expect(errorsOf({ ...g, stem: 'big' })).toEqual(['stem: must be a whole number, got "big"']);
    expect(errorsOf({ space: 'mini' })).toEqual(
      expect.arrayContaining(['r: required (a whole number)', 'stages: required (a list of stages)']),
    );
    expect(errorsOf(null)).toEqual(['(root): must be a genome object, got null']);
    expect(errorsOf({ ...g, stages: g.stages.slice(0, 3) })).toEqual(['stages: 3 stages given, the space "mini" has 4']);
    expect(errorsOf({ ...g, space: 'nasvit' })[0]).toMatch(/^space: /);
    const r = parseGenome(MINI, '{"space": "mini",');
    expect(r.ok ? '' : r.errors[0]).toMatch(/^genome: not valid JSON/);
  });
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        expect(typeof validateGenome(MINI, x).ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('the head gene (nasvit only)', () => {
  const g = defaultGenome(NASVIT);
  const errorsIn = (space: SearchSpace, x: unknown): readonly string[] => {
    const r = validateGenome(space, x);
    return r.ok ? [] : r.errors;
  };
  it('a nasvit genome without head is valid and means 1792; head: 1792 is the same genome, left out', () => {
    expect(g.head).toBeUndefined();
    expect(validateGenome(NASVIT, g)).toEqual({ ok: true, value: g });
    expect(validateGenome(NASVIT, { ...g, head: 1792 })).toEqual({ ok: true, value: g });
    expect(canonicalize(NASVIT, { ...g, head: 1792 })).toEqual(canonicalize(NASVIT, g));
    expect(genomeKey(NASVIT, { ...g, head: 1792 })).toBe(genomeKey(NASVIT, g));
    expect(expandGenome(NASVIT, g).find((l) => l.name === 'head.mix')?.shape.cOut).toBe(1792);
  });
  it('head: 1984 is kept, keyed apart and expands to a 1984-wide head', () => {
    const wide = { ...g, head: 1984 };
    expect(validateGenome(NASVIT, wide)).toEqual({ ok: true, value: wide });
    expect(Object.keys(canonicalize(NASVIT, wide))).toEqual(['space', 'r', 'stem', 'head', 'stages']);
    expect(genomeKey(NASVIT, wide)).toBe(genomeKey(NASVIT, g).replace(/^(\d+\/\d+\/)/, '$1h1984/'));
    expect(expandGenome(NASVIT, wide).find((l) => l.name === 'head.mix')?.shape.cOut).toBe(1984);
  });
  it('names the field head: another width, a non-number, a head in a space without the gene', () => {
    expect(errorsIn(NASVIT, { ...g, head: 2048 })).toEqual(['head: 2048 is not allowed (allowed: 1792, 1984)']);
    expect(errorsIn(NASVIT, { ...g, head: '1984' })).toEqual(['head: must be a whole number, got "1984"']);
    expect(errorsIn(MINI, { ...defaultGenome(MINI), head: 1792 })).toEqual([
      'head: the space "mini" has no head-width gene (its head is fixed); leave head out',
    ]);
    // a space trimmed to the 1984 head: a genome without head (1792) is not in it
    const only1984 = { ...NASVIT, id: 'nasvit~head1984', head: [1984] };
    expect(errorsIn(only1984, g)).toEqual([
      'head: required: a genome without it has the head width 1792, which is not allowed (allowed: 1984)',
    ]);
    expect(validateGenome(only1984, { ...g, head: 1984 }).ok).toBe(true);
  });
  it('mini genomes never carry head: sampling, mutation, crossover and keys as before', () => {
    const rng = createRng(2);
    for (let i = 0; i < 50; i++) {
      const a = sampleGenome(MINI, rng);
      const b = sampleGenomeTilted(MINI, rng);
      for (const x of [a, b, mutateGenome(MINI, a, rng, 0.5), crossoverGenomes(MINI, a, b, rng)]) {
        expect('head' in x).toBe(false);
        expect(genomeKey(MINI, x)).not.toMatch(/h/);
      }
    }
  });
  it('sampling, mutation and crossover reach both nasvit head widths, canonical (1792 left out)', () => {
    const rng = createRng(4);
    const seen = new Set<number | undefined>();
    for (let i = 0; i < 40; i++) {
      const a = sampleGenome(NASVIT, rng);
      const b = sampleGenomeTilted(NASVIT, rng);
      const m = mutateGenome(NASVIT, a, rng, 1);
      const x = crossoverGenomes(NASVIT, a, b, rng);
      for (const y of [a, b, m, x]) {
        seen.add(y.head);
        expect(y.head).not.toBe(1792);
        expect(canonicalize(NASVIT, y)).toEqual(y);
      }
      expect([a.head, b.head]).toContain(x.head);
    }
    expect([...seen].sort()).toEqual([1984, undefined]);
  });
});

describe('sampling and genetic operators', () => {
  it('is deterministic for a seed and always valid and canonical', () => {
    for (const space of [MINI, NASVIT]) {
      const a = Array.from(
        { length: 20 },
        (
          (rng) => () =>
            sampleGenome(space, rng)
        )(createRng(3)),
      );
      const b = Array.from(
        { length: 20 },
        (
          (rng) => () =>
            sampleGenome(space, rng)
        )(createRng(3)),
      );
      expect(a).toEqual(b);
      for (const g of a) {
        expect(validateGenome(space, g).ok).toBe(true);
        expect(canonicalize(space, g)).toEqual(g);
      }
      expect(new Set(a.map((g) => genomeKey(space, g))).size).toBeGreaterThan(15);
    }
  });
  it('mutation and crossover keep genomes valid (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, p) => {
        for (const space of [MINI, NASVIT]) {
          const rng = createRng(seed);
          const a = sampleGenome(space, rng);
          const b = sampleGenome(space, rng);
          const m = mutateGenome(space, a, rng, p);
          const x = crossoverGenomes(space, a, b, rng);
          expect(validateGenome(space, m)).toMatchObject({ ok: true });
          expect(validateGenome(space, x)).toMatchObject({ ok: true });
        }
      }),
      { numRuns: 200 },
    );
  });
  it('mutation with p = 0 is the identity; crossover of a genome with itself is itself', () => {
    const rng = createRng(11);
    for (let i = 0; i < 50; i++) {
      const a = sampleGenome(NASVIT, rng);
      expect(mutateGenome(NASVIT, a, rng, 0)).toEqual(a);
      expect(crossoverGenomes(NASVIT, a, a, rng)).toEqual(a);
    }
  });
  it('mutation with p = 1 changes most genomes; p = 0.1 changes some genes', () => {
    const rng = createRng(5);
    let changed = 0;
    for (let i = 0; i < 100; i++) {
      const a = sampleGenome(MINI, rng);
      if (genomeKey(MINI, mutateGenome(MINI, a, rng, 0.1)) !== genomeKey(MINI, a)) changed++;
    }
    expect(changed).toBeGreaterThan(50);
    expect(changed).toBeLessThan(100);
  });
  it('canonical form ignores the MLP ratio of stages without transformers', () => {
    const g = defaultGenome(MINI);
    const noVit = { ...g, stages: g.stages.map((s) => ({ ...s, t: s.t.map(() => 'mb' as const), m: 2 })) };
    expect(canonicalize(MINI, noVit).stages.every((s) => s.m === 1)).toBe(true);
    expect(genomeKey(MINI, noVit)).toBe(genomeKey(MINI, { ...noVit, stages: noVit.stages.map((s) => ({ ...s, m: 1 })) }));
  });
});

describe('sampleGenomeTilted (subnets across the sizes)', () => {
  const logMacs = (space: SearchSpace, g: Genome): number => Math.log(totalMacs(expandGenome(space, g)));
  const quantile = (xs: number[], q: number): number =>
    at(
      [...xs].sort((a, b) => a - b),
      Math.floor(q * (xs.length - 1)),
    );

  it('gives valid genomes, the same ones for the same seed, in both shipped spaces', () => {
    for (const space of [MINI, NASVIT]) {
      const a = createRng(3);
      const b = createRng(3);
      for (let i = 0; i < 200; i++) {
        const g = sampleGenomeTilted(space, a);
        expect(validateGenome(space, g).ok).toBe(true);
        expect(g).toEqual(canonicalize(space, g));
        expect(g).toEqual(sampleGenomeTilted(space, b));
      }
    }
  });

  it('reaches further into the small and the large subnets than uniform sampling does', () => {
    const n = 1000;
    const rng = createRng(11);
    const uniform = Array.from({ length: n }, () => logMacs(MINI, sampleGenome(MINI, rng)));
    const tilted = Array.from({ length: n }, () => logMacs(MINI, sampleGenomeTilted(MINI, rng)));
    const { minMacs, maxMacs } = macRange(MINI);
    const [lo, hi] = [Math.log(minMacs), Math.log(maxMacs)];
    // the bottom and top tenths of the log-MAC range: tilted puts several times more subnets there
    const share = (xs: number[], f: (x: number) => boolean): number => xs.filter(f).length / xs.length;
    const low = (x: number): boolean => x < lo + 0.1 * (hi - lo);
    const high = (x: number): boolean => x > hi - 0.1 * (hi - lo);
    expect(share(tilted, low)).toBeGreaterThan(3 * share(uniform, low) + 0.02);
    expect(share(tilted, high)).toBeGreaterThan(3 * share(uniform, high) + 0.02);
    expect(quantile(tilted, 0.9) - quantile(tilted, 0.1)).toBeGreaterThan(quantile(uniform, 0.9) - quantile(uniform, 0.1));
  });
});
