/** Bounds for the exact chain placement: Lagrangian relaxation of the capacity, and local repair. */
import { chainCost, chainWeight, type Chain } from './chainBase.js';

/**
 * Local search on a placement, in place: moves windows of up to three consecutive layers between
 * the units by best cost change per byte, first until the capacity holds, then while it pays.
 */
export function repair(ch: Chain, cimCost: ArrayLike<number>, units: Uint8Array, cap: number): void {
  const L = units.length;
  let used = chainWeight(ch, units);
  const layerCost = (i: number, u: number): number => (u === 1 ? (cimCost[i] as number) : (ch.npu[i] as number));
  // cost change of moving layers a..b (all on unit 1 - v) to unit v
  const delta = (a: number, b: number, v: number): number => {
    let d = 0;
    for (let i = a; i <= b; i++) d += layerCost(i, v) - layerCost(i, 1 - v);
    if (a > 0) d += (units[a - 1] !== v ? (ch.handoff[a - 1] as number) : 0) - (units[a - 1] !== 1 - v ? (ch.handoff[a - 1] as number) : 0);
    if (b < L - 1) d += (units[b + 1] !== v ? (ch.handoff[b] as number) : 0) - (units[b + 1] !== 1 - v ? (ch.handoff[b] as number) : 0);
    return d;
  };
  const pass = (v: 0 | 1): boolean => {
    let bestRatio = Infinity;
    let bestA = -1;
    let bestB = -1;
    let bestW = 0;
    for (let a = 0; a < L; a++) {
      let w = 0;
      for (let b = a; b < Math.min(L, a + 3); b++) {
        if (units[b] !== 1 - v || !Number.isFinite(cimCost[b] as number)) break;
        w += ch.weight[b] as number;
        if (v === 1 && used + w > cap) break;
        const d = delta(a, b, v);
        // removing (v = 0) is forced while over capacity; adding must pay
        const ratio = v === 1 ? d / Math.max(w, 1) : d / Math.max(w, 1);
        if ((v === 0 || d < -1e-12) && ratio < bestRatio) {
          bestRatio = ratio;
          bestA = a;
          bestB = b;
          bestW = w;
        }
      }
    }
    if (bestA < 0) return false;
    for (let i = bestA; i <= bestB; i++) units[i] = v;
    used += v === 1 ? bestW : -bestW;
    return true;
  };
  while (used > cap && pass(0));
  while (pass(1));
}

/** The Lagrangian relaxation of a chain's capacity (see `lagrangian`). */
export interface Lagrangian {
  /** the price per CIM byte with the best bound found */
  readonly lambda: number;
  /** priced optimum of the rest after layer i, given layer i on the NPU / the CIM */
  readonly lagN: Float64Array;
  readonly lagC: Float64Array;
  /** priced optima that overfill and that fit (the last of each the cutting planes evaluated) */
  readonly low: Uint8Array;
  readonly high: Uint8Array;
}

/**
 * Charging λ per CIM byte turns the capacity into a price. For any λ ≥ 0 the priced optimum of the
 * rest of the chain, minus λ × the capacity still free, is a lower bound on the rest; a priced
 * optimum that fits is a feasible placement. The dual D(λ) = (priced optimum) − λ·capacity is
 * concave and piecewise linear, each placement giving a line above it: Kelley's cutting planes in one
 * dimension evaluate the crossing of the best line that overfills (from λ = 0) and the best that fits
 * (from the all-NPU placement) until D reaches the lines there, its maximum (a handful of steps where
 * bisecting to the price at which the optimum just fits took thirty). Any λ gives valid bounds, so
 * stopping early only loosens them. `cimCost[i]` is the chain's CIM cost with Infinity where a layer
 * cannot go to the CIM.
 */
export function lagrangian(ch: Chain, cimCost: ArrayLike<number>): Lagrangian {
  const L = ch.npu.length;
  const cap = ch.capacity;
  /** the priced optimum at `lambda` into rn, rc, units; returns its dual value */
  const priced = (lambda: number, rn: Float64Array, rc: Float64Array, units: Uint8Array): number => {
    rn[L - 1] = 0;
    rc[L - 1] = 0;
    for (let i = L - 2; i >= 0; i--) {
      const nextN = (ch.npu[i + 1] as number) + (rn[i + 1] as number);
      const nextC = (cimCost[i + 1] as number) + lambda * (ch.weight[i + 1] as number) + (rc[i + 1] as number);
      const h = ch.handoff[i] as number;
      rn[i] = Math.min(nextN, h + nextC);
      rc[i] = Math.min(h + nextN, nextC);
    }
    const viaC0 = (cimCost[0] as number) + lambda * (ch.weight[0] as number) + (rc[0] as number);
    const viaN0 = (ch.npu[0] as number) + (rn[0] as number);
    units[0] = viaC0 < viaN0 ? 1 : 0;
    for (let i = 1; i < L; i++) {
      const h = ch.handoff[i - 1] as number;
      const viaN = (ch.npu[i] as number) + (rn[i] as number) + (units[i - 1] === 1 ? h : 0);
      const viaC = (cimCost[i] as number) + lambda * (ch.weight[i] as number) + (rc[i] as number) + (units[i - 1] === 0 ? h : 0);
      units[i] = viaC < viaN ? 1 : 0;
    }
    return Math.min(viaC0, viaN0) - lambda * cap;
  };
  let lagN = new Float64Array(L);
  let lagC = new Float64Array(L);
  let low = new Uint8Array(L);
  let bestDual = priced(0, lagN, lagC, low);
  let lambda = 0;
  let cLo = chainCost(ch, low);
  let wLo = chainWeight(ch, low);
  if (wLo <= cap) return { lambda, lagN, lagC, low, high: low };
  let high = new Uint8Array(L);
  let cHi = chainCost(ch, high);
  let wHi = 0;
  let rn = new Float64Array(L);
  let rc = new Float64Array(L);
  let units = new Uint8Array(L);
  for (let k = 0; k < 40; k++) {
    const mu = (cHi - cLo) / (wLo - wHi);
    if (!(mu > 0) || !Number.isFinite(mu)) break;
    const dual = priced(mu, rn, rc, units);
    if (dual > bestDual) {
      bestDual = dual;
      lambda = mu;
      [lagN, rn] = [rn, lagN];
      [lagC, rc] = [rc, lagC];
    }
    const line = cLo + mu * (wLo - cap);
    if (dual >= line - 1e-12 * Math.abs(line)) break;
    const w = chainWeight(ch, units);
    if (w > cap) {
      cLo = chainCost(ch, units);
      wLo = w;
      [low, units] = [units, low];
    } else {
      cHi = chainCost(ch, units);
      wHi = w;
      [high, units] = [units, high];
    }
  }
  return { lambda, lagN, lagC, low, high };
}
