import type { Chain } from './chainBase.js';
import { LabelPool } from './labelPool.js';
import { fillIndex } from './parallelFill.js';
import { cheapestLabel, newList, reserve, type List } from './parallelLists.js';

/**
 * One pass of the label DP behind `hetero` (chain.ts). The labels of a layer are kept in two lists,
 * by the unit of the last layer (NPU, CIM), each sorted by CIM bytes with strictly falling cost (the
 * Pareto set). A list holds its labels' bytes and costs contiguously (module scratch), so the merges
 * read them in order; the label pool (labelPool.ts) keeps only what the back-tracking needs.
 */

/** What a pass needs besides the chain: bounds and fills computed once per solve. */
export interface PassInput {
  readonly ch: Chain;
  /** the CIM cost, Infinity where a layer may not (or never should) go there */
  readonly cimCost: ArrayLike<number>;
  /** the unconstrained optimum of the rest after layer i on the NPU / the CIM */
  readonly restN: ArrayLike<number>;
  readonly restC: ArrayLike<number>;
  /** the CIM-eligible bytes after layer i (the slack threshold) */
  readonly restW: Float64Array;
  /** the price of a CIM byte and the priced optimum of the rest after layer i on the NPU / the CIM */
  readonly lambda: number;
  readonly lagN: Float64Array;
  readonly lagC: Float64Array;
  /** the subset sums of the later CIM-eligible weights after layer i, or null (parallelFill.ts) */
  readonly fills: readonly (Float64Array | null)[];
}

export interface ChainSolution {
  /** 0 = NPU, 1 = CIM, per layer */
  readonly units: Uint8Array;
  readonly cost: number;
  /** labels kept over the whole chain (a measure of the work done) */
  readonly states: number;
}

const TOL = 1e-9;

/** the labels of a pass (their back-pointers) */
const pool = new LabelPool();

/** the pass's bound: lowered as feasible placements turn up */
let ub = Infinity;
let curN = newList(256);
let curC = newList(256);
let nextN = newList(256);
let nextC = newList(256);
const root = newList(1);
root.n = 1;
const empty = newList(1);

/**
 * The label DP, pruning every label that cannot finish at or below `ubTry` (lowered as feasible
 * placements turn up): the optimum when it is at or below `ubTry`, else null.
 */
export function labelPass(p: PassInput, ubTry: number): ChainSolution | null {
  const { ch, cimCost } = p;
  const L = ch.npu.length;
  pool.reset(L);
  pool.startLayer(0);
  ub = ubTry;
  // layer 0 from a virtual root label
  reserve(nextN, 2);
  reserve(nextC, 2);
  build(p, 0, 0, root, ch.npu[0] as number, empty, 0, nextN);
  nextC.n = 0;
  if (Number.isFinite(cimCost[0] as number)) build(p, 0, 1, root, cimCost[0] as number, empty, 0, nextC);
  let states = nextN.n + nextC.n;
  for (let i = 1; i < L; i++) {
    pool.startLayer(i);
    [curN, nextN] = [nextN, curN];
    [curC, nextC] = [nextC, curC];
    const n = ch.npu[i] as number;
    const c = cimCost[i] as number;
    const h = ch.handoff[i - 1] as number;
    if (curC.n === 0 && !Number.isFinite(c)) {
      // an NPU-only layer after labels all on the NPU: each cost grows by the layer's time (in
      // place, no new labels: the layer stays on the NPU)
      carry(p, i, n);
      [curN, nextN] = [nextN, curN];
      [curC, nextC] = [nextC, curC];
      states += nextN.n;
      continue;
    }
    reserve(nextN, curN.n + curC.n);
    reserve(nextC, curN.n + curC.n);
    nextC.n = 0;
    if (Number.isFinite(c)) build(p, i, 1, curN, h + c, curC, c, nextC);
    build(p, i, 0, curN, n, curC, h + n, nextN);
    states += nextN.n + nextC.n;
  }
  const best = cheapestLabel(nextN, nextC);
  if (best === null) return null;
  // layers carried over without labels stay 0 (NPU)
  return { units: pool.trace(best.id, L), cost: best.cost, states };
}

/**
 * The NPU-only layer i after labels all on the NPU (`curN`, kept in place): every label's cost grows
 * by `d`, with the same bound and dominance tests as `build`.
 */
