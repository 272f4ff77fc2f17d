import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForceChain, chainCost, chainWeight, solveChain, type Chain } from './chain.js';
import { solveChainEdp } from './chainEdp.js';
import { layerCosts } from '../hardware/cost.js';
import { estimateGenome, estimateLayers } from './estimate.js';
import { explainPlacement } from '../hardware/explain.js';
import { cimCapacityBytes, getSystem, type HwParams, type System } from '../hardware/hardware.js';
import { expandGenome } from '../model/layers.js';
import { createRng, type Rng } from '../rng.js';
import { objectiveChain, plainSchedule } from './schedule.js';
import { sampleGenome } from '../model/genome.js';
import { defaultGenome, MINI, NASVIT } from '../model/spaces.js';
import type { Estimate, ScheduleResult, SearchSpace } from '../types.js';

/** A random chain: some layers NPU-only, costs and weights spread so that capacity can bind. */
function randomChain(rng: Rng, L: number, capacityShare: number): Chain {
  const npu = Array.from({ length: L }, () => 1 + rng.next() * 20);
  const cim = npu.map((n) => (rng.next() < 0.3 ? Infinity : n * (0.2 + rng.next() * 1.5)));
  const handoff = Array.from({ length: L }, () => rng.next() * 4);
  const weight = Array.from({ length: L }, (_, i) => (Number.isFinite(cim[i] as number) ? 1 + rng.int(1000) : 0));
  const total = weight.reduce((a, b) => a + b, 0);
  return { npu, cim, handoff, weight, capacity: Math.round(total * capacityShare) };
}

describe('exact hetero placement', () => {
  it('equals brute force on random chains of up to 14 layers, capacity binding and not', () => {
    const rng = createRng(42);
    let binding = 0;
    for (let trial = 0; trial < 400; trial++) {
      const L = 1 + rng.int(14);
      const ch = randomChain(rng, L, [0, 0.1, 0.3, 0.6, 1.2][trial % 5] as number);
      const dp = solveChain(ch);
      const bf = bruteForceChain(ch);
      expect(dp.cost).toBeCloseTo(bf.cost, 9);
      expect(chainCost(ch, dp.units)).toBeCloseTo(dp.cost, 9);
      expect(chainWeight(ch, dp.units)).toBeLessThanOrEqual(ch.capacity);
      const free = solveChain({ ...ch, capacity: Infinity });
      if (chainWeight(ch, free.units) > ch.capacity) binding++;
    }
    expect(binding).toBeGreaterThan(100);
  });
  it('equals brute force on windows of real nasvit layers under a small CIM', () => {
    const hw: HwParams = { ...getSystem('u55-mram').params, cimMacroKiB: 64 };
    const rng = createRng(9);
    for (let trial = 0; trial < 40; trial++) {
      const layers = expandGenome(NASVIT, sampleGenome(NASVIT, rng));
      const start = rng.int(layers.length - 14);
      const window = layers.slice(start, start + 14);
      for (const objective of ['latency', 'energy'] as const) {
        const ch = objectiveChain(window, layerCosts(window, hw), { ...hw, cimMacros: 1 + rng.int(2) }, objective);
        const small = { ...ch, capacity: Math.round(ch.capacity / (1 + rng.int(8))) };
        expect(solveChain(small).cost).toBeCloseTo(bruteForceChain(small).cost, 6);
      }
    }
  });
  it('energy·delay optimum equals brute force', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 150; trial++) {
      const L = 1 + rng.int(12);
      const lat = randomChain(rng, L, [0.1, 0.4, 2][trial % 3] as number);
      const en: Chain = {
        ...lat,
        npu: Array.from(lat.npu, (x) => x * (0.5 + rng.next())),
        cim: Array.from(lat.cim, (x) => x * (0.2 + rng.next())),
        handoff: Array.from(lat.handoff, (x) => x * rng.next()),
      };
      let best = Infinity;
      for (let mask = 0; mask < 1 << L; mask++) {
        const u = Array.from({ length: L }, (_, i) => (mask >> i) & 1);
        if (u.some((x, i) => x === 1 && !Number.isFinite(lat.cim[i] as number)) || chainWeight(lat, u) > lat.capacity) continue;
        best = Math.min(best, chainCost(lat, u) * chainCost(en, u));
      }
      const sol = solveChainEdp(lat, en);
      expect(sol.cost).toBeCloseTo(best, 6);
      expect(chainCost(lat, sol.units) * chainCost(en, sol.units)).toBeCloseTo(best, 6);
    }
  });
});

