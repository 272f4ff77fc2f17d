import { describe, expect, it } from 'vitest';
import { cimCost, cimEligible, layerCosts, npuCost, npuResidency, staticEnergyUj, utilisation } from './cost.js';
import { roofline, unitRidges } from './roofline.js';
import { sampleGenome } from '../model/genome.js';
import { createRng } from '../rng.js';
import { SPACES } from '../model/spaces.js';
import { getSystem, HW_PARAMS, provenanceOf, SYSTEMS, validateSystem } from './hardware.js';
import { dwconv, elementwise, expandGenome, INT8, linear, pwconv, conv, type LayerSite } from '../model/layers.js';
import type { Layer } from '../types.js';

const hw = getSystem('u55-mram').params;
const SITE: LayerSite = { prefix: 'x', stage: 1, block: 0, group: 'mb' };

describe('NPU cost (Vela-style roofline)', () => {
  // 7×7×96 → 32 pointwise: 150,528 MACs, 3,072 weights, 4,704 + 1,568 activation bytes
  const pw = pwconv(SITE, 'pw', { h: 7, w: 7, c: 96 }, 32, INT8);
  it('a pointwise conv streaming its weights is weight-bound', () => {
    const c = npuCost(pw, hw, false);
    expect(c.computeUs).toBeCloseTo(150528 / (256 * 1 * 500), 12); // 1.176 µs at full utilisation
    expect(c.weightsUs).toBeCloseTo(3072 / 500, 12); // 0.5 GB/s = 500 B/µs
    expect(c.activationsUs).toBeCloseTo(6272 / 4000, 12);
    expect(c.timeUs).toBeCloseTo(6.144 + 2, 12);
    expect(c.bound).toBe('weights');
    expect(c.energyUj).toBeCloseTo((150528 * 0.45 + 3072 * 10 + 6272 * 1) * 1e-6, 15);
  });
  it('resident weights cost no streaming', () => {
    const c = npuCost(pw, hw, true);
    expect(c.weightsUs).toBe(0);
    expect(c.bound).toBe('activations');
    expect(c.energyUj).toBeCloseTo((150528 * 0.45 + 6272) * 1e-6, 15);
  });
  it('utilisation: channels padded to 32 in and 8 out; depthwise ≈ 0.09 for 3×3', () => {
    expect(utilisation('pwconv', 96, 32, 1)).toBe(1);
    expect(utilisation('pwconv', 40, 12, 1)).toBeCloseTo((40 / 64) * (12 / 16), 12);
    expect(utilisation('dwconv', 64, 64, 3)).toBeCloseTo(0.09375, 12);
    expect(utilisation('dwconv', 64, 64, 5)).toBeCloseTo(200 / 7 / 256, 12);
    expect(utilisation('matmul', 8, 8, 0)).toBe(0.5);
  });
  it('a depthwise conv is compute-bound on the NPU', () => {
    const dw = dwconv(SITE, 'dw', { h: 14, w: 14, c: 64 }, 3, 1, INT8);
    const c = npuCost(dw, hw, false);
    expect(c.computeUs).toBeCloseTo(112896 / (256 * 0.09375 * 500), 12); // 9.408 µs
    expect(c.bound).toBe('compute');
  });
  it("the output stage, as Vela's tables: 64/P cycles an output element, 192/P for an add (0.5 and 1.5 on a U55-128)", () => {
    const u55128 = { ...hw, npuMacsPerCycle: 128 };
    // 16 → 96 on 112×112 (MobileNetV2's first expansion): 16 MACs an element at utilisation 0.5 keep the
    // MAC array 0.25 cycles an element; the output stage takes 0.5
    const expand = pwconv(SITE, 'pw', { h: 112, w: 112, c: 16 }, 96, INT8);
    const e = npuCost(expand, u55128, false);
    expect(e.computeUs).toBeCloseTo((112 * 112 * 96 * 0.5) / 500, 9);
    expect(e.bound).toBe('compute');
    // with 256 input channels the MAC array is the slower: 256 MACs an element at 128 a cycle
    const wide = npuCost(pwconv(SITE, 'pw', { h: 7, w: 7, c: 256 }, 32, INT8), u55128, false);
    expect(wide.computeUs).toBeCloseTo((49 * 32 * 2) / 500, 9);
    // a residual add (two full operands) and a concat (one copy), 56×56×24
    const add = elementwise(SITE, 'add', 'eltwise', { h: 56, w: 56, c: 24 }, 2 * 56 * 56 * 24, 56 * 56 * 24, INT8);
    const cat = elementwise(SITE, 'cat', 'eltwise', { h: 56, w: 56, c: 24 }, 56 * 56 * 24, 56 * 56 * 24, INT8);
    expect(npuCost(add, u55128, false).computeUs).toBeCloseTo((56 * 56 * 24 * 1.5) / 500, 9);
    expect(npuCost(cat, u55128, false).computeUs).toBeCloseTo((56 * 56 * 24 * 0.5) / 500, 9);
    // and on the 256-MAC default, half as many cycles an element
    expect(npuCost(add, hw, false).computeUs).toBeCloseTo((56 * 56 * 24 * 0.75) / 500, 9);
  });
});

