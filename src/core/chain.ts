/**
 * Exact placement of a layer chain on two units (0 = NPU, 1 = CIM) under a CIM weight capacity:
 * dynamic programming over (unit of the last layer, CIM bytes used), keeping only labels that are
 * not dominated in (bytes used, cost), with back-pointers instead of copied placements.
 *
 * Three prunings keep it fast and exact:
 * - bound: a label whose cost plus a lower bound on the rest of the chain (the unconstrained optimum,
 *   or the Lagrangian bound for the capacity it has left) exceeds a known feasible cost can never win;
 * - slack: once every remaining CIM-eligible layer would fit, capacity no longer matters, so all such
 *   labels are raised to the same capacity and dominance keeps only the cheapest;
 * - the unconstrained optimum is returned at once when it already fits.
 */

import { chainCost, chainWeight, type Chain } from './chainBase.js';
import { lagrangian, repair } from './chainBounds.js';

export { chainCost, chainWeight, type Chain } from './chainBase.js';

export interface ChainSolution {
  /** 0 = NPU, 1 = CIM, per layer */
  readonly units: Uint8Array;
  readonly cost: number;
  /** labels kept over the whole chain (a measure of the work done) */
  readonly states: number;
}

const TOL = 1e-9;

/** Exact minimum-cost placement under the capacity (SPEC §4.2 `hetero`). */
export function solveChain(ch: Chain): ChainSolution {
  const L = ch.npu.length;
  const cap = ch.capacity;
  const cimCost: number[] = new Array<number>(L).fill(0);
  for (let i = 0; i < L; i++) cimCost[i] = (ch.weight[i] as number) > cap ? Infinity : (ch.cim[i] as number);
  // remaining unconstrained optimum after layer i, given layer i's unit
  const restN: number[] = new Array<number>(L).fill(0);
  const restC: number[] = new Array<number>(L).fill(0);
  for (let i = L - 2; i >= 0; i--) {
    const nextN = (ch.npu[i + 1] as number) + (restN[i + 1] as number);
    const nextC = (cimCost[i + 1] as number) + (restC[i + 1] as number);
    const h = ch.handoff[i] as number;
    restN[i] = Math.min(nextN, h + nextC);
    restC[i] = Math.min(h + nextN, nextC);
  }
  // unconstrained optimum, walked forward (ties go to the NPU: no capacity used)
  const free = new Uint8Array(L);
  free[0] = (cimCost[0] as number) + (restC[0] as number) < (ch.npu[0] as number) + (restN[0] as number) ? 1 : 0;
  for (let i = 1; i < L; i++) {
    const prev = free[i - 1];
    const h = ch.handoff[i - 1] as number;
    const viaN = (ch.npu[i] as number) + (restN[i] as number) + (prev === 1 ? h : 0);
    const viaC = (cimCost[i] as number) + (restC[i] as number) + (prev === 0 ? h : 0);
    free[i] = viaC < viaN ? 1 : 0;
  }
  if (chainWeight(ch, free) <= cap) return { units: free, cost: chainCost(ch, free), states: 2 * L };

  const { lambda, lagN, lagC, low, high } = lagrangian(ch, cimCost);
  // a tight upper bound makes the bound prune most labels: repair the priced placements locally
  repair(ch, cimCost, low, cap);
  const highUnits = high.slice();
  repair(ch, cimCost, highUnits, cap);
  let ub = Math.min(chainCost(ch, low), chainCost(ch, highUnits), chainCost(ch, high));

  // remaining eligible weight after layer i: beyond the slack threshold capacity no longer binds
  const restW = new Float64Array(L);
  for (let i = L - 2; i >= 0; i--) restW[i] = (restW[i + 1] as number) + (Number.isFinite(cimCost[i + 1] as number) ? (ch.weight[i + 1] as number) : 0);

  // Labels live in a growable struct-of-arrays pool; each layer's two lists are index lists into it,
  // sorted by capacity with strictly falling cost (the Pareto set).
  let size = 1024;
  let pCap = new Float64Array(size);
  let pCost = new Float64Array(size);
  let pPrev = new Int32Array(size);
  let pUnit = new Uint8Array(size);
  let count = 0;
  const grow = (): void => {
    size *= 2;
    const c1 = new Float64Array(size); c1.set(pCap); pCap = c1;
    const c2 = new Float64Array(size); c2.set(pCost); pCost = c2;
    const c3 = new Int32Array(size); c3.set(pPrev); pPrev = c3;
    const c4 = new Uint8Array(size); c4.set(pUnit); pUnit = c4;
  };
  let curN = new Int32Array(64);
  let curC = new Int32Array(64);
  let nN = 0;
  let nC = 0;
  let nextN = new Int32Array(64);
  let nextC = new Int32Array(64);

  /**
   * Builds layer i's list for `unit` from two capacity-sorted sources (labels ending on the NPU and
   * on the CIM), adding `dA` / `dB` to their costs and `dCap` to their capacity; prunes by bound,
   * raises slack labels to the threshold and keeps the Pareto set. Returns the new list's length.
   */
  const build = (i: number, unit: 0 | 1, a: Int32Array, na: number, dA: number, b: Int32Array, nb: number, dB: number, dCap: number): number => {
    const thr = cap - (restW[i] as number);
    const rest = unit === 0 ? (restN[i] as number) : (restC[i] as number);
    const lag = unit === 0 ? (lagN[i] as number) : (lagC[i] as number);
    let out = unit === 0 ? nextN : nextC;
    if (out.length < na + nb) {
      out = new Int32Array(2 * (na + nb));
      if (unit === 0) nextN = out;
      else nextC = out;
    }
    let n = 0;
    let best = Infinity;
    let ia = 0;
    let ib = 0;
    while (ia < na || ib < nb) {
      let src: number;
      let cost: number;
      const ka = ia < na ? (a[ia] as number) : -1;
      const kb = ib < nb ? (b[ib] as number) : -1;
      if (ka >= 0 && (kb < 0 || (pCap[ka] as number) < (pCap[kb] as number) || ((pCap[ka] as number) === (pCap[kb] as number) && (pCost[ka] as number) + dA <= (pCost[kb] as number) + dB))) {
        src = ka; cost = (pCost[ka] as number) + dA; ia++;
      } else {
        src = kb; cost = (pCost[kb] as number) + dB; ib++;
      }
      let lc = (pCap[src] as number) + dCap;
      if (lc > cap) break; // sources are sorted by capacity: nothing later fits either
      if (lc < thr) lc = thr;
      const lower = Math.max(rest, lag - lambda * (cap - lc));
      if (cost + lower > ub * (1 + TOL) + TOL) continue;
      if (lc <= thr && cost + rest < ub) ub = cost + rest;
      if (n > 0 && !(cost < best - TOL * Math.abs(best))) continue;
      let k: number;
      if (n > 0 && pCap[out[n - 1] as number] === lc) {
        k = out[n - 1] as number; // same capacity, cheaper: overwrite the last label
      } else {
        if (count === size) grow();
        k = count++;
        out[n++] = k;
      }
      pCap[k] = lc; pCost[k] = cost; pPrev[k] = src; pUnit[k] = unit;
      best = cost;
    }
    return n;
  };

  // layer 0 from a virtual root label
  pCap[0] = 0; pCost[0] = 0; pPrev[0] = -1; pUnit[0] = 0;
  count = 1;
  const root = new Int32Array([0]);
  nN = build(0, 0, root, 1, ch.npu[0] as number, root, 0, 0, 0);
  nC = Number.isFinite(cimCost[0] as number) ? build(0, 1, root, 1, cimCost[0] as number, root, 0, 0, ch.weight[0] as number) : 0;
  let states = nN + nC;
  for (let i = 1; i < L; i++) {
    [curN, nextN] = [nextN, curN];
    [curC, nextC] = [nextC, curC];
    const n = ch.npu[i] as number;
    const c = cimCost[i] as number;
    const h = ch.handoff[i - 1] as number;
    const newC = Number.isFinite(c) ? build(i, 1, curN, nN, h + c, curC, nC, c, ch.weight[i] as number) : 0;
    const newN = build(i, 0, curN, nN, n, curC, nC, h + n, 0);
    nN = newN;
    nC = newC;
    states += nN + nC;
  }
  let bestK = -1;
  for (let j = 0; j < nN; j++) { const k = nextN[j] as number; if (bestK < 0 || (pCost[k] as number) < (pCost[bestK] as number)) bestK = k; }
  for (let j = 0; j < nC; j++) { const k = nextC[j] as number; if (bestK < 0 || (pCost[k] as number) < (pCost[bestK] as number)) bestK = k; }
  if (bestK < 0) throw new Error('no feasible placement (the all-NPU placement always is)');
  const units = new Uint8Array(L);
  let i = L - 1;
  for (let k = bestK; k > 0; k = pPrev[k] as number) units[i--] = pUnit[k] as number;
  return { units, cost: pCost[bestK] as number, states };
}

/** Reference: exhaustive search over all 2^L placements (tests only; L ≤ ~20). */
export function bruteForceChain(ch: Chain): { units: Uint8Array; cost: number } {
  const L = ch.npu.length;
  let best = { units: new Uint8Array(L), cost: Infinity };
  const units = new Uint8Array(L);
  for (let mask = 0; mask < 1 << L; mask++) {
    let ok = true;
    for (let i = 0; i < L; i++) {
      units[i] = (mask >> i) & 1;
      if (units[i] === 1 && !Number.isFinite(ch.cim[i] as number)) ok = false;
    }
    if (!ok || chainWeight(ch, units) > ch.capacity) continue;
    const cost = chainCost(ch, units);
    if (cost < best.cost) best = { units: units.slice(), cost };
  }
  return best;
}
