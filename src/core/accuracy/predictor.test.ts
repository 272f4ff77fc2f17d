import { at } from '../at.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleGenome } from '../model/genome.js';
import { largestGenome } from '../model/macrange.js';
import {
  encodeGenome,
  featureNames,
  fitAndValidate,
  fitKernel,
  fitRidge,
  KERNEL_GRID,
  kendallTau,
  LAMBDA_GRID,
  predict,
  type AccuracySample,
  type Predictor,
} from './predictor.js';
import { createRng, type Rng } from '../rng.js';
import { defaultGenome, MINI, NASVIT } from '../model/spaces.js';
import type { Genome, SearchSpace } from '../types.js';
import { expandGenome, totalMacs } from '../model/layers.js';

/** The group a feature belongs to: `s3.b2.t=vit` and `s3.b2=off` are both slot `s3.b2`. */
const groupOf = (name: string): string => (name.split('=')[0] as string).replace(/\.t$/, '');

/** A known linear function of the one-hot features. */
function linearTruth(space: SearchSpace, seed: number): (g: Genome) => number {
  const rng = createRng(seed);
  const w = featureNames(space).map(() => rng.next() * 0.1 - 0.05);
  return (g) => encodeGenome(space, g).reduce((acc, x, i) => acc + x * at(w, i), 0.8);
}

function samples(space: SearchSpace, n: number, seed: number, y: (g: Genome, rng: Rng) => number): AccuracySample[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const genome = sampleGenome(space, rng);
    return { genome, accuracy: y(genome, rng) };
  });
}

/** Standard normal draw (Box–Muller) from the seeded rng. */
const gauss = (rng: Rng): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

/** O(n²) Kendall τ-b, straight from the definition. */
function tauReference(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  let s = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const da = Math.sign(at(a, i) - at(a, j));
      const db = Math.sign(at(b, i) - at(b, j));
      s += da * db;
      if (da === 0) tiesA++;
      if (db === 0) tiesB++;
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const den = Math.sqrt((pairs - tiesA) * (pairs - tiesB));
  return n < 2 || den === 0 ? Number.NaN : s / den;
}

describe('encodeGenome', () => {
  it('has the hand-counted 67 features on mini, named for explanation', () => {
    const names = featureNames(MINI);
    // r 3 + stem 2; s1: c,d,k,e 8 + slot b2 (mb|off) 2; s2: 10 + b2, b3 4; s3 and s4: 10 + m (1|2|off) 3 + b2, b3 (mb|vit|off) 6
    expect(names).toHaveLength(5 + 10 + 14 + 19 + 19);
    expect(names).toContain('s3.c=32');
    expect(names).toContain('s3.b2.t=vit');
    expect(names).toContain('s3.b2=off');
    expect(names).toContain('s4.m=off');
    expect(names).not.toContain('s1.b2.t=vit');
    expect(new Set(names).size).toBe(names.length);
  });

  it('leaves out single-choice genes (nasvit mb1 e = 1, kernels 3 after mb2)', () => {
    const names = featureNames(NASVIT);
    expect(names.some((n) => n.startsWith('mb1.e='))).toBe(false);
    expect(names.some((n) => n.startsWith('mb3.k='))).toBe(false);
    expect(names).toContain('mb5.b9=off');
    expect(names).not.toContain('mb5.b3=off'); // d ≥ 3: slot 3 is always active
  });

  for (const space of [MINI, NASVIT]) {
    it(`is exactly one-hot per gene group on ${space.id} (property)`, () => {
      const names = featureNames(space);
      const groups = [...new Set(names.map(groupOf))];
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          const x = encodeGenome(space, sampleGenome(space, createRng(seed)));
          expect(x).toHaveLength(names.length);
          for (const grp of groups) expect(names.reduce((s, n, i) => s + (groupOf(n) === grp ? at(x, i) : 0), 0)).toBe(1);
          expect(x.every((v) => v === 0 || v === 1)).toBe(true);
        }),
        { numRuns: 50 },
      );
    });
  }

  it('marks slots beyond the depth off, reads m only where a transformer is, and ignores types past d', () => {
    const g = defaultGenome(MINI);
    const s3 = { c: 24, d: 1, k: 3, e: 2, t: ['mb', 'vit', 'vit'] as const, m: 2 };
    const genome: Genome = { ...g, stages: [g.stages[0]!, g.stages[1]!, { ...s3, t: [...s3.t] }, g.stages[3]!] };
    const on = (x: Float64Array) => featureNames(MINI).filter((_, i) => x[i] === 1);
    const active = on(encodeGenome(MINI, genome));
    expect(active).toEqual(expect.arrayContaining(['s3.b2=off', 's3.b3=off', 's3.m=off', 's3.d=1']));
    const otherM = { ...genome, stages: genome.stages.map((s, i) => (i === 2 ? { ...s, m: 1, t: ['mb'] as const } : s)) } as Genome;
    expect(encodeGenome(MINI, otherM)).toEqual(encodeGenome(MINI, genome));
  });

  it('names the bad field of a genome that is not of the space', () => {
    const g = defaultGenome(MINI);
    const bad = { ...g, stages: g.stages.map((s, i) => (i === 2 ? { ...s, k: 7 } : s)) };
    expect(() => encodeGenome(MINI, bad)).toThrow('predictor: stages[2].k = 7 is not a choice of space "mini" (allowed: 3, 5)');
    expect(() => encodeGenome(MINI, defaultGenome(NASVIT))).toThrow('predictor: genome of space "nasvit", expected "mini"');
  });

  it("nasvit's head width is one group, after the others (a genome without head is head=1792); mini has none", () => {
    const names = featureNames(NASVIT);
    expect(names.slice(-2)).toEqual(['head=1792', 'head=1984']);
    expect(featureNames(MINI).some((n) => n.startsWith('head'))).toBe(false);
    const g = defaultGenome(NASVIT);
    const x = encodeGenome(NASVIT, g);
    const wide = encodeGenome(NASVIT, { ...g, head: 1984 });
    expect([...x.slice(-2)]).toEqual([1, 0]);
    expect([...wide.slice(-2)]).toEqual([0, 1]);
    expect([...wide.slice(0, -2)]).toEqual([...x.slice(0, -2)]);
  });
});