/** Structural checks of one schedule. */
function checkSchedule(est: Estimate, s: ScheduleResult, hw: HwParams): void {
  const cap = cimCapacityBytes(hw);
  expect(s.cimWeightBytes).toBeLessThanOrEqual(cap);
  const cimWeights = est.layers.reduce((a, l, i) => a + (s.placement[i] !== 'NPU' ? l.weightBytes : 0), 0);
  expect(s.cimWeightBytes).toBe(cimWeights);
  // no two events overlap on one lane (each CIM compute unit is a lane)
  const lanes = new Map<string, { startUs: number; endUs: number }[]>();
  for (const e of s.timeline) {
    expect(e.endUs).toBeGreaterThanOrEqual(e.startUs);
    const key = e.unit === 'CIM' ? `CIM${e.cu ?? 0}` : e.unit;
    lanes.set(key, [...(lanes.get(key) ?? []), e]);
  }
  for (const evs of lanes.values()) {
    const sorted = [...evs].sort((a, b) => a.startUs - b.startUs);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startUs).toBeGreaterThanOrEqual(sorted[i - 1]!.endUs - 1e-9);
  }
  // every layer runs where the placement says; each hand-off is on the link before the consumer starts
  for (let i = 0; i < est.layers.length; i++) {
    const evs = s.timeline.filter((e) => e.layer === i && e.unit !== 'LINK');
    const units = new Set(evs.map((e) => e.unit));
    expect([...units].sort().join('+')).toBe(s.placement[i] === 'split' ? 'CIM+NPU' : s.placement[i]);
    if (i === 0) continue;
    const prevUnits = new Set(s.timeline.filter((e) => e.layer === i - 1 && e.unit !== 'LINK').map((e) => e.unit));
    const prevEnd = Math.max(...s.timeline.filter((e) => e.layer === i - 1 && e.unit !== 'LINK').map((e) => e.endUs));
    for (const u of units) {
      const start = Math.min(...evs.filter((e) => e.unit === u).map((e) => e.startUs));
      const needsLink = [...prevUnits].some((p) => p !== u);
      if (needsLink) {
        const links = s.timeline.filter((e) => e.unit === 'LINK' && e.layer === i - 1 && e.endUs <= start + 1e-9);
        expect(links.length).toBeGreaterThan(0);
      }
      const ownPrev = s.timeline.filter((e) => e.layer === i - 1 && e.unit === u);
      if (ownPrev.length > 0 && !needsLink) expect(start).toBeGreaterThanOrEqual(prevEnd - 1e-9);
    }
  }
  const makespan = Math.max(...s.timeline.map((e) => e.endUs));
  expect(s.latencyMs * 1000).toBeCloseTo(makespan, 6);
  const dyn = s.timeline.reduce((a, e) => a + e.energyUj, 0);
  expect(s.dynamicUj).toBeCloseTo(dyn, 9);
  expect(s.energyUj).toBeCloseTo(s.dynamicUj + s.staticUj, 9);
}

const systems: System[] = [
  getSystem('u55-mram'),
  getSystem('u65-dram'),
  { id: 'multi', label: 'multi-macro, multi-CU', params: { ...getSystem('u55-mram').params, cimMacros: 4, cimUnits: 2 } },
  { id: 'tiny-cim', label: 'small SRAM CIM', params: { ...getSystem('u55-sram-cim').params, cimMacroKiB: 64 } },
];

