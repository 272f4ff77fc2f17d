import { LabelPool } from './labelPool.js';
import { fillIndex } from './parallelFill.js';
import { cheapestLabel, dropDominated, newList, reserve, type List } from './parallelLists.js';
import { gatherSources, src } from './parallelSources.js';
import type { ParallelChain } from './parallelChain.js';

/**
 * One pass of the label DP of `parallel`'s capacity DP (parallelChain.ts). The labels of a layer are
 * kept in two lists by where the output is (NPU: states 0 and 2, the same future; CIM: state 1),
 * each sorted by CIM bytes with strictly falling cost (the Pareto set). A list holds its labels'
 * bytes and costs contiguously (module scratch), so the merges read them in order; the label pool
 * (labelPool.ts) keeps only what the back-tracking needs (previous label, state, layer).
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

/** the labels of a pass (their back-pointers; the tag is the state) */
const pool = new LabelPool();

/** the pass's bound: lowered as feasible placements turn up */
let ub = Infinity;
let cur0 = newList(256);
let cur1 = newList(256);
let next0 = newList(256);
let next1 = newList(256);

/**
 * The label DP, pruning labels that cannot finish at or below `ubTry` (a label's cost plus a lower
 * bound on the rest: the unconstrained optimum, or the priced optimum less the price of the bytes
 * left); null when no label finishes, i.e. when the optimum is above `ubTry`.
 */
export function labelPass(p: LabelInput, ubTry: number): LabelResult | null {
  const { ch, eligible } = p;
  const L = ch.layers;
  pool.reset(L);
  ub = ubTry;
  cur0.n = 1;
  cur0.cap[0] = 0;
  cur0.cost[0] = 0;
  cur0.id[0] = 0;
  cur1.n = 0;
  let labels = 0;
  for (let i = 0; i < L; i++) {
    pool.startLayer(i);
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
    gatherSources(p, i, 0, cur0, cur1, ub);
    build(p, i, 0, next0);
    gatherSources(p, i, 1, cur0, cur1, ub);
    build(p, i, 1, next1);
    labels += next0.n + next1.n;
    if (ch.handoff) labels -= dropDominated(next0, next1, ch.handoff[i] as number);
    [cur0, next0] = [next0, cur0];
    [cur1, next1] = [next1, cur1];
  }
  const best = cheapestLabel(cur0, cur1);
  if (best === null) return null;
  // layers carried over without labels stay 0 (NPU)
  return { states: pool.trace(best.id, L), cost: best.cost, labels };
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
  let u = ub;
  // the prune limit, recomputed only when the bound falls
  let limit = u * (1 + TOL);
  let m = 0;
  const count = cur0.n;
  for (let j = 0; j < count; j++) {
    const c = (lCost[j] as number) + d;
    const lc = lCap[j] as number;
    if (c + Math.max(lower0, lowerL - lam * (cap - lc)) > limit) continue;
    if (lc <= thr && c + lower0 < u) limit = (u = c + lower0) * (1 + TOL);
    if (lc + wt <= cap && c + rc < u) limit = (u = c + rc) * (1 + TOL);
    lCap[m] = lc;
    lCost[m] = c;
    lId[m] = lId[j] as number;
    m++;
  }
  cur0.n = m;
  ub = u;
}

/**
 * Layer i's list of labels leaving the output on `loc` (0 NPU: states 0 and 2; 1 CIM: state 1), from
 * each state and each side the input is on (`src`, gathered just before: parallelSources.ts): a
 * merge of the sources by bytes (ties: the cheaper first) that keeps the Pareto set, raises the
 * bytes to what the later layers can fill, prunes by the bound and lowers the bound by feasible
 * completions.
 */