describe('fitRidge', () => {
  it('recovers a noiseless linear function of the features exactly (λ small)', () => {
    const truth = linearTruth(MINI, 7);
    const p = fitRidge(MINI, samples(MINI, 400, 1, truth), { lambda: 1e-9 });
    const fresh = samples(MINI, 300, 2, truth);
    for (const s of fresh) expect(Math.abs(predict(p, MINI, s.genome) - s.accuracy)).toBeLessThan(1e-6);
    expect(
      kendallTau(
        fresh.map((s) => predict(p, MINI, s.genome)),
        fresh.map((s) => s.accuracy),
      ),
    ).toBe(1);
    expect(p).toMatchObject({ kind: 'ridge', space: 'mini', lambda: 1e-9, trainedOn: 400, kendallTau: null, heldOut: 0 });
  });

  it('picks the smallest λ of the grid on noiseless data and the largest on pure noise (cross-validation)', () => {
    expect(fitRidge(MINI, samples(MINI, 200, 3, linearTruth(MINI, 1))).lambda).toBe(LAMBDA_GRID[0]);
    expect(
      fitRidge(
        MINI,
        samples(MINI, 200, 3, (_, rng) => 0.01 * gauss(rng)),
      ).lambda,
    ).toBe(LAMBDA_GRID[LAMBDA_GRID.length - 1]);
  });

  it('fits nasvit too (161 features) and recovers its linear truth', () => {
    const truth = linearTruth(NASVIT, 5);
    const p = fitRidge(NASVIT, samples(NASVIT, 600, 4, truth), { lambda: 1e-9 });
    for (const s of samples(NASVIT, 50, 6, truth)) expect(predict(p, NASVIT, s.genome)).toBeCloseTo(s.accuracy, 6);
  });

  it('survives a JSON round trip and predicts identically', () => {
    const p = fitRidge(MINI, samples(MINI, 100, 8, linearTruth(MINI, 2)));
    const q = JSON.parse(JSON.stringify(p)) as Predictor;
    expect(q).toEqual(p);
    for (const s of samples(MINI, 100, 9, () => 0)) expect(predict(q, MINI, s.genome)).toBe(predict(p, MINI, s.genome));
  });

  it('refuses too few samples, a bad λ, a bad accuracy and another space', () => {
    const few = samples(MINI, 3, 1, () => 0.5);
    expect(() => fitRidge(MINI, few)).toThrow('predictor: needs at least 10 evaluated subnets, got 3');
    const ten = samples(MINI, 10, 1, () => 0.5);
    expect(() => fitRidge(MINI, ten, { lambda: 0 })).toThrow('predictor: lambda must be a positive number, got 0');
    expect(() =>
      fitRidge(
        MINI,
        ten.map((s, i) => (i === 4 ? { ...s, accuracy: Number.NaN } : s)),
      ),
    ).toThrow('predictor: samples[4].accuracy must be a finite number, got NaN');
    const p = fitRidge(MINI, ten);
    expect(() => predict(p, NASVIT, defaultGenome(NASVIT))).toThrow(/fitted on a different space \("mini"\)/);
    const edited: SearchSpace = { ...MINI, r: [24, 28] };
    expect(() => predict(p, edited, { ...defaultGenome(MINI) })).toThrow(/refit it on "mini"/);
  });
});