describe('CIM cost (weight-stationary)', () => {
  it('pointwise: one tile, 49 vectors × 8 cycles at 200 MHz', () => {
    const pw = pwconv(SITE, 'pw', { h: 7, w: 7, c: 96 }, 32, INT8);
    const c = cimCost(pw, hw);
    expect(c.computeUs).toBeCloseTo((49 * 8) / 200, 12);
    expect(c.timeUs).toBeCloseTo(1.96, 12);
    expect(c.bound).toBe('compute');
    expect(c.weightsUs).toBe(0);
    expect(c.energyUj).toBeCloseTo((150528 * 0.02 + 6272 * 0.5) * 1e-6, 15);
  });
  it('depthwise: block-diagonal packing of 28 channels per tile', () => {
    const dw = dwconv(SITE, 'dw', { h: 14, w: 14, c: 64 }, 3, 1, INT8);
    expect(cimCost(dw, hw).computeUs).toBeCloseTo((196 * 3 * 8) / 200, 12); // ceil(64/28) = 3 tiles
  });
  it('a depthwise kernel taller than the array spans several row tiles per channel', () => {
    const dw = dwconv(SITE, 'dw', { h: 4, w: 4, c: 8 }, 5, 1, INT8);
    // 16 rows < 25 = k²: 2 row tiles per channel, 8 channels → 16 tiles, plus ⌈log₂ 2⌉ = 1 add
    expect(cimCost(dw, { ...hw, cimRows: 16 }).computeUs).toBeCloseTo((16 * 16 * 8 + 16 * 1) / 200, 12);
  });
  it('tall matrices pay partial-sum adds; more macros per unit cut the tile passes', () => {
    // 3×3 conv from 64 to 128 channels: K = 576 → 3 row tiles, 2 column tiles = 6 tiles
    const cv = conv(SITE, 'c', { h: 8, w: 8, c: 64 }, 3, 1, 128, INT8);
    expect(cimCost(cv, hw).computeUs).toBeCloseTo((64 * 6 * 8 + 64 * 2) / 200, 12);
    expect(cimCost(cv, { ...hw, cimMacros: 4 }).computeUs).toBeCloseTo((64 * 2 * 8 + 64 * 2) / 200, 12);
    // four units of one macro each: a layer runs on one unit
    expect(cimCost(cv, { ...hw, cimMacros: 4, cimUnits: 4 }).computeUs).toBeCloseTo((64 * 6 * 8 + 64 * 2) / 200, 12);
  });
  it('16-bit weights span two 8-bit columns each', () => {
    const fc = linear(SITE, 'fc', 49, 64, 128, INT8);
    expect(cimCost(fc, { ...hw, bytesPerWeight: 2 }).computeUs).toBeCloseTo((49 * 4 * 8) / 200, 12);
  });
  it('a linear layer multiplies one vector per token', () => {
    const fc = linear(SITE, 'fc', 49, 64, 128, INT8);
    expect(cimCost(fc, hw).computeUs).toBeCloseTo((49 * 2 * 8) / 200, 12);
  });
  it('only static-weight conv/linear layers are eligible', () => {
    const fc = linear(SITE, 'fc', 49, 64, 128, INT8);
    expect(cimEligible(fc)).toBe(true);
    expect(cimEligible({ ...fc, kind: 'matmul', staticWeights: false, weights: 0, weightBytes: 0 } as Layer)).toBe(false);
  });
});

describe('system-level terms', () => {
  it('hand-off and static energy', () => {
    const pw = pwconv(SITE, 'pw', { h: 7, w: 7, c: 96 }, 32, INT8);
    const [c] = layerCosts([pw], hw);
    expect(c?.handoffUs).toBeCloseTo(1568 / 4000, 12);
    expect(c?.handoffUj).toBeCloseTo(1568 * 1e-6, 15);
    expect(c?.intensity).toBeCloseTo(150528 / (3072 + 6272), 12);
    // (5 mW + 0.5 mW × 1 macro) × 1000 µs = 5.5 µJ
    expect(staticEnergyUj(hw, 1000)).toBeCloseTo(5.5, 12);
  });
  it('the on-chip weight buffer keeps the first layers, up to the first that does not fit (a larger one keeps a superset)', () => {
    const ls = [
      pwconv(SITE, 'a', { h: 1, w: 1, c: 32 }, 32, INT8),
      pwconv(SITE, 'b', { h: 1, w: 1, c: 64 }, 64, INT8),
      pwconv(SITE, 'c', { h: 1, w: 1, c: 32 }, 16, INT8),
    ];
    // 1 KiB + 4 KiB + 0.5 KiB: first fit would keep a and c in 2 KiB, then a and b in 5 KiB (c dropped)
    expect(npuResidency(ls, { ...hw, npuWeightBufferKiB: 2 })).toEqual([true, false, false]);
    expect(npuResidency(ls, { ...hw, npuWeightBufferKiB: 5 })).toEqual([true, true, false]);
    expect(npuResidency(ls, { ...hw, npuWeightBufferKiB: 6 })).toEqual([true, true, true]);
    expect(npuResidency(ls, hw)).toEqual([false, false, false]);
  });
});

