import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateGenome, SCHEMA_IDS, type EstimateOptions } from '../schedule/estimate.js';
import { validateGenome } from './genome.js';
import { HW_PARAMS, SYSTEMS, type HwKey, type System } from '../hardware/hardware.js';
import { createRng } from '../rng.js';
import { sampleGenome } from './genome.js';
import { MINI, NASVIT } from './spaces.js';
import type { Genome, SchemaId, SearchSpace } from '../types.js';

/**
 * "Strictly better hardware" (issue 14): one parameter raised where more is better, or lowered where
 * less is better, by a factor in (1, 4], within its valid range.
 */
const MORE: readonly HwKey[] = [
  'npuMacsPerCycle',
  'npuFreqMHz',
  'npuSramGBps',
  'npuWeightGBps',
  'npuWeightBufferKiB',
  'cimMacros',
  'cimRows',
  'cimCols',
  'cimMacroKiB',
  'cimFreqMHz',
  'cimBufferGBps',
  'linkGBps',
];
const LESS: readonly HwKey[] = [
  'npuOverheadUs',
  'cimCyclesPerMvm',
  // energies and static powers: no latency effect with the latency objective, lower energy
  'npuMacPj',
  'sramPjPerByte',
  'weightFetchPjPerByte',
  'npuStaticMw',
  'cimMacPj',
  'cimBufferPjPerByte',
  'cimStaticMwPerMacro',
  'linkPjPerByte',
];
/**
 * Left out, not pure improvements:
 * - cimUnits: at a fixed macro count M, more compute units split the same macros into smaller units
 *   (⌊M/U⌋ each); a layer on one unit gets slower. It re-partitions the CIM, it adds nothing.
 * - bytesPerWeight, bytesPerAct: the model's number format (int8 vs wider), not the hardware; a
 *   narrower format changes the network's accuracy, so it is not "the same network on better hardware".
 */
const LEFT_OUT: readonly HwKey[] = ['cimUnits', 'bytesPerWeight', 'bytesPerAct'];
/** parameters that only lower energy (decisions with the latency objective never read them) */
const ENERGY_ONLY: readonly HwKey[] = [
  'npuMacPj',
  'sramPjPerByte',
  'weightFetchPjPerByte',
  'npuStaticMw',
  'cimMacPj',
  'cimBufferPjPerByte',
  'cimStaticMwPerMacro',
  'linkPjPerByte',
];

/** `key` improved by `factor` (> 1) on `system`, clamped to the parameter's range; integers rounded the better way. */
function improve(system: System, key: HwKey, factor: number): System {
  const hp = HW_PARAMS.find((p) => p.key === key);
  if (!hp) throw new Error(key);
  const v = system.params[key];
  const more = MORE.includes(key);
  // an empty weight buffer grows to a size in (0, 3 MiB]
  let next = more ? (v === 0 ? (factor - 1) * 1024 : v * factor) : v / factor;
  if (hp.integer) next = more ? Math.ceil(next) : Math.floor(next);
  next = Math.min(hp.max, Math.max(hp.min, next));
  return { ...system, id: `${system.id}+`, params: { ...system.params, [key]: next } };
}

/**
 * The capacity parameters are left out for `cim` alone: "CIM first" (SPEC §4.2) puts every layer that
 * still fits on the CIM, whether or not it runs faster there, so a larger CIM takes more layers by
 * definition and can be slower (the schema is a fixed policy, not an optimiser; hetero and parallel
 * are the optimisers and are held to the property on these too).
 */
const CIM_POLICY: readonly HwKey[] = ['cimMacros', 'cimMacroKiB'];

const TOL = 1e-12;

/** a case names its space and system by id, so that a counterexample prints short */
interface Case {
  readonly space: string;
  readonly seed: number;
  readonly system: string;
  readonly buffer: number;
  readonly key: HwKey;
  readonly factor: number;
}

const SPACE_BY_ID: Readonly<Record<string, SearchSpace>> = { mini: MINI, nasvit: NASVIT };
const SYSTEM_IDS = Object.keys(SYSTEMS);

const caseArb = (keys: readonly HwKey[]): fc.Arbitrary<Case> =>
  fc.record({
    // nasvit subnets take ~10× longer to estimate: one case in eight
    space: fc.oneof({ arbitrary: fc.constant('mini'), weight: 7 }, { arbitrary: fc.constant('nasvit'), weight: 1 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    system: fc.constantFrom(...SYSTEM_IDS),
    // the presets have no NPU weight buffer: half the cases get one (KiB), so that residency is exercised
    buffer: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1024 })),
    key: fc.constantFrom(...keys),
    factor: fc.double({ min: 1, max: 4, minExcluded: true, noNaN: true }),
  });

function resolve(c: Case): { space: SearchSpace; seed: number; system: System; key: HwKey; factor: number } {
  const preset = SYSTEMS[c.system] as System;
  const system =
    c.buffer === 0 ? preset : { ...preset, id: `${preset.id}+buffer`, params: { ...preset.params, npuWeightBufferKiB: c.buffer } };
  return { ...c, space: SPACE_BY_ID[c.space] as SearchSpace, system };
}

const rises = (before: number, after: number): boolean => after > before * (1 + TOL);

