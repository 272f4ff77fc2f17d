import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveCapacity, statesCost, statesWeight, type ParallelChain } from './parallelChain.js';
import { fillIndex, fillSums } from './parallelFill.js';

const at = (i: number, s: number, loc: number): number => (3 * i + s) * 2 + loc;

/** the exact minimum under the capacity by trying all 3^L placements */
function bruteForce(ch: ParallelChain): number {
  let best = Infinity;
  const states = new Uint8Array(ch.layers);
  const total = 3 ** ch.layers;
  for (let code = 0; code < total; code++) {
    for (let i = 0, c = code; i < ch.layers; i++, c = Math.floor(c / 3)) states[i] = c % 3;
    if (statesWeight(ch, states) > ch.capacity) continue;
    best = Math.min(best, statesCost(ch, states));
  }
  return best;
}

/**
 * A random chain shaped like parallelTable.ts's table: NPU always allowed, some layers NPU-only, the two
 * input sides of a state differ by at most the previous layer's hand-off (what the cross-unit
 * dominance assumes), the first layer's input on both units. Weights come from a few repeated sizes
 * (as in real networks) so that many labels share or nearly share their bytes.
 */
const chainArb = fc
  .record({
    layers: fc.integer({ min: 1, max: 9 }),
    sizes: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 4 }),
    raw: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 9 * 12, maxLength: 9 * 12 }),
    capFrac: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ layers, sizes, raw, capFrac }): ParallelChain => {
    const cost = new Float64Array(6 * layers).fill(Infinity);
    const weight: number[] = [];
    const handoff: number[] = [];
    let r = 0;
    const next = (): number => raw[r++ % raw.length] as number;
    for (let i = 0; i < layers; i++) {
      weight.push(sizes[Math.floor(next() * sizes.length) % sizes.length] as number);
      handoff.push(1 + 10 * next());
      const h = i > 0 ? (handoff[i - 1] as number) : 0;
      const onCim = next() < 0.8;
      for (let s = 0; s < (onCim ? 3 : 1); s++) {
        const base = 20 + 100 * next();
        cost[at(i, s, 0)] = base;
        cost[at(i, s, 1)] = i === 0 ? base : base + h * (2 * next() - 1);
      }
    }
    const total = weight.reduce((a, b) => a + b, 0);
    return { layers, cost, weight, capacity: Math.floor(capFrac * total), handoff };
  });

describe('parallel capacity DP', () => {
  it('finds the exact minimum under the capacity (all 3^L placements, 400 random chains)', () => {
    fc.assert(
      fc.property(chainArb, (ch) => {
        const allNpu = statesCost(ch, new Uint8Array(ch.layers));
        const r = solveCapacity(ch, allNpu);
        const exact = bruteForce(ch);
        expect(statesWeight(ch, r.states)).toBeLessThanOrEqual(ch.capacity);
        expect(statesCost(ch, r.states)).toBeCloseTo(r.cost, 9);
        expect(r.cost).toBeCloseTo(exact, 9);
      }),
      { numRuns: 400, seed: 14 },
    );
  });
});

describe('parallelFill', () => {
  it('lists the distinct subset sums of the later CIM layers up to the capacity', () => {
    const { sums } = fillSums([5, 3, 9, 3, 4], [true, true, false, true, true], 10);
    expect(Array.from(sums[4] as Float64Array)).toEqual([0]);
    expect(Array.from(sums[3] as Float64Array)).toEqual([0, 4]);
    expect(Array.from(sums[1] as Float64Array)).toEqual([0, 3, 4, 7]); // layer 2 cannot be on the CIM
    expect(Array.from(sums[0] as Float64Array)).toEqual([0, 3, 4, 6, 7, 10]);
  });

  it('gives no table where there are more sums than the limit', () => {
    const { sums } = fillSums([1, 2, 4, 8], [true, true, true, true], 100, 4);
    expect(sums[3]).not.toBeNull(); // {0}
    expect(sums[2]).not.toBeNull(); // {0, 8}
    expect(sums[1]).not.toBeNull(); // {0, 4, 8, 12}
    expect(sums[0]).toBeNull(); // 8 sums > 4
  });

  it('raises used bytes to what the rest can still fill', () => {
    const s = Float64Array.of(0, 3, 4, 7);
    // 10 bytes, 2 used: 8 left, the rest fills at most 7 → the label counts as 3 used
    expect(10 - (s[fillIndex(s, 2, 10, 3)] as number)).toBe(3);
    expect(10 - (s[fillIndex(s, 4, 10, 3)] as number)).toBe(6); // 6 left → 4
    expect(10 - (s[fillIndex(s, 8, 10, 3)] as number)).toBe(10); // 2 left → nothing fits
    expect(10 - (s[fillIndex(s, 0, 10, 3)] as number)).toBe(3);
  });

  it('finds the last sum within the bytes left from any hint at or above it', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 300 }), fc.integer({ min: 0, max: 6000 }), (xs, cap) => {
        const sums = Float64Array.from([0, ...xs].sort((a, b) => a - b));
        // labels arrive with rising bytes: the hint is the previous answer (the first, the top)
        let hint = sums.length - 1;
        for (let lc = 0; lc <= cap; lc += 1 + (lc % 97)) {
          let want = 0;
          for (let k = 0; k < sums.length; k++) if ((sums[k] as number) <= cap - lc) want = k;
          const got = fillIndex(sums, lc, cap, hint);
          expect(got).toBe(want);
          expect(fillIndex(sums, lc, cap, sums.length - 1)).toBe(want);
          hint = got;
        }
      }),
      { numRuns: 200 },
    );
  });
});
