import { at } from '../at.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCURACY_LABELS, DEPTH_REFERENCE, NASVIT_ANCHORS, proxyAccuracy, proxyCurve, proxyFromMacs } from './accuracy.js';
import { sampleGenome, sampleGenomeTilted } from '../model/genome.js';
import { expandGenome, totalMacs } from '../model/layers.js';
import { macRange } from '../model/macrange.js';
import { createRng } from '../rng.js';
import { defaultGenome, MINI, NASVIT } from '../model/spaces.js';
import type { Genome, SearchSpace } from '../types.js';

const depthOf = (g: Genome): number => g.stages.reduce((s, st) => s + st.d, 0);
const macsOf = (space: SearchSpace, g: Genome): number => totalMacs(expandGenome(space, g));

describe('proxyAccuracy on nasvit', () => {
  const curve = proxyCurve(NASVIT);
  const refDepth = curve.depthMin + DEPTH_REFERENCE * (curve.depthMax - curve.depthMin);

  it('passes through NASViT A0–A2 (208 M → 78.2 %, 309 M → 79.7 %, 421 M → 80.5 %) at the reference depth', () => {
    expect(curve.depthMin).toBe(19);
    expect(curve.depthMax).toBe(42);
    for (const a of NASVIT_ANCHORS) expect(proxyFromMacs(curve, a.macs, refDepth)).toBeCloseTo(a.accuracy, 9);
  });

  it('gives real subnets of those sizes and of the reference depth the anchors within ±0.3 points', () => {
    const rng = createRng(1);
    const found = new Map<number, number[]>();
    for (let i = 0; i < 12000; i++) {
      // tilted: NASViT's blocks make uniform draws too large to land near A0's 208 M MACs
      const g = { ...sampleGenomeTilted(NASVIT, rng), r: at(NASVIT.r, i % 2) };
      if (Math.abs(depthOf(g) - refDepth) > 0.5) continue;
      const macs = macsOf(NASVIT, g);
      for (const a of NASVIT_ANCHORS) {
        if (Math.abs(macs / a.macs - 1) < 0.01) found.set(a.macs, [...(found.get(a.macs) ?? []), proxyAccuracy(NASVIT, g) - a.accuracy]);
      }
    }
    for (const a of NASVIT_ANCHORS) {
      const errors = found.get(a.macs) ?? [];
      expect(errors.length, `subnets near ${a.macs / 1e6} M MACs`).toBeGreaterThan(0);
      for (const e of errors) expect(Math.abs(e)).toBeLessThan(0.003);
    }
  });

  it('saturates for large subnets and falls towards chance for small ones', () => {
    expect(proxyFromMacs(curve, 1389e6, refDepth)).toBeGreaterThan(0.81);
    expect(proxyFromMacs(curve, 1e12, refDepth)).toBeLessThanOrEqual(curve.ceiling);
    expect(curve.ceiling).toBeLessThan(0.83);
    expect(proxyFromMacs(curve, 50e6, refDepth)).toBeLessThan(0.7);
    expect(proxyFromMacs(curve, 1e3, refDepth)).toBeLessThan(0.05);
    expect(proxyFromMacs(curve, 0, refDepth)).toBe(curve.chance);
  });

  it('is strictly increasing in depth at equal MACs', () => {
    for (let d = curve.depthMin; d < curve.depthMax; d++) {
      expect(proxyFromMacs(curve, 300e6, d + 1)).toBeGreaterThan(proxyFromMacs(curve, 300e6, d));
    }
  });
});

describe('proxyAccuracy on mini', () => {
  it('spans a plausible Fashion-MNIST range from the smallest to the largest subnet', () => {
    const { smallest, largest } = macRange(MINI);
    const lo = proxyAccuracy(MINI, smallest);
    const hi = proxyAccuracy(MINI, largest);
    expect(lo).toBeGreaterThan(0.85);
    expect(lo).toBeLessThan(0.88);
    expect(hi).toBeGreaterThan(0.92);
    expect(hi).toBeLessThan(0.935);
    expect(proxyCurve(MINI).chance).toBe(0.1);
  });
});

for (const space of [MINI, NASVIT]) {
  describe(`proxyAccuracy invariants on ${space.id}`, () => {
    it('is monotone in MACs among random subnets of the same depth (property)', () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer(), (s1, s2) => {
          const g = sampleGenome(space, createRng(s1));
          const h0 = sampleGenome(space, createRng(s2));
          // same per-stage depths and block types as g, other widths, kernels, ratios, resolution
          const h: Genome = { ...h0, stages: h0.stages.map((st, i) => ({ ...st, d: g.stages[i]!.d, t: g.stages[i]!.t })) };
          const [mg, mh] = [macsOf(space, g), macsOf(space, h)];
          const [ag, ah] = [proxyAccuracy(space, g), proxyAccuracy(space, h)];
          if (mg < mh) expect(ag).toBeLessThan(ah);
          if (mg > mh) expect(ag).toBeGreaterThan(ah);
          if (mg === mh) expect(ag).toBe(ah);
        }),
        { numRuns: 100 },
      );
    });

    it('is a deterministic fraction in (chance, 1) and agrees when given the layer list', () => {
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          const g = sampleGenome(space, createRng(seed));
          const a = proxyAccuracy(space, g);
          expect(a).toBeGreaterThan(proxyCurve(space).chance);
          expect(a).toBeLessThan(1);
          expect(proxyAccuracy(space, g)).toBe(a);
          expect(proxyAccuracy(space, g, expandGenome(space, g))).toBe(a);
        }),
        { numRuns: 30 },
      );
    });
  });
}

describe('proxyAccuracy on a CIFAR-10 space (mini at 32×32×3)', () => {
  it('uses the CIFAR-10 anchors, below the Fashion-MNIST ones, and an unknown dataset falls back to Fashion-MNIST', () => {
    const cifar: SearchSpace = { ...MINI, id: 'mini-cifar', dataset: 'cifar10', inputChannels: 3, r: [24, 28, 32] };
    expect(proxyCurve(cifar).anchors.map((a) => a.accuracy)).toEqual([0.68, 0.76, 0.82]);
    expect(proxyAccuracy(cifar, macRange(cifar).largest)).toBeLessThan(0.84);
    const other: SearchSpace = { ...MINI, dataset: 'something-else' };
    expect(proxyCurve(other).anchors.map((a) => a.accuracy)).toEqual([0.87, 0.905, 0.925]);
  });
});

describe('accuracy sources', () => {
  it('labels the proxy as not measured', () => {
    expect(ACCURACY_LABELS.proxy).toBe('proxy — not measured');
    expect(Object.keys(ACCURACY_LABELS).sort()).toEqual(['predictor', 'proxy', 'supernet', 'table']);
  });

  it("scales the mini curve with an edited space's own MAC range", () => {
    const edited: SearchSpace = { ...MINI, r: [28] };
    const at = (space: SearchSpace, macs: number): number => {
      const c = proxyCurve(space);
      return proxyFromMacs(c, macs, c.depthMin + DEPTH_REFERENCE * (c.depthMax - c.depthMin));
    };
    expect(macRange(edited).minMacs).toBeGreaterThan(macRange(MINI).minMacs);
    for (const space of [MINI, edited]) {
      expect(at(space, macRange(space).minMacs)).toBeCloseTo(0.87, 9);
      expect(at(space, macRange(space).maxMacs)).toBeCloseTo(0.925, 9);
    }
    expect(proxyAccuracy(edited, defaultGenome(MINI))).toBeLessThan(proxyAccuracy(MINI, defaultGenome(MINI)));
  });
});
