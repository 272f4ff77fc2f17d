import { lagrangian } from './parallelDual.js';
import { fillIndex, fillSums } from './parallelFill.js';

/**
 * The exact placement DP behind `parallel` (see parallel.ts). Each layer takes one of three states:
 * 0 = on the NPU, output on the NPU; 1 = weights on the CIM, output gathered on the CIM (all channels
 * there, or split with the NPU); 2 = weights on the CIM, split, output gathered on the NPU. States 1
 * and 2 hold the layer's weights on the CIM. A layer's segment time depends on its state and on where
 * the previous layer's output is (`loc`: 0 NPU for states 0 and 2, 1 CIM for state 1):
 * `cost[(3·i + s)·2 + loc]`, Infinity where a state is not allowed. The total is the sum of segments.
 */

/** where a state leaves the layer's output: 0 NPU, 1 CIM */
export const locOf = (s: number): 0 | 1 => (s === 1 ? 1 : 0);

const at = (i: number, s: number, loc: number): number => (3 * i + s) * 2 + loc;

export interface ParallelChain {
  readonly layers: number;
  readonly cost: Float64Array;
  /** CIM weight bytes of layer i (held in states 1 and 2) */
  readonly weight: ArrayLike<number>;
  readonly capacity: number;
  /**
   * the time to move layer i's whole output to the other unit: a label whose output is on one unit is
   * dominated by a label on the other unit that holds no more CIM bytes and costs at least this less
   * (from there the same later states cost at most this more)
   */
  readonly handoff?: ArrayLike<number>;
}

/** The cost of given states. */
export function statesCost(ch: ParallelChain, states: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < ch.layers; i++) t += ch.cost[at(i, states[i] as number, i > 0 ? locOf(states[i - 1] as number) : 0)] as number;
  return t;
}

/** CIM bytes the states hold. */
export function statesWeight(ch: ParallelChain, states: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < ch.layers; i++) if (states[i] !== 0) w += ch.weight[i] as number;
  return w;
}

const TOL = 1e-12;

let pCap = new Float64Array(4096);
let pCost = new Float64Array(4096);
let pPrev = new Int32Array(4096);
let pState = new Uint8Array(4096);
let pLayer = new Int32Array(4096);
function growPool(): void {
  const n = 2 * pCap.length;
  const c1 = new Float64Array(n); c1.set(pCap); pCap = c1;
  const c2 = new Float64Array(n); c2.set(pCost); pCost = c2;
  const c3 = new Int32Array(n); c3.set(pPrev); pPrev = c3;
  const c4 = new Uint8Array(n); c4.set(pState); pState = c4;
  const c5 = new Int32Array(n); c5.set(pLayer); pLayer = c5;
}
const STATES_N = [0, 2];
const STATES_C = [1];

/**
 * The exact minimum under the capacity: labels (CIM bytes used, cost) per state, only the ones not
 * dominated, with back-pointers. Pruned by a bound (a label's cost plus the unconstrained optimum of
 * the rest cannot beat `ub`, the cost of a feasible placement) and by slack (once every remaining
 * layer's weights would fit, capacity no longer matters: such labels share one capacity value).
 */