function carry(p: PassInput, i: number, d: number): void {
  const cap = p.ch.capacity;
  const thr = cap - (p.restW[i] as number);
  const rest = p.restN[i] as number;
  const lag = p.lagN[i] as number;
  const lambda = p.lambda;
  const lCap = curN.cap;
  const lCost = curN.cost;
  const lId = curN.id;
  let best = Infinity;
  let u = ub;
  // the prune limit, recomputed only when the bound falls
  let limit = u * (1 + TOL) + TOL;
  let m = 0;
  const count = curN.n;
  for (let j = 0; j < count; j++) {
    const cost = (lCost[j] as number) + d;
    const lc = lCap[j] as number;
    const lower = Math.max(rest, lag - lambda * (cap - lc));
    if (cost + lower > limit) continue;
    if (lc <= thr && cost + rest < u) limit = (u = cost + rest) * (1 + TOL) + TOL;
    if (m > 0 && !(cost < best - TOL * Math.abs(best))) continue;
    lCap[m] = lc;
    lCost[m] = cost;
    lId[m] = lId[j] as number;
    m++;
    best = cost;
  }
  curN.n = m;
  ub = u;
}

/**
 * Builds layer i's list for `unit` from two capacity-sorted sources (labels ending on the NPU and on
 * the CIM), adding `dA` / `dB` to their costs and layer i's bytes when on the CIM; prunes by bound,
 * raises each label's bytes to what the later layers can fill (or to the slack threshold) and keeps
 * the Pareto set.
 */
function build(p: PassInput, i: number, unit: 0 | 1, a: List, dA: number, b: List, dB: number, out: List): void {
  const cap = p.ch.capacity;
  const lambda = p.lambda;
  const dCap = unit === 1 ? (p.ch.weight[i] as number) : 0;
  const thr = cap - (p.restW[i] as number);
  const rest = unit === 0 ? (p.restN[i] as number) : (p.restC[i] as number);
  const lag = unit === 0 ? (p.lagN[i] as number) : (p.lagC[i] as number);
  const sums = p.fills[i];
  let fi = sums ? sums.length - 1 : 0;
  const { cap: aCap, cost: aCost, id: aId, n: na } = a;
  const { cap: bCap, cost: bCost, id: bId, n: nb } = b;
  const { cap: oCap, cost: oCost, id: oId } = out;
  // at most one new label a source label: the pool's arrays are written here (see `reserve`)
  pool.reserve(na + nb);
  const { prev, tag } = pool;
  let id = pool.count;
  let n = 0;
  let best = Infinity;
  let ia = 0;
  let ib = 0;
  // the next label of each source (Infinity when spent); `as number`: the indices are in range
  let capA = na > 0 ? (aCap[0] as number) : Infinity;
  let costA = na > 0 ? (aCost[0] as number) + dA : Infinity;
  let capB = nb > 0 ? (bCap[0] as number) : Infinity;
  let costB = nb > 0 ? (bCost[0] as number) + dB : Infinity;
  let u = ub;
  // the prune limit, recomputed only when the bound falls
  let limit = u * (1 + TOL) + TOL;
  while (ia < na || ib < nb) {
    let src: number;
    let cost: number;
    let lc: number;
    // ties: a first when no dearer
    if (capA < capB || (capA === capB && costA <= costB && ia < na)) {
      src = aId[ia] as number;
      cost = costA;
      lc = capA + dCap;
      if (++ia < na) {
        capA = aCap[ia] as number;
        costA = (aCost[ia] as number) + dA;
      } else capA = costA = Infinity;
    } else {
      src = bId[ib] as number;
      cost = costB;
      lc = capB + dCap;
      if (++ib < nb) {
        capB = bCap[ib] as number;
        costB = (bCost[ib] as number) + dB;
      } else capB = costB = Infinity;
    }
    if (lc > cap) break; // sources are sorted by capacity: nothing later fits either
    if (sums) {
      fi = fillIndex(sums, lc, cap, fi);
      lc = cap - (sums[fi] as number);
    } else if (lc < thr) lc = thr;
    const lower = Math.max(rest, lag - lambda * (cap - lc));
    if (cost + lower > limit) continue;
    if (lc <= thr && cost + rest < u) limit = (u = cost + rest) * (1 + TOL) + TOL;
    if (n > 0 && !(cost < best - TOL * Math.abs(best))) continue;
    if (n > 0 && oCap[n - 1] === lc) {
      // same capacity, cheaper: the last label is pointed at this one's predecessor instead
      oCost[n - 1] = cost;
      pool.relink(oId[n - 1] as number, src, unit);
    } else {
      oCap[n] = lc;
      oCost[n] = cost;
      prev[id] = src;
      tag[id] = unit;
      oId[n++] = id++;
    }
    best = cost;
  }
  pool.count = id;
  ub = u;
  out.n = n;
}
