import type { ParallelChain } from './parallelChain.js';

/** The dual side of `parallel`'s capacity DP (parallelChain.ts): the price of a CIM byte. */

const at = (i: number, s: number, loc: number): number => (3 * i + s) * 2 + loc;
const locOf = (s: number): 0 | 1 => (s === 1 ? 1 : 0);

/**
 * The Lagrangian relaxation of the capacity: with a price λ per CIM byte, the unconstrained optimum
 * of cost + λ·bytes bounds every placement that fits from below (less λ·capacity). Finds the best
 * price by cutting planes (below); the fitting priced optima are feasible placements and tighten
 * `ub`. Returns the price, the priced optimum of the rest after each (layer, state), ub, the bound,
 * and `fits`: the unconstrained optimum's states when it fits (then it is the answer), else null.
 * `rest` and `fits` are module scratch: valid until the next call.
 */
export function lagrangian(
  ch: ParallelChain,
  ub0: number,
): { lambda: number; rest: Float64Array; ub: number; bound: number; fits: Uint8Array | null } {
  const L = ch.layers;
  const cap = ch.capacity;
  let ub = ub0;
  // module scratch, valid until the next call (the solve reads it meanwhile): allocating these
  // arrays (off the heap at nasvit's sizes) took about a microsecond each
  if (buf.length < 6 * L) {
    buf = new Float64Array(12 * L);
    statesBuf = new Uint8Array(2 * L);
  }
  let rest = buf.subarray(0, 3 * L);
  const states = statesBuf.subarray(0, L);
  let bestLambda = 0;
  const at0 = priced(ch, 0, rest, states);
  // the unconstrained optimum fits: it is the answer
  if (at0.weight <= cap) return { lambda: 0, rest, ub: at0.cost, bound: at0.cost, fits: states };
  let bestDual = at0.dual;
  let scratch = buf.subarray(3 * L, 6 * L);
  // The dual D(μ) = min over placements P of cost(P) + μ·(bytes(P) − cap) is concave and piecewise
  // linear; each placement evaluated gives a line above it. Kelley's cutting planes in one dimension:
  // the crossing of the best line that overfills (from μ = 0) and the best that fits (from the
  // all-NPU placement: no bytes) is evaluated next, until D reaches the lines there (the maximum).
  // Finitely many steps (each brings a new line); any μ gives a valid bound, so stopping early only
  // loosens the bound, never the answer.
  let cLo = at0.cost;
  let wLo = at0.weight;
  let cHi = 0;
  for (let i = 0; i < L; i++) cHi += ch.cost[at(i, 0, 0)] as number;
  let wHi = 0;
  for (let k = 0; k < 40 && wLo > cap; k++) {
    const mu = (cHi - cLo) / (wLo - wHi);
    if (!(mu > 0) || !Number.isFinite(mu)) break;
    const p = priced(ch, mu, scratch, states);
    if (p.weight <= cap) ub = Math.min(ub, p.cost);
    if (p.dual > bestDual) {
      bestDual = p.dual;
      bestLambda = mu;
      // the best rests kept: the buffers trade places (no copy)
      [rest, scratch] = [scratch, rest];
    }
    const line = cLo + mu * (wLo - cap);
    if (p.dual >= line - 1e-12 * Math.abs(line)) break;
    if (p.weight > cap) {
      cLo = p.cost;
      wLo = p.weight;
    } else {
      cHi = p.cost;
      wHi = p.weight;
    }
  }
  return { lambda: bestLambda, rest, ub, bound: Math.min(bestDual, ub), fits: null };
}

let buf = new Float64Array(0);
let statesBuf = new Uint8Array(0);

/**
 * The priced optimum (cost + λ·bytes, unconstrained): fills `r` (its rest after each layer and
 * state) and `states` (the optimum walked forward); returns its bytes, its true cost and the dual
 * value (the priced optimum less λ·capacity).
 */
function priced(ch: ParallelChain, lambda: number, r: Float64Array, states: Uint8Array): { weight: number; cost: number; dual: number } {
  const L = ch.layers;
  for (let s = 0; s < 3; s++) r[3 * (L - 1) + s] = 0;
  const c = ch.cost;
  for (let i = L - 2; i >= 0; i--) {
    const w = lambda * (ch.weight[i + 1] as number);
    // the next layer's entries (3·(i+1) + q)·2 + loc, and its rests by state
    const b = 6 * (i + 1);
    const r0 = r[3 * i + 3] as number;
    const r1 = r[3 * i + 4] as number;
    const r2 = r[3 * i + 5] as number;
    // states 0 and 2 leave the output on the NPU (loc 0), state 1 on the CIM (loc 1)
    for (let loc = 0; loc < 2; loc++) {
      let best = (c[b + loc] as number) + r0;
      const v1 = (c[b + 2 + loc] as number) + w + r1;
      if (v1 < best) best = v1;
      const v2 = (c[b + 4 + loc] as number) + w + r2;
      if (v2 < best) best = v2;
      if (loc === 0) {
        r[3 * i] = best;
        r[3 * i + 2] = best;
      } else r[3 * i + 1] = best;
    }
  }
  let total = Infinity;
  let prev = 0;
  // the optimum walked forward, with its bytes and true cost (summed in layer order)
  let weight = 0;
  let cost = 0;
  for (let i = 0; i < L; i++) {
    const w = lambda * (ch.weight[i] as number);
    const loc = i > 0 ? locOf(prev) : 0;
    // the three states in order, the first strictly best kept (unrolled, as in the pass above)
    const b = 6 * i + loc;
    let best = (c[b] as number) + (r[3 * i] as number);
    let bs = 0;
    if (!(best < Infinity)) best = Infinity;
    const v1 = (c[b + 2] as number) + w + (r[3 * i + 1] as number);
    if (v1 < best) {
      best = v1;
      bs = 1;
    }
    const v2 = (c[b + 4] as number) + w + (r[3 * i + 2] as number);
    if (v2 < best) {
      best = v2;
      bs = 2;
    }
    if (i === 0) total = best;
    states[i] = bs;
    if (bs !== 0) weight += ch.weight[i] as number;
    cost += ch.cost[at(i, bs, loc)] as number;
    prev = bs;
  }
  return { weight, cost, dual: total - lambda * ch.capacity };
}