describe('monotone in the hardware (issue 14): strictly better hardware is never slower', () => {
  it('the parameter lists cover every hardware parameter once', () => {
    const all = [...MORE, ...LESS, ...LEFT_OUT].sort();
    expect(all).toEqual(HW_PARAMS.map((p) => p.key).sort());
  });

  it('the issue example: doubling the weight bandwidth no longer slows parallel (0.137096 → 0.143673 ms before)', () => {
    const raw = {
      space: 'mini',
      r: 28,
      stem: 16,
      stages: [
        { c: 8, d: 2, k: 5, e: 1, t: ['mb', 'mb'], m: 1 },
        { c: 24, d: 3, k: 3, e: 3, t: ['mb', 'mb', 'mb'], m: 1 },
        { c: 32, d: 3, k: 3, e: 3, t: ['mb', 'mb', 'vit'], m: 2 },
        { c: 48, d: 1, k: 3, e: 4, t: ['mb'], m: 1 },
      ],
    };
    const v = validateGenome(MINI, raw);
    if (!v.ok) throw new Error(v.errors.join('; '));
    const base = SYSTEMS['u55-mram'] as System;
    const faster: System = { ...base, params: { ...base.params, npuWeightGBps: 1 } };
    const a = estimateGenome(MINI, v.value, base).schemas;
    const b = estimateGenome(MINI, v.value, faster).schemas;
    for (const id of SCHEMA_IDS) expect(b[id].latencyMs, id).toBeLessThanOrEqual(a[id].latencyMs * (1 + TOL));
    expect(b.npu.latencyMs).toBeLessThan(a.npu.latencyMs);
    expect(b.hetero.latencyMs).toBeLessThan(a.hetero.latencyMs);
    // never slower than hetero either
    expect(a.parallel.latencyMs).toBeLessThanOrEqual(a.hetero.latencyMs * (1 + TOL));
  });

  it('latency of every schema never rises: random mini and nasvit subnets, presets, each parameter × (1, 4] (≥ 2,000 cases per schema)', () => {
    const checked: Record<SchemaId, number> = { npu: 0, cim: 0, hetero: 0, parallel: 0 };
    fc.assert(
      fc.property(caseArb([...MORE, ...LESS]), (c) => {
        const { space, seed, system, key, factor } = resolve(c);
        const genome: Genome = sampleGenome(space, createRng(seed));
        const better = improve(system, key, factor);
        const a = estimateGenome(space, genome, system).schemas;
        const b = estimateGenome(space, genome, better).schemas;
        for (const id of SCHEMA_IDS) {
          if (id === 'cim' && CIM_POLICY.includes(key)) continue;
          checked[id]++;
          if (rises(a[id].latencyMs, b[id].latencyMs)) {
            throw new Error(
              `${id} slower with ${key} ${system.params[key]} → ${better.params[key]} on ${system.id}: ${a[id].latencyMs} → ${b[id].latencyMs} ms`,
            );
          }
        }
      }),
      // cim skips the capacity parameters (its CIM-first policy is not a latency optimum): more runs, so it too gets ≥ 2,000
      { numRuns: 2500, seed: 14 },
    );
    for (const id of SCHEMA_IDS) expect(checked[id], id).toBeGreaterThanOrEqual(2000);
  }, 120_000);

  it("a larger NPU weight buffer never slows any schema (buffers around the subnets' weight sizes)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom('mini', 'mini', 'mini', 'nasvit'),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(...SYSTEM_IDS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 4, minExcluded: true, noNaN: true }),
        (spaceId, seed, systemId, at, factor) => {
          const space = SPACE_BY_ID[spaceId] as SearchSpace;
          const system = SYSTEMS[systemId] as System;
          // mini subnets hold about 10–100 KiB of weights, nasvit ones a few MiB
          const b0 = Math.round(at * (spaceId === 'mini' ? 24 : 4096));
          const b1 = Math.min(8192, Math.max(b0 + 1, Math.ceil(b0 * factor)));
          const genome = sampleGenome(space, createRng(seed));
          const a = estimateGenome(space, genome, { ...system, params: { ...system.params, npuWeightBufferKiB: b0 } }).schemas;
          const b = estimateGenome(space, genome, { ...system, params: { ...system.params, npuWeightBufferKiB: b1 } }).schemas;
          for (const id of SCHEMA_IDS)
            if (rises(a[id].latencyMs, b[id].latencyMs))
              throw new Error(`${id} slower with a ${b1} KiB buffer than ${b0} KiB: ${a[id].latencyMs} → ${b[id].latencyMs} ms`);
        },
      ),
      { numRuns: 1000, seed: 7 },
    );
  }, 60_000);

  it('energy: lowering an energy or static-power parameter never raises any schema’s energy (latency objective)', () => {
    fc.assert(
      fc.property(caseArb(ENERGY_ONLY), (c) => {
        const { space, seed, system, key, factor } = resolve(c);
        const genome = sampleGenome(space, createRng(seed));
        const a = estimateGenome(space, genome, system).schemas;
        const b = estimateGenome(space, genome, improve(system, key, factor)).schemas;
        for (const id of SCHEMA_IDS)
          if (rises(a[id].energyUj, b[id].energyUj)) throw new Error(`${id} energy rises with ${key} on ${system.id}`);
      }),
      { numRuns: 400, seed: 41 },
    );
  }, 60_000);

  it('energy objective: hetero’s energy never rises on better hardware (more macros excepted: each leaks)', () => {
    const opts: EstimateOptions = { objective: 'energy' };
    fc.assert(
      fc.property(caseArb([...MORE, ...LESS].filter((k) => k !== 'cimMacros')), (c) => {
        const { space, seed, system, key, factor } = resolve(c);
        const genome = sampleGenome(space, createRng(seed));
        const a = estimateGenome(space, genome, system, opts).schemas.hetero;
        const b = estimateGenome(space, genome, improve(system, key, factor), opts).schemas.hetero;
        if (rises(a.energyUj, b.energyUj))
          throw new Error(`hetero energy rises with ${key} on ${system.id}: ${a.energyUj} → ${b.energyUj} µJ`);
      }),
      { numRuns: 400, seed: 42 },
    );
  }, 60_000);
});