describe('hardware presets and validation', () => {
  it('every parameter has a unit, a range and a provenance; presets are in range', () => {
    for (const p of HW_PARAMS) {
      expect(p.unit.length).toBeGreaterThan(0);
      expect(p.min).toBeLessThanOrEqual(p.max);
      expect(['measured-public', 'vendor-default', 'assumed']).toContain(p.provenance);
    }
    for (const s of Object.values(SYSTEMS)) expect(validateSystem(s).ok).toBe(true);
    expect(Object.keys(SYSTEMS)).toEqual(['u55-mram', 'u55-sram-cim', 'u55-sram7nm', 'u55-c2c22nm', 'npu1024-mram', 'u65-dram']);
  });
  it('refuses out-of-range values naming the field and its range', () => {
    const r = validateSystem({ base: 'u55-mram', cimMacros: 100, npuFreqMHz: 'fast' });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors).toEqual([
      'npuFreqMHz: must be a number (allowed 100–1500 MHz)',
      'cimMacros: above the range (allowed 1–64 macros)',
    ]);
    const u = validateSystem({ base: 'u55-mram', cimMacros: 2, cimUnits: 4 });
    expect(u.ok ? [] : u.errors).toEqual(['cimUnits: must not exceed the number of CIM macros (1 ≤ U ≤ M)']);
    expect(validateSystem({ base: 'nope' })).toEqual({
      ok: false,
      errors: ['base: unknown system "nope" (allowed: u55-mram, u55-sram-cim, u55-sram7nm, u55-c2c22nm, npu1024-mram, u65-dram)'],
    });
    expect(validateSystem({ base: 'u55-mram', bogus: 1 }).ok).toBe(false);
  });
  it('accepts edits on a base and says which values changed', () => {
    const r = validateSystem({ base: 'u65-dram', cimMacros: 4 });
    expect(r.ok && provenanceOf(r.value, 'cimMacros')).toEqual({ provenance: 'assumed', source: 'edited (preset u65-dram: 1)' });
    expect(r.ok && provenanceOf(r.value, 'npuWeightGBps').provenance).toBe('vendor-default');
    expect(r.ok && r.value.params.cimMacros).toBe(4);
    expect(r.ok && r.value.params.npuMacsPerCycle).toBe(512);
    expect(r.ok && r.value.label).toMatch(/edited \(cimMacros\)/);
  });
});

describe('roofline', () => {
  it("a 1×1 conv 96→32 on 7×7 against each unit's ridge, by hand", () => {
    const pw = pwconv(SITE, 'pw', { h: 7, w: 7, c: 96 }, 32, INT8);
    const [c] = layerCosts([pw], hw);
    const r = roofline(pw, c as NonNullable<typeof c>);
    // NPU: 150,528 MACs at 256 × 500 MAC/µs (full utilisation) = 1.176 µs; 3,072 weight bytes at 0.5 GB/s = 6.144 µs
    expect(r.npu?.intensity).toBeCloseTo(150528 / (3072 + 4704 + 1568), 12);
    expect(r.npu?.ratio).toBeCloseTo(1.176 / 6.144, 12);
    expect(r.npu?.ridge).toBeCloseTo(150528 / 9344 / (1.176 / 6.144), 9);
    // CIM: weights stay; 6,272 activation bytes at 4 GB/s = 1.568 µs; 49 vectors × 1 tile × 8 cycles at 200 MHz = 1.96 µs
    expect(r.cim?.intensity).toBe(24);
    expect(r.cim?.ratio).toBeCloseTo(1.96 / 1.568, 12);
    expect(r.cim?.ridge).toBeCloseTo(150528 / 1.96 / 4000, 12);
    expect(unitRidges(hw)).toEqual({ npuWeights: 256, npuSram: 32, cim: 102.4 });
  });
  it('right of the ridge exactly when the cost model calls the layer compute-bound, for every layer of random subnets on every system', () => {
    let checked = 0;
    for (const space of Object.values(SPACES)) {
      const rng = createRng(8);
      for (let i = 0; i < 20; i++) {
        const layers = expandGenome(space, sampleGenome(space, rng));
        for (const system of Object.values(SYSTEMS)) {
          const costs = layerCosts(layers, system.params);
          layers.forEach((layer, j) => {
            const c = costs[j] as NonNullable<(typeof costs)[number]>;
            const r = roofline(layer, c);
            if (layer.macs === 0) {
              expect(r.npu).toBeNull();
              return;
            }
            for (const [p, u] of [
              [r.npu, c.npu],
              [r.cim, c.cim],
            ] as const) {
              if (!u) {
                expect(p).toBeNull();
                continue;
              }
              if (!p) continue;
              expect(p.ratio >= 1, layer.name).toBe(u.bound === 'compute');
              expect(p.ridge * p.ratio).toBeCloseTo(p.intensity, 6);
              checked++;
            }
          });
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});