describe('execution schemas on real subnets', () => {
  const cases: [SearchSpace, number][] = [
    [MINI, 40],
    [NASVIT, 8],
  ];
  for (const [space, n] of cases) {
    it(`${space.id}: hetero ≤ npu and cim; parallel ≤ hetero; capacity, lanes and hand-offs hold`, () => {
      const rng = createRng(2024);
      for (let k = 0; k < n; k++) {
        const g = sampleGenome(space, rng);
        for (const system of systems) {
          const hw = system.params;
          const est = estimateGenome(space, g, system);
          const { npu, cim, hetero, parallel } = est.schemas;
          expect(hetero.latencyMs).toBeLessThanOrEqual(npu.latencyMs * (1 + 1e-12));
          expect(hetero.latencyMs).toBeLessThanOrEqual(cim.latencyMs * (1 + 1e-12));
          expect(parallel.latencyMs).toBeLessThanOrEqual(hetero.latencyMs * (1 + 1e-12));
          expect(npu.placement.every((p) => p === 'NPU')).toBe(true);
          for (const s of [npu, cim, hetero, parallel]) checkSchedule(est, s, hw);
          const energyRun = estimateGenome(space, g, system, { objective: 'energy' }).schemas;
          const byEnergy = energyRun.hetero;
          // parallel builds on hetero's placement for the same objective
          expect(energyRun.parallel.latencyMs).toBeLessThanOrEqual(byEnergy.latencyMs * (1 + 1e-12));
          byEnergy.placement.forEach((p, i) =>
            expect(p === 'NPU' ? energyRun.parallel.placement[i] : 'ok').toBe(p === 'NPU' ? 'NPU' : 'ok'),
          );
          expect(byEnergy.energyUj).toBeLessThanOrEqual(npu.energyUj * (1 + 1e-12));
          expect(byEnergy.energyUj).toBeLessThanOrEqual(cim.energyUj * (1 + 1e-12));
          expect(byEnergy.energyUj).toBeLessThanOrEqual(hetero.energyUj * (1 + 1e-12));
        }
      }
    });
  }
  it('energy·delay: hetero beats every other placement on EDP (nasvit, capacity binding)', () => {
    const rng = createRng(31);
    for (let k = 0; k < 4; k++) {
      const g = sampleGenome(NASVIT, rng);
      for (const system of systems) {
        const edp = (s: ScheduleResult): number => s.latencyMs * s.energyUj;
        const byEdp = estimateGenome(NASVIT, g, system, { objective: 'edp' }).schemas;
        const byLat = estimateGenome(NASVIT, g, system).schemas;
        const byEn = estimateGenome(NASVIT, g, system, { objective: 'energy' }).schemas.hetero;
        for (const other of [byEdp.npu, byEdp.cim, byLat.hetero, byEn])
          expect(edp(byEdp.hetero)).toBeLessThanOrEqual(edp(other) * (1 + 1e-9));
      }
    }
  });
  it('hetero reasons name the real cause: hand-offs when the CIM has room, capacity only when it is full', () => {
    const sys = getSystem('u55-mram');
    const est = estimateGenome(MINI, defaultGenome(MINI), sys);
    const reasons = explainPlacement(est.layers, est.costs, est.schemas.hetero, sys.params);
    const dw = est.layers.findIndex((l) => l.name === 's2.b1.dw');
    expect(est.schemas.hetero.placement[dw]).toBe('NPU');
    expect(reasons[dw]).toMatch(/^on NPU: CIM would save [\d.]+ µs but moving it adds [\d.]+ µs of hand-offs/);
    const rng = createRng(8);
    for (let k = 0; k < 20; k++) {
      const e = estimateGenome(NASVIT, sampleGenome(NASVIT, rng), sys);
      const why = explainPlacement(e.layers, e.costs, e.schemas.hetero, sys.params);
      why.forEach((r, i) => {
        if (r.includes('CIM is full'))
          expect(e.schemas.hetero.cimWeightBytes + (e.layers[i]?.weightBytes ?? 0)).toBeGreaterThan(cimCapacityBytes(sys.params));
      });
    }
  });
  it('cim schema: in layer order, first fit, later layers still tried', () => {
    const hw: HwParams = { ...getSystem('u55-mram').params, cimMacroKiB: 64 };
    const layers = expandGenome(NASVIT, sampleGenome(NASVIT, createRng(1)));
    const est = estimateLayers(layers, hw);
    let free = 64 * 1024;
    layers.forEach((l, i) => {
      const eligible = est.costs[i]?.cim !== null;
      const expected = eligible && l.weightBytes <= free ? 'CIM' : 'NPU';
      if (expected === 'CIM') free -= l.weightBytes;
      expect(est.schemas.cim.placement[i]).toBe(expected);
    });
  });
  it('more CIM macros never slow hetero down (nasvit largest)', () => {
    const g = sampleGenome(NASVIT, createRng(77));
    let prev = Infinity;
    for (const M of [1, 2, 4, 8, 16]) {
      const sys: System = { id: 'm', label: 'm', params: { ...getSystem('u55-mram').params, cimMacros: M } };
      const lat = estimateGenome(NASVIT, g, sys).schemas.hetero.latencyMs;
      expect(lat).toBeLessThanOrEqual(prev * (1 + 1e-12));
      prev = lat;
    }
  });
  it('property: parallel ≤ hetero ≤ npu for random systems', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(64, 256, 1024),
        (seed, M, U, kib) => {
          const hw: HwParams = { ...getSystem('u55-mram').params, cimMacros: M, cimUnits: Math.min(U, M), cimMacroKiB: kib };
          const est = estimateGenome(MINI, sampleGenome(MINI, createRng(seed)), { id: 'p', label: 'p', params: hw });
          expect(est.schemas.hetero.latencyMs).toBeLessThanOrEqual(est.schemas.npu.latencyMs * (1 + 1e-12));
          expect(est.schemas.parallel.latencyMs).toBeLessThanOrEqual(est.schemas.hetero.latencyMs * (1 + 1e-12));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('timelines are built on first read', () => {
  it('reading twice gives the same events; JSON and plainSchedule carry them with the totals', () => {
    const system = getSystem('u55-sram-cim');
    const est = estimateGenome(NASVIT, sampleGenome(NASVIT, createRng(9)), system);
    for (const s of Object.values(est.schemas)) {
      const first = s.timeline;
      expect(s.timeline).toBe(first);
      expect(first.length).toBeGreaterThanOrEqual(est.layers.length);
      const json = JSON.parse(JSON.stringify(s)) as ScheduleResult & { states?: number };
      expect(json.timeline).toEqual(first);
      expect(json.latencyMs).toBe(s.latencyMs);
      expect(json.placement).toEqual(s.placement);
      expect(Object.keys(json)).not.toContain('costs');
      if (s.schema === 'hetero') expect(json.states).toBeGreaterThan(0);
      // the replayed events account for the totals that were computed without them
      const end = Math.max(...first.map((e) => e.endUs));
      expect(end / 1000).toBeCloseTo(s.latencyMs, 9);
      expect(first.reduce((a, e) => a + e.energyUj, 0)).toBeCloseTo(s.dynamicUj, 6);
      expect(structuredClone(plainSchedule(s)).timeline).toEqual(first);
    }
  });
});