describe('fitAndValidate', () => {
  it('reports τ = 1 on held-out samples of a noiseless linear truth', () => {
    const p = fitAndValidate(MINI, samples(MINI, 300, 11, linearTruth(MINI, 3)), createRng(1), { lambda: 1e-9 });
    expect(p.kendallTau).toBe(1);
    expect(p.heldOut).toBe(60);
    expect(p.heldOutRmse).toBeLessThan(1e-6);
    expect(p.trainedOn).toBe(300);
  });

  it('keeps held-out τ above 0.8 for a strong signal with noise', () => {
    const truth = linearTruth(MINI, 4);
    const p = fitAndValidate(
      MINI,
      samples(MINI, 400, 12, (g, rng) => truth(g) + 0.01 * gauss(rng)),
      createRng(2),
    );
    expect(p.kendallTau).toBeGreaterThan(0.8);
    expect(p.heldOutRmse).toBeLessThan(0.02);
  });

  it('is deterministic given the seed', () => {
    const data = samples(MINI, 80, 13, (g, rng) => linearTruth(MINI, 5)(g) + 0.02 * gauss(rng));
    expect(fitAndValidate(MINI, data, createRng(3))).toEqual(fitAndValidate(MINI, data, createRng(3)));
  });

  it('refuses too few samples and a bad hold-out fraction', () => {
    expect(() =>
      fitAndValidate(
        MINI,
        samples(MINI, 3, 1, () => 0.5),
        createRng(1),
      ),
    ).toThrow('predictor: needs at least 10 evaluated subnets, got 3');
    expect(() =>
      fitAndValidate(
        MINI,
        samples(MINI, 20, 1, () => 0.5),
        createRng(1),
        { holdOut: 1 },
      ),
    ).toThrow('predictor: holdOut must be between 0 and 1 (exclusive), got 1');
  });
});

describe('kendallTau', () => {
  const tied = fc.array(fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: -4, max: 4 })), { maxLength: 60 });

  it('equals the O(n²) τ-b reference exactly on random data with ties (property)', () => {
    fc.assert(
      fc.property(tied, (pairs) => {
        const a = pairs.map((p) => p[0]);
        const b = pairs.map((p) => p[1]);
        expect(kendallTau(a, b)).toBe(tauReference(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the reference on 2,000 real-valued points with some ties', () => {
    const rng = createRng(9);
    const a = Array.from({ length: 2000 }, () => Math.round(rng.next() * 300) / 10);
    const b = a.map((x) => (rng.next() < 0.3 ? Math.round(rng.next() * 30) : x + rng.next() * 5));
    expect(kendallTau(a, b)).toBe(tauReference(a, b));
  });

  it('gives 1 for τ(x, x), −1 for τ(x, −x), NaN when undefined', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 2 }), (x) => {
        fc.pre(new Set(x).size > 1);
        expect(kendallTau(x, x)).toBe(1);
        expect(
          kendallTau(
            x,
            x.map((v) => -v),
          ),
        ).toBe(-1);
      }),
    );
    expect(kendallTau([1], [2])).toBeNaN();
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('refuses lists of different length and non-finite values', () => {
    expect(() => kendallTau([1, 2], [1])).toThrow('kendallTau: lists of different length (2 and 1)');
    expect(() => kendallTau([1, Number.NaN], [1, 2])).toThrow('kendallTau: non-finite value at index 1');
  });
});

