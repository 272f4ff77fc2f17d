import { fillIndex } from './parallelFill.js';
import { dropDominated, newList, reserve, type List } from './parallelLists.js';
import type { ParallelChain } from './parallelChain.js';

/**
 * One pass of the label DP of `parallel`'s capacity DP (parallelChain.ts). The labels of a layer are
 * kept in two lists by where the output is (NPU: states 0 and 2, the same future; CIM: state 1),
 * each sorted by CIM bytes with strictly falling cost (the Pareto set). A list holds its labels'
 * bytes and costs contiguously (module scratch), so the merges read them in order; the label pool
 * keeps only what the back-tracking needs (previous label, state, layer).
 */

/** What a pass needs besides the chain: bounds and fills computed once per solve. */
export interface LabelInput {
  readonly ch: ParallelChain;
  /** the price of a CIM byte (parallelDual.ts) and the priced optimum of the rest after (i, state) */
  readonly lam: number;
  readonly restL: Float64Array;
  /** the unconstrained optimum of the rest after (i, state) */
  readonly rest: Float64Array;
  /** the bytes and true cost of the priced optimum's completion after (i, state) */
  readonly restWt: Float64Array;
  readonly restCost: Float64Array;
  /** the CIM-eligible bytes after layer i (the slack threshold) */
  readonly restW: Float64Array;
  readonly eligible: readonly boolean[];
  /** the subset sums of the later weights after layer i, or null (parallelFill.ts) */
  readonly fills: readonly (Float64Array | null)[];
}

export interface LabelResult {
  readonly states: Uint8Array;
  readonly cost: number;
  readonly labels: number;
}

const TOL = 1e-12;
const at = (i: number, s: number, loc: number): number => (3 * i + s) * 2 + loc;

// the label pool (struct of arrays, grown as needed); label 0 is the root
let pPrev = new Int32Array(4096);
let pState = new Uint8Array(4096);
let pLayer = new Int32Array(4096);
let count = 1;
function newLabel(prev: number, state: number, layer: number): number {
  if (count === pPrev.length) {
    const n = 2 * count;
    const c1 = new Int32Array(n);
    c1.set(pPrev);
    pPrev = c1;
    const c2 = new Uint8Array(n);
    c2.set(pState);
    pState = c2;
    const c3 = new Int32Array(n);
    c3.set(pLayer);
    pLayer = c3;
  }
  pPrev[count] = prev;
  pState[count] = state;
  pLayer[count] = layer;
  return count++;
}

/** the pass's bound: lowered as feasible placements turn up */
let ub = Infinity;
let cur0 = newList(256);
let cur1 = newList(256);
let next0 = newList(256);
let next1 = newList(256);

/** the sources of one list under construction: a list, the segment time added, bytes added, state */
const sList: List[] = [cur0, cur0, cur0, cur0];
const sD = new Float64Array(4);
const sCap = new Float64Array(4);
const sState = new Uint8Array(4);
const pos = new Int32Array(4);
const hCap = new Float64Array(4);
const hCost = new Float64Array(4);

/**
 * The label DP, pruning labels that cannot finish at or below `ubTry` (a label's cost plus a lower
 * bound on the rest: the unconstrained optimum, or the priced optimum less the price of the bytes
 * left); null when no label finishes, i.e. when the optimum is above `ubTry`.
 */
export function labelPass(p: LabelInput, ubTry: number): LabelResult | null {
  const { ch, eligible } = p;
  const L = ch.layers;
  count = 1;
  pPrev[0] = -1;
  ub = ubTry;
  cur0.n = 1;
  cur0.cap[0] = 0;
  cur0.cost[0] = 0;
  cur0.id[0] = 0;
  cur1.n = 0;
  let labels = 0;
  for (let i = 0; i < L; i++) {
    if (i > 0 && cur1.n === 0 && !eligible[i]) {
      // an NPU-only layer after outputs all on the NPU: every label just grows by its time (same
      // order, same Pareto set), so the labels are carried over in place; its state stays 0
      carry(p, i);
      labels += cur0.n;
      continue;
    }
    const need = 2 * (cur0.n + cur1.n) + 1;
    reserve(next0, need);
    reserve(next1, need);
    build(p, i, 0, next0);
    build(p, i, 1, next1);
    labels += next0.n + next1.n;
    if (ch.handoff) labels -= dropDominated(next0, next1, ch.handoff[i] as number);
    [cur0, next0] = [next0, cur0];
    [cur1, next1] = [next1, cur1];
  }
  let best = -1;
  let bestCost = Infinity;
  let from: List = cur0;
  for (const list of [cur0, cur1]) {
    for (let j = 0; j < list.n; j++) {
      if (best < 0 || (list.cost[j] as number) < bestCost) {
        best = j;
        bestCost = list.cost[j] as number;
        from = list;
      }
    }
  }
  if (best < 0) return null;
  const states = new Uint8Array(L);
  // layers carried over without labels stay 0 (NPU)
  for (let k = from.id[best] as number; k > 0; k = pPrev[k] as number) states[pLayer[k] as number] = pState[k] as number;
  return { states, cost: bestCost, labels };
}

