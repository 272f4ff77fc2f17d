import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chainCost, chainWeight, solveChain, type Chain } from './chain.js';
import { solveCapacity, statesCost, statesWeight, type ParallelChain } from './parallelChain.js';

/**
 * The label DPs of `hetero` (chain.ts, chainLabels.ts) and `parallel` (parallelChain.ts,
 * parallelLabels.ts) against a plain reference on long chains: every (bytes, cost) reached, no bound,
 * no fill, no skipped state. The chains are shaped like nasvit's: long runs of NPU-only layers,
 * tiny CIM-eligible layers that are far slower on the CIM (talking-heads projections: the DPs drop
 * those states), repeated weight sizes, and a capacity that binds.
 */

const at = (i: number, s: number, loc: number): number => (3 * i + s) * 2 + loc;

/** the minimum under the capacity over every placement, by (unit of the output, bytes) */
function reference(
  layers: number,
  step: (i: number, r: number, s: number) => { d: number; w: number; loc: number } | null,
  cap: number,
  states: number,
): number {
  let cur: Map<number, number>[] = [new Map([[0, 0]]), new Map()];
  for (let i = 0; i < layers; i++) {
    const next: Map<number, number>[] = [new Map(), new Map()];
    for (let r = 0; r < 2; r++) {
      for (const [bytes, cost] of cur[r] as Map<number, number>) {
        for (let s = 0; s < states; s++) {
          const t = step(i, r, s);
          if (!t || !Number.isFinite(t.d) || bytes + t.w > cap) continue;
          const m = next[t.loc] as Map<number, number>;
          const v = cost + t.d;
          if (!(v >= (m.get(bytes + t.w) ?? Infinity))) m.set(bytes + t.w, v);
        }
      }
    }
    cur = next;
  }
  let best = Infinity;
  for (const m of cur) for (const v of m.values()) best = Math.min(best, v);
  return best;
}

/** a layer's kind: NPU-only, CIM-eligible, or eligible but far slower on the CIM */
const kindOf = (x: number): 0 | 1 | 2 => (x < 0.35 ? 0 : x < 0.85 ? 1 : 2);

const shape = fc.record({
  layers: fc.integer({ min: 20, max: 90 }),
  sizes: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
  raw: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
  capFrac: fc.double({ min: 0.05, max: 0.6, noNaN: true }),
});

const parallelArb = shape.map(({ layers, sizes, raw, capFrac }): ParallelChain => {
  const cost = new Float64Array(6 * layers).fill(Infinity);
  const weight: number[] = [];
  const handoff: number[] = [];
  let r = 0;
  const next = (): number => raw[r++ % raw.length] as number;
  for (let i = 0; i < layers; i++) {
    const kind = kindOf(next());
    weight.push(kind === 0 ? 0 : 8 * (sizes[Math.floor(next() * sizes.length) % sizes.length] as number));
    handoff.push(1 + 10 * next());
    const h = i > 0 ? (handoff[i - 1] as number) : 0;
    for (let s = 0; s < (kind === 0 ? 1 : 3); s++) {
      const base = (s > 0 && kind === 2 ? 400 : 20) + 100 * next();
      cost[at(i, s, 0)] = base;
      cost[at(i, s, 1)] = i === 0 ? base : base + h * (2 * next() - 1);
    }
  }
  const total = weight.reduce((a, b) => a + b, 0);
  return { layers, cost, weight, capacity: Math.floor(capFrac * total), handoff };
});

const heteroArb = shape.map(({ layers, sizes, raw, capFrac }): Chain => {
  const npu: number[] = [];
  const cim: number[] = [];
  const handoff: number[] = [];
  const weight: number[] = [];
  let r = 0;
  const next = (): number => raw[r++ % raw.length] as number;
  for (let i = 0; i < layers; i++) {
    const kind = kindOf(next());
    npu.push(20 + 100 * next());
    cim.push(kind === 0 ? Infinity : kind === 2 ? 400 + 100 * next() : 5 + 100 * next());
    handoff.push(1 + 20 * next());
    weight.push(kind === 0 ? 0 : 8 * (sizes[Math.floor(next() * sizes.length) % sizes.length] as number));
  }
  const total = weight.reduce((a, b) => a + b, 0);
  return { npu, cim, handoff, weight, capacity: Math.floor(capFrac * total) };
});

describe('label DPs on long chains', () => {
  it('parallel: the exact minimum under the capacity (500 random chains of 20–90 layers)', () => {
    fc.assert(
      fc.property(parallelArb, (ch) => {
        const r = solveCapacity(ch, statesCost(ch, new Uint8Array(ch.layers)));
        const ref = reference(
          ch.layers,
          (i, loc, s) =>
            i === 0 && loc === 1
              ? null
              : { d: ch.cost[at(i, s, loc)] as number, w: s === 0 ? 0 : (ch.weight[i] as number), loc: s === 1 ? 1 : 0 },
          ch.capacity,
          3,
        );
        expect(statesWeight(ch, r.states)).toBeLessThanOrEqual(ch.capacity);
        expect(Math.abs(statesCost(ch, r.states) - r.cost)).toBeLessThanOrEqual(1e-9 * ref);
        expect(Math.abs(r.cost - ref)).toBeLessThanOrEqual(1e-9 * ref);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('hetero: the exact minimum under the capacity (500 random chains of 20–90 layers)', () => {
    fc.assert(
      fc.property(heteroArb, (ch) => {
        const r = solveChain(ch);
        const ref = reference(
          ch.npu.length,
          (i, u, s) => {
            if (i === 0 && u === 1) return null;
            const h = i > 0 && u !== s ? (ch.handoff[i - 1] as number) : 0;
            return { d: (s === 0 ? (ch.npu[i] as number) : (ch.cim[i] as number)) + h, w: s === 0 ? 0 : (ch.weight[i] as number), loc: s };
          },
          ch.capacity,
          2,
        );
        expect(chainWeight(ch, r.units)).toBeLessThanOrEqual(ch.capacity);
        expect(Math.abs(chainCost(ch, r.units) - r.cost)).toBeLessThanOrEqual(1e-9 * ref);
        expect(Math.abs(r.cost - ref)).toBeLessThanOrEqual(1e-9 * ref);
      }),
      { numRuns: 500, seed: 11 },
    );
  });
});
