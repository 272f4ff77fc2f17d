import type { ParallelChain } from './parallelChain.js';

/** The dual side of `parallel`'s capacity DP (parallelChain.ts): the price of a CIM byte. */

const at = (i: number, s: number, loc: number): number => (3 * i + s) * 2 + loc;
const locOf = (s: number): 0 | 1 => (s === 1 ? 1 : 0);

function costOf(ch: ParallelChain, states: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < ch.layers; i++) t += ch.cost[at(i, states[i] as number, i > 0 ? locOf(states[i - 1] as number) : 0)] as number;
  return t;
}

function weightOf(ch: ParallelChain, states: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < ch.layers; i++) if (states[i] !== 0) w += ch.weight[i] as number;
  return w;
}

/**
 * The Lagrangian relaxation of the capacity: with a price λ per CIM byte, the unconstrained optimum
 * of cost + λ·bytes bounds every placement that fits from below (less λ·capacity). Finds the best
 * price by cutting planes (below); the fitting priced optima are feasible placements and tighten
 * `ub`. Returns the price, the priced optimum of the rest after each (layer, state), ub, the bound,
 * and `fits`: the unconstrained optimum's states when it fits (then it is the answer), else null.
 */
export function lagrangian(ch: ParallelChain, ub0: number): { lambda: number; rest: Float64Array; ub: number; bound: number; fits: Uint8Array | null } {
  const L = ch.layers;
  const cap = ch.capacity;
  let ub = ub0;
  const rest = new Float64Array(3 * L);
  const states = new Uint8Array(L);
  /** the priced optimum: fills `r` (rest after each layer and state), returns its weight, cost and dual value */
  const priced = (lambda: number, r: Float64Array): { weight: number; cost: number; dual: number } => {
    for (let s = 0; s < 3; s++) r[3 * (L - 1) + s] = 0;
    for (let i = L - 2; i >= 0; i--) {
      const w = lambda * (ch.weight[i + 1] as number);
      for (let s = 0; s < 3; s++) {
        const loc = locOf(s);
        let best = Infinity;
        for (let q = 0; q < 3; q++) best = Math.min(best, (ch.cost[at(i + 1, q, loc)] as number) + (q === 0 ? 0 : w) + (r[3 * (i + 1) + q] as number));
        r[3 * i + s] = best;
      }
    }
    let total = Infinity;
    let prev = 0;
    for (let i = 0; i < L; i++) {
      const w = lambda * (ch.weight[i] as number);
      let best = Infinity;
      let bs = 0;
      for (let q = 0; q < 3; q++) {
        const v = (ch.cost[at(i, q, i > 0 ? locOf(prev) : 0)] as number) + (q === 0 ? 0 : w) + (r[3 * i + q] as number);
        if (v < best) { best = v; bs = q; }
      }
      if (i === 0) total = best;
      states[i] = bs;
      prev = bs;
    }
    const weight = weightOf(ch, states);
    const cost = costOf(ch, states);
    if (weight <= cap) ub = Math.min(ub, cost);
    return { weight, cost, dual: total - lambda * cap };
  };
  let bestLambda = 0;
  const at0 = priced(0, rest);
  // the unconstrained optimum fits: it is the answer
  if (at0.weight <= cap) return { lambda: 0, rest, ub: at0.cost, bound: at0.cost, fits: states };
  let bestDual = at0.dual;
  const scratch = new Float64Array(3 * L);
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
    const p = priced(mu, scratch);
    if (p.dual > bestDual) {
      bestDual = p.dual;
      bestLambda = mu;
      rest.set(scratch);
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