/** The NPU-only layer i after labels all on the NPU: each label's cost grows by the layer's time. */
function carry(p: LabelInput, i: number): void {
  const { ch, lam, rest, restL, restWt, restCost } = p;
  const cap = ch.capacity;
  const thr = cap - (p.restW[i] as number);
  const d = ch.cost[at(i, 0, 0)] as number;
  const lower0 = rest[3 * i] as number;
  const lowerL = restL[3 * i] as number;
  const wt = restWt[3 * i] as number;
  const rc = restCost[3 * i] as number;
  const lCap = cur0.cap;
  const lCost = cur0.cost;
  const lId = cur0.id;
  let m = 0;
  for (let j = 0; j < cur0.n; j++) {
    const c = (lCost[j] as number) + d;
    const lc = lCap[j] as number;
    if (c + Math.max(lower0, lowerL - lam * (cap - lc)) > ub * (1 + TOL)) continue;
    if (lc <= thr && c + lower0 < ub) ub = c + lower0;
    if (lc + wt <= cap && c + rc < ub) ub = c + rc;
    lCap[m] = lc;
    lCost[m] = c;
    lId[m] = lId[j] as number;
    m++;
  }
  cur0.n = m;
}

/**
 * Sets up the sources of layer i's list for `loc` (see `build`): each state leaving the output there,
 * from each side the input is on, a state holding the weights prefiltered; returns their count.
 */
function gather(p: LabelInput, i: number, loc: 0 | 1): number {
  const ch = p.ch;
  let ns = 0;
  for (const s of loc === 0 ? STATES_N : STATES_C) {
    for (let r = 0; r < (i === 0 ? 1 : 2); r++) {
      const d = ch.cost[at(i, s, r)] as number;
      let src = r === 0 ? cur0 : cur1;
      if (!Number.isFinite(d) || src.n === 0) continue;
      if (s !== 0) {
        // a state holding the weights: its labels that fit and pass the bound, precomputed
        src = prefilter(p, i, loc, src, d, r === 0 ? pre0 : pre1);
        if (src.n === 0) continue;
      }
      const dd = s === 0 ? d : 0;
      sList[ns] = src;
      sD[ns] = dd;
      sCap[ns] = 0;
      sState[ns] = s;
      pos[ns] = 0;
      hCap[ns] = src.cap[0] as number;
      hCost[ns] = (src.cost[0] as number) + dd;
      ns++;
    }
  }
  return ns;
}

/**
 * Layer i's list of labels leaving the output on `loc` (0 NPU: states 0 and 2; 1 CIM: state 1), from
 * each state and each side the input is on: a merge of the sources by bytes (ties: the cheaper
 * first) that keeps the Pareto set, raises the bytes to what the later layers can fill, prunes by the
 * bound and lowers the bound by feasible completions.
 */