describe('numeric features (log MACs, log parameters)', () => {
  it('recover an accuracy that follows log MACs, which the one-hot genes alone only approximate', () => {
    const space = MINI;
    const rng = createRng(21);
    const truth = (g: Genome): number => 0.7 + 0.03 * Math.log(totalMacs(expandGenome(space, g)) / 1e6);
    const samples = Array.from({ length: 300 }, () => {
      const genome = sampleGenome(space, rng);
      return { genome, accuracy: truth(genome) };
    });
    const numeric = fitRidge(space, samples.slice(0, 200), { numeric: true, lambda: 1e-6 });
    const oneHot = fitRidge(space, samples.slice(0, 200), { lambda: 1e-6 });
    expect(numeric.featureNames.slice(-2)).toEqual(['log MACs', 'log params']);
    expect(numeric.weights).toHaveLength(oneHot.weights.length + 2);
    const err = (p: Predictor): number => Math.max(...samples.slice(200).map((s) => Math.abs(predict(p, space, s.genome) - s.accuracy)));
    expect(err(numeric)).toBeLessThan(1e-6);
    expect(err(oneHot)).toBeGreaterThan(1e-3);
  });

  it('a predictor whose numeric statistics are missing is refused, not misread', () => {
    const rng = createRng(2);
    const samples = Array.from({ length: 40 }, () => ({ genome: sampleGenome(MINI, rng), accuracy: rng.next() }));
    const p = fitRidge(MINI, samples, { numeric: true, lambda: 1 });
    const { numeric: _, ...bare } = p;
    expect(() => predict(bare as Predictor, MINI, samples[0]!.genome)).toThrow('fitted on a different space');
  });
});

describe('fitKernel (kernel ridge on the one-hot genes and log MACs / parameters)', () => {
  // accuracy that is not additive in the genes, as in a weight-sharing supernet: a bonus that fades with
  // the number of genes that differ from the largest subnet (trained at every step), and a dip in the
  // middle of the sizes
  const big = largestGenome(MINI);
  const off = (g: Genome): number =>
    (g.r !== big.r ? 1 : 0) +
    (g.stem !== big.stem ? 1 : 0) +
    g.stages.reduce((a, st, i) => a + (['c', 'd', 'k', 'e'] as const).filter((k) => st[k] !== big.stages[i]?.[k]).length, 0);
  const truth = (g: Genome): number =>
    0.85 + 0.05 * Math.exp(-off(g) / 3) - 0.01 * Math.abs(Math.log(totalMacs(expandGenome(MINI, g)) / 1e6));
  const make = (n: number, seed: number) => {
    const rng = createRng(seed);
    return Array.from({ length: n }, () => {
      const genome = sampleGenome(MINI, rng);
      return { genome, accuracy: truth(genome) };
    });
  };

  it('ranks an interaction of genes that a ridge cannot represent, on subnets it was not fitted on', () => {
    const train = make(250, 31);
    const test = make(100, 32);
    const kernel = fitKernel(MINI, train);
    const ridge = fitRidge(MINI, train, { numeric: true });
    const tau = (p: Predictor): number =>
      kendallTau(
        test.map((s) => predict(p, MINI, s.genome)),
        test.map((s) => s.accuracy),
      );
    expect(kernel.kind).toBe('kernel');
    expect(KERNEL_GRID.some((g) => g.lambda === kernel.lambda && g.gamma === kernel.kernel?.gamma)).toBe(true);
    expect(tau(kernel)).toBeGreaterThan(0.45);
    expect(tau(kernel)).toBeGreaterThan(tau(ridge) + 0.15);
  });

  it('is deterministic, JSON-safe, and refuses a predictor whose support does not match the space', () => {
    const train = make(40, 5);
    const a = fitKernel(MINI, train);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(fitKernel(MINI, train)).toEqual(a);
    const g = train[0]!.genome;
    expect(predict(JSON.parse(JSON.stringify(a)) as Predictor, MINI, g)).toBe(predict(a, MINI, g));
    const bad = { ...a, kernel: { ...a.kernel!, support: a.kernel!.support.map((row) => row.slice(1)) } };
    expect(() => predict(bad, MINI, g)).toThrow('fitted on a different space');
    expect(() => fitKernel(MINI, [{ genome: g, accuracy: Number.NaN }, ...train])).toThrow('samples[0].accuracy must be a finite number');
  });
});