function build(p: LabelInput, i: number, loc: 0 | 1, out: List): void {
  const lam = p.lam;
  const { a, dA, sA, b, dB, sB } = src;
  const { cap, thr, lower0, lowerL, wt, rc, sums } = boundsAt(p, i, loc);
  let fi = sums ? sums.length - 1 : 0;
  const { cap: aCap, cost: aCost, id: aId, n: na } = a;
  const { cap: bCap, cost: bCost, id: bId, n: nb } = b;
  const { cap: oCap, cost: oCost, id: oId } = out;
  // at most one new label a source label: the pool's arrays are written here (see `reserve`)
  pool.reserve(na + nb);
  const { prev, tag } = pool;
  let id = pool.count;
  let u = ub;
  // the prune limit, recomputed only when the bound falls
  let limit = u * (1 + TOL);
  let best = Infinity;
  let n = 0;
  let ia = 0;
  let ib = 0;
  // the next label of each source (Infinity when spent); `as number`: the indices are in range
  let capA = na > 0 ? (aCap[0] as number) : Infinity;
  let costA = na > 0 ? (aCost[0] as number) + dA : Infinity;
  let capB = nb > 0 ? (bCap[0] as number) : Infinity;
  let costB = nb > 0 ? (bCost[0] as number) + dB : Infinity;
  for (;;) {
    // the source label with the smallest bytes next (ties: the cheaper, then source a)
    let lc: number;
    let cost: number;
    let k: number;
    let state: number;
    if (capB < capA || (capB === capA && costB < costA)) {
      lc = capB;
      cost = costB;
      k = bId[ib] as number;
      state = sB;
      if (++ib < nb) {
        capB = bCap[ib] as number;
        costB = (bCost[ib] as number) + dB;
      } else capB = costB = Infinity;
    } else {
      if (ia >= na) break; // both spent
      lc = capA;
      cost = costA;
      k = aId[ia] as number;
      state = sA;
      if (++ia < na) {
        capA = aCap[ia] as number;
        costA = (aCost[ia] as number) + dA;
      } else capA = costA = Infinity;
    }
    if (lc > cap) break; // sources are sorted by bytes: nothing later fits either
    // dominated (a kept label has no more bytes, costs no more and did any bound update below): before the bound's work
    if (!(cost < best)) continue;
    if (sums) {
      fi = fillIndex(sums, lc, cap, fi);
      lc = cap - (sums[fi] as number);
    } else if (lc < thr) lc = thr;
    // the rest costs at least its unconstrained optimum, and its priced optimum less the price of the bytes left (Lagrangian)
    const lower = Math.max(lower0, lowerL - lam * (cap - lc));
    if (cost + lower > limit) continue;
    if (lc <= thr && cost + lower0 < u) limit = (u = cost + lower0) * (1 + TOL);
    if (lc + wt <= cap && cost + rc < u) limit = (u = cost + rc) * (1 + TOL);
    best = cost;
    if (n > 0 && oCap[n - 1] === lc) {
      // same capacity, cheaper: the last label is pointed at this one's predecessor instead
      oCost[n - 1] = cost;
      pool.relink(oId[n - 1] as number, k, state);
    } else {
      oCap[n] = lc;
      oCost[n] = cost;
      prev[id] = k;
      tag[id] = state;
      oId[n++] = id++;
    }
  }
  pool.count = id;
  ub = u;
  out.n = n;
}

/** The capacity, the fill sums and the terms of the bound of layer i's labels leaving the output on `loc` (see `build`). */
function boundsAt(p: LabelInput, i: number, loc: 0 | 1): typeof bounds {
  bounds.cap = p.ch.capacity;
  bounds.sums = p.fills[i] as Float64Array | null;
  bounds.thr = p.ch.capacity - (p.restW[i] as number);
  bounds.lower0 = p.rest[3 * i + loc] as number;
  bounds.lowerL = p.restL[3 * i + loc] as number;
  bounds.wt = p.restWt[3 * i + loc] as number;
  bounds.rc = p.restCost[3 * i + loc] as number;
  return bounds;
}
/** `boundsAt`'s result, refilled by each call */
const bounds = { cap: 0, sums: null as Float64Array | null, thr: 0, lower0: 0, lowerL: 0, wt: 0, rc: 0 };