function build(p: LabelInput, i: number, loc: 0 | 1, out: List): void {
  const { ch, lam } = p;
  const cap = ch.capacity;
  const ns = gather(p, i, loc);
  const thr = cap - (p.restW[i] as number);
  const lower0 = p.rest[3 * i + loc] as number;
  const lowerL = p.restL[3 * i + loc] as number;
  const wt = p.restWt[3 * i + loc] as number;
  const rc = p.restCost[3 * i + loc] as number;
  const sums = p.fills[i];
  let fi = sums ? sums.length - 1 : 0;
  let best = Infinity;
  let n = 0;
  const oCap = out.cap;
  const oCost = out.cost;
  const oId = out.id;
  for (;;) {
    // the source label with the smallest new capacity next (ties: the cheaper); a spent source's
    // head is Infinity
    let q = -1;
    let qCap = Infinity;
    let qCost = Infinity;
    if (ns === 0) break;
    if (ns <= 2) {
      // one or two sources: the same choice as the scan below
      q = 0;
      qCap = hCap[0] as number;
      qCost = hCost[0] as number;
      if (ns === 2 && ((hCap[1] as number) < qCap || ((hCap[1] as number) === qCap && (hCost[1] as number) < qCost))) {
        q = 1;
        qCap = hCap[1] as number;
        qCost = hCost[1] as number;
      }
      if (qCap === Infinity) q = -1;
    } else {
      for (let r = 0; r < ns; r++) {
        const lcr = hCap[r] as number;
        if (lcr < qCap || (lcr === qCap && (hCost[r] as number) < qCost)) {
          q = r;
          qCap = lcr;
          qCost = hCost[r] as number;
        }
      }
    }
    if (q < 0) break;
    const src = sList[q] as List;
    const pq = pos[q] as number;
    pos[q] = pq + 1;
    if (pq + 1 < src.n) {
      hCap[q] = (src.cap[pq + 1] as number) + (sCap[q] as number);
      hCost[q] = (src.cost[pq + 1] as number) + (sD[q] as number);
    } else {
      hCap[q] = Infinity;
      hCost[q] = Infinity;
    }
    let lc = qCap;
    if (lc > cap) break; // sources are sorted by capacity: nothing later fits either
    // dominated (a kept label holds no more bytes and costs no more: it also did any bound update
    // below with a lower cost), before the bound's work
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
    if (lc + wt <= cap && qCost + rc < ub) ub = qCost + rc;
    best = qCost;
    const k = src.id[pq] as number;
    if (n > 0 && oCap[n - 1] === lc) {
      // same capacity, cheaper: overwrite
      oCost[n - 1] = qCost;
      const id = oId[n - 1] as number;
      pPrev[id] = k;
      pState[id] = sState[q] as number;
    } else {
      oCap[n] = lc;
      oCost[n] = qCost;
      oId[n] = newLabel(k, sState[q] as number, i);
      n++;
    }
  }
  out.n = n;
}
const STATES_N = [0, 2];
const STATES_C = [1];

/** scratch for the labels of a state holding the weights, one per input side */
const pre0 = newList(256);
const pre1 = newList(256);

/**
 * The labels of `src` moved into a state that holds layer i's weights (segment time `d`), with their
 * new bytes and cost, leaving out those over the capacity and those the bound prunes (as `build`
 * would: the bound only falls during a pass). `build` merges the rest as they are.
 */
function prefilter(p: LabelInput, i: number, loc: 0 | 1, src: List, d: number, out: List): List {
  const { ch, lam } = p;
  const cap = ch.capacity;
  const w = ch.weight[i] as number;
  const thr = cap - (p.restW[i] as number);
  const lower0 = p.rest[3 * i + loc] as number;
  const lowerL = p.restL[3 * i + loc] as number;
  const sums = p.fills[i];
  let fi = sums ? sums.length - 1 : 0;
  reserve(out, src.n);
  const sCapA = src.cap;
  const sCostA = src.cost;
  let m = 0;
  for (let j = 0; j < src.n; j++) {
    const raw = (sCapA[j] as number) + w;
    if (raw > cap) break; // sorted by bytes: nothing later fits either
    const cost = (sCostA[j] as number) + d;
    let lc = raw;
    // the bound only grows with the bytes: a label it prunes at its raw bytes is pruned raised too
    if (cost + Math.max(lower0, lowerL - lam * (cap - lc)) > ub * (1 + TOL)) continue;
    if (sums) {
      fi = fillIndex(sums, lc, cap, fi);
      lc = cap - (sums[fi] as number);
    } else if (lc < thr) lc = thr;
    if (cost + Math.max(lower0, lowerL - lam * (cap - lc)) > ub * (1 + TOL)) continue;
    out.cap[m] = raw;
    out.cost[m] = cost;
    out.id[m] = src.id[j] as number;
    m++;
  }
  out.n = m;
  return out;
}