export function solveCapacity(ch: ParallelChain, ub0: number): { states: Uint8Array; cost: number; labels: number } {
  const L = ch.layers;
  const cap = ch.capacity;
  const dual = lagrangian(ch, ub0);
  if (dual.fits) return { states: dual.fits, cost: dual.ub, labels: 0 };
  const lam = dual.lambda;
  const restL = dual.rest;
  // the priced optimum's own completion after each (layer, state): its bytes and its true cost. A
  // label whose bytes plus that completion's fit has a feasible placement: its cost plus the
  // completion's bounds the optimum from above (tightens the pass's bound as it goes)
  const restWt = new Float64Array(3 * L);
  const restCost = new Float64Array(3 * L);
  for (let i = L - 2; i >= 0; i--) {
    const w = ch.weight[i + 1] as number;
    for (let s = 0; s < 3; s++) {
      const loc = locOf(s);
      let best = Infinity;
      let bq = 0;
      for (let q = 0; q < 3; q++) {
        const v = (ch.cost[at(i + 1, q, loc)] as number) + (q === 0 ? 0 : lam * w) + (restL[3 * (i + 1) + q] as number);
        if (v < best) { best = v; bq = q; }
      }
      restWt[3 * i + s] = (bq === 0 ? 0 : w) + (restWt[3 * (i + 1) + bq] as number);
      restCost[3 * i + s] = (ch.cost[at(i + 1, bq, loc)] as number) + (restCost[3 * (i + 1) + bq] as number);
    }
  }
  // unconstrained optimum of layers i+1.. given state s at i
  const rest = new Float64Array(3 * L);
  for (let i = L - 2; i >= 0; i--) {
    for (let s = 0; s < 3; s++) {
      let best = Infinity;
      for (let q = 0; q < 3; q++) best = Math.min(best, (ch.cost[at(i + 1, q, locOf(s))] as number) + (rest[3 * (i + 1) + q] as number));
      rest[3 * i + s] = best;
    }
  }
  const restW = new Float64Array(L);
  for (let i = L - 2; i >= 0; i--) restW[i] = (restW[i + 1] as number) + (Number.isFinite(Math.min(ch.cost[at(i + 1, 1, 0)] as number, ch.cost[at(i + 1, 2, 0)] as number)) ? (ch.weight[i + 1] as number) : 0);

  const eligible: boolean[] = new Array<boolean>(L);
  for (let i = 0; i < L; i++) eligible[i] = Number.isFinite(Math.min(ch.cost[at(i, 1, 0)] as number, ch.cost[at(i, 1, 1)] as number, ch.cost[at(i, 2, 0)] as number, ch.cost[at(i, 2, 1)] as number));
  // what the later layers can fill of the bytes left (parallelFill.ts): labels that leave the same
  // fill are merged, exactly
  const fills = fillSums(ch.weight, eligible, cap).sums;

  /** the label DP, pruning labels that cannot finish at or below ubTry: null when none does */
  const run = (ubTry: number): { states: Uint8Array; cost: number; labels: number } | null => {
    // the label pool, struct of arrays (module scratch, grown as needed); label 0 is the root
    let count = 1;
    pPrev[0] = -1;
    pCap[0] = 0;
    pCost[0] = 0;
    let ub = ubTry;
    // labels by where the output is: NPU (states 0 and 2: the same future, so one Pareto list) or CIM
    let cur: number[][] = [[0], []];
    let labels = 0;
    const sList: number[][] = [[], [], [], []];
    const sD = [0, 0, 0, 0];
    const sCap = [0, 0, 0, 0];
    const sState = [0, 0, 0, 0];
    const pos = [0, 0, 0, 0];
    const hCap = new Float64Array(4);
    const hCost = new Float64Array(4);
    for (let i = 0; i < L; i++) {
      const thr = cap - (restW[i] as number);
      if (i > 0 && (cur[1] as number[]).length === 0 && !eligible[i]) {
        // an NPU-only layer after outputs all on the NPU: every label just grows by its time (same
        // order, same Pareto set), so the labels are carried over in place; its state stays 0
        const d = ch.cost[at(i, 0, 0)] as number;
        const lower0 = rest[3 * i] as number;
        const lowerL = restL[3 * i] as number;
        const out: number[] = [];
        for (const k of cur[0] as number[]) {
          const c = (pCost[k] as number) + d;
          const lc = pCap[k] as number;
          if (c + Math.max(lower0, lowerL - lam * (cap - lc)) > ub * (1 + TOL)) continue;
          if (lc <= thr && c + lower0 < ub) ub = c + lower0;
          if (lc + (restWt[3 * i] as number) <= cap && c + (restCost[3 * i] as number) < ub) ub = c + (restCost[3 * i] as number);
          pCost[k] = c;
          out.push(k);
        }
        labels += out.length;
        cur = [out, []];
        continue;
      }
      const next: number[][] = [[], []];
      for (let loc = 0; loc < 2; loc++) {
        // the sources: each state leaving the output here, from each side the input is on
        let ns = 0;
        for (const s of loc === 0 ? STATES_N : STATES_C) {
          for (let r = 0; r < (i === 0 ? 1 : 2); r++) {
            const d = ch.cost[at(i, s, r)] as number;
            if (!Number.isFinite(d) || (cur[r] as number[]).length === 0) continue;
            sList[ns] = cur[r] as number[];
            sD[ns] = d;
            sCap[ns] = s === 0 ? 0 : (ch.weight[i] as number);
            sState[ns] = s;
            pos[ns] = 0;
            const k0 = (cur[r] as number[])[0] as number;
            hCap[ns] = (pCap[k0] as number) + (sCap[ns] as number);
            hCost[ns] = (pCost[k0] as number) + d;
            ns++;
          }
        }
        const lower0 = rest[3 * i + loc] as number;
        const lowerL = restL[3 * i + loc] as number;
        const out = next[loc] as number[];
        const sums = fills[i];
        let fi = sums ? sums.length - 1 : 0;
        let best = Infinity;
        for (;;) {
          // the source label with the smallest new capacity next (ties: the cheaper)
          let q = -1;
          let qCap = Infinity;
          let qCost = Infinity;
          // (each source's head is kept in hCap/hCost: Infinity once the source is spent)
          for (let r = 0; r < ns; r++) {
            const lcr = hCap[r] as number;
            if (lcr < qCap || (lcr === qCap && (hCost[r] as number) < qCost)) {
              q = r;
              qCap = lcr;
              qCost = hCost[r] as number;
            }
          }
          if (q < 0) break;
          const list = sList[q] as number[];
          const pq = pos[q] as number;
          const k = list[pq] as number;
          pos[q] = pq + 1;
          if (pq + 1 < list.length) {
            const kn = list[pq + 1] as number;
            hCap[q] = (pCap[kn] as number) + (sCap[q] as number);
            hCost[q] = (pCost[kn] as number) + (sD[q] as number);
          } else {
            hCap[q] = Infinity;
            hCost[q] = Infinity;
          }
          let lc = qCap;
          if (lc > cap) break; // sources are sorted by capacity: nothing later fits either
          // dominated (a kept label holds no more bytes and costs no more: it also did any bound
          // update below with a lower cost), before the bound's work
          if (!(qCost < best)) continue;
          if (sums) {
            fi = fillIndex(sums, lc, cap, fi);
            lc = cap - (sums[fi] as number);
          } else if (lc < thr) lc = thr;
          // the rest costs at least its unconstrained optimum, and at least its priced optimum less
          // the price of the capacity left (Lagrangian relaxation)
          const lower = Math.max(lower0, lowerL - lam * (cap - lc));
          if (qCost + lower > ub * (1 + TOL)) continue;
          if (lc <= thr && qCost + lower0 < ub) ub = qCost + lower0;
          if (lc + (restWt[3 * i + loc] as number) <= cap && qCost + (restCost[3 * i + loc] as number) < ub) ub = qCost + (restCost[3 * i + loc] as number);
          best = qCost;
          const last = out.length > 0 ? (out[out.length - 1] as number) : -1;
          let id: number;
          if (last >= 0 && pCap[last] === lc) id = last; // same capacity, cheaper: overwrite
          else {
            if (count === pCap.length) growPool();
            id = count++;
            pLayer[id] = i;
            out.push(id);
          }
          pCap[id] = lc; pCost[id] = qCost; pPrev[id] = k; pState[id] = sState[q] as number;
        }
        labels += out.length;
      }
      if (ch.handoff) {
        const h = ch.handoff[i] as number;
        const nN = dropDominated(next[0] as number[], next[1] as number[], h);
        const nC = dropDominated(next[1] as number[], next[0] as number[], h);
        labels -= (next[0] as number[]).length - nN.length + (next[1] as number[]).length - nC.length;
        next[0] = nN;
        next[1] = nC;
      }
      cur = next;
    }
    let bestId = -1;
    for (const list of cur) for (const k of list) if (bestId < 0 || (pCost[k] as number) < (pCost[bestId] as number)) bestId = k;
    if (bestId < 0) return null;
    const states = new Uint8Array(L);
    // layers carried over without labels stay 0 (NPU)
    for (let k = bestId; k > 0; k = pPrev[k] as number) states[pLayer[k] as number] = pState[k] as number;
    return { states, cost: pCost[bestId] as number, labels };
  };
  // a tight guess first (the dual bound is usually within 1–12 hundredths of a per cent of the
  // optimum; a guess below it finds nothing and the next one is tried); the last guess is feasible.
  // Starting at 5 hundredths: on nasvit the passes then total fewer labels (the cheap failing passes
  // below cost more, together, than the successful pass they save)
  const lowest = dual.bound;
  for (const frac of [1 / 8192, 1 / 4096, 1 / 2048, 1 / 1024, 1 / 256, 1 / 64]) {
    const r = run(lowest + Math.min(dual.ub - lowest, Math.abs(lowest) * 4 * frac));
    if (r) return r;
  }
  const r = run(dual.ub);
  if (!r) throw new Error('parallel: no feasible placement (the all-NPU placement always is)');
  return r;
}


/**
 * The labels of `list` not dominated across units: a label is dropped when `other` has one with no
 * more CIM bytes whose cost plus `h` (moving the output over) is no higher. Both lists are sorted by
 * bytes with falling cost, so the cheapest `other` label within a label's bytes is the last one at or
 * below them. Strict enough to keep ties: a label is dropped only when the other costs less by more
 * than rounding.
 */
function dropDominated(list: number[], other: readonly number[], h: number): number[] {
  if (other.length === 0) return list;
  const out: number[] = [];
  let j = -1;
  for (const k of list) {
    while (j + 1 < other.length && (pCap[other[j + 1] as number] as number) <= (pCap[k] as number)) j++;
    if (j >= 0 && (pCost[other[j] as number] as number) + h < (pCost[k] as number) * (1 - TOL)) continue;
    out.push(k);
  }
  return out;
}
