import { fillIndex } from './parallelFill.js';
import { newList, reserve, type List } from './parallelLists.js';
import type { LabelInput } from './parallelLabels.js';

/**
 * The sources of one list of `parallel`'s label DP (parallelLabels.ts): layer i's labels leaving the
 * output on `loc` come from each state leaving it there (NPU: states 0 and 2; CIM: state 1) and
 * each side the previous output is on. The pass merges two sources by bytes; where there are more
 * (state 0 and state 2, each from both sides), the sources of one state are merged first, keeping
 * only labels cheaper than every earlier one of the state. That changes nothing: in the pass's
 * merge, a label that costs no less than one before it is dropped as dominated, or pruned by the
 * bound as that one was (the bound only grows with the bytes and only falls during a pass).
 */

const TOL = 1e-12;
const at = (i: number, s: number, loc: number): number => (3 * i + s) * 2 + loc;

/** The two sources of a merge: lists (cost `d` added to each label, state `s`), B possibly empty. */
export const src = { a: newList(1), dA: 0, sA: 0, b: newList(1), dB: 0, sB: 0 };

const empty = newList(1);
/** scratch for the labels of a state holding the weights, one per input side */
const pre0 = newList(256);
const pre1 = newList(256);
/** scratch for the sources of one state merged */
const both0 = newList(256);
const both2 = newList(256);
/** the sources found (at most 4): list, cost added, state */
const sList: List[] = [empty, empty, empty, empty];
const sD = new Float64Array(4);
const sState = new Uint8Array(4);

/**
 * Sets `src` to the sources of layer i's list for `loc`, from the labels `cur0` (output on the NPU)
 * and `cur1` (on the CIM) of layer i − 1, under the pass's bound `ub`. A state holding the weights
 * gets its labels that fit and pass the bound, prefiltered.
 */
export function gatherSources(p: LabelInput, i: number, loc: 0 | 1, cur0: List, cur1: List, ub: number): void {
  const cost = p.ch.cost;
  let ns = 0;
  for (let s = loc === 0 ? 0 : 1; s < 3; s += 2) {
    for (let r = 0; r < (i === 0 ? 1 : 2); r++) {
      const d = cost[at(i, s, r)] as number;
      let l = r === 0 ? cur0 : cur1;
      if (!Number.isFinite(d) || l.n === 0) continue;
      if (s !== 0) {
        l = prefilter(p, i, loc, l, d, r === 0 ? pre0 : pre1, ub);
        if (l.n === 0) continue;
      }
      sList[ns] = l;
      sD[ns] = s === 0 ? d : 0;
      sState[ns] = s;
      ns++;
    }
  }
  if (ns > 2) {
    // a state with two sources: merged first (states come in order, sides within a state)
    for (let k = 0; k + 1 < ns; k++) {
      if (sState[k] !== sState[k + 1]) continue;
      mergeFront(sList[k] ?? empty, sD[k] ?? 0, sList[k + 1] ?? empty, sD[k + 1] ?? 0, sState[k] === 0 ? both0 : both2);
      sList[k] = sState[k] === 0 ? both0 : both2;
      sD[k] = 0;
      sList.copyWithin(k + 1, k + 2);
      sD.copyWithin(k + 1, k + 2);
      sState.copyWithin(k + 1, k + 2);
      ns--;
    }
  }
  src.a = ns > 0 ? (sList[0] ?? empty) : empty;
  src.dA = sD[0] ?? 0;
  src.sA = sState[0] ?? 0;
  src.b = ns > 1 ? (sList[1] ?? empty) : empty;
  src.dB = sD[1] ?? 0;
  src.sB = sState[1] ?? 0;
}

/**
 * `a` and `b` (costs raised by `dA`, `dB`) merged by bytes into `out`, ties cheaper first then `a`
 * first, keeping only the labels cheaper than every earlier one.
 */
function mergeFront(a: List, dA: number, b: List, dB: number, out: List): void {
  reserve(out, a.n + b.n);
  const { cap: aCap, cost: aCost, id: aId } = a;
  const { cap: bCap, cost: bCost, id: bId } = b;
  const { cap: oCap, cost: oCost, id: oId } = out;
  const na = a.n;
  const nb = b.n;
  let ia = 0;
  let ib = 0;
  let m = 0;
  let best = Infinity;
  // the next label of each source (Infinity when spent)
  let capA = na > 0 ? (aCap[0] ?? 0) : Infinity;
  let costA = na > 0 ? (aCost[0] ?? 0) + dA : Infinity;
  let capB = nb > 0 ? (bCap[0] ?? 0) : Infinity;
  let costB = nb > 0 ? (bCost[0] ?? 0) + dB : Infinity;
  while (ia < na || ib < nb) {
    let lc: number;
    let c: number;
    let k: number;
    if (capB < capA || (capB === capA && costB < costA)) {
      lc = capB;
      c = costB;
      k = bId[ib++] ?? 0;
      if (ib < nb) {
        capB = bCap[ib] ?? 0;
        costB = (bCost[ib] ?? 0) + dB;
      } else capB = costB = Infinity;
    } else {
      lc = capA;
      c = costA;
      k = aId[ia++] ?? 0;
      if (ia < na) {
        capA = aCap[ia] ?? 0;
        costA = (aCost[ia] ?? 0) + dA;
      } else capA = costA = Infinity;
    }
    if (!(c < best)) continue;
    best = c;
    oCap[m] = lc;
    oCost[m] = c;
    oId[m] = k;
    m++;
  }
  out.n = m;
}

/**
 * The labels of `list` moved into a state that holds layer i's weights (segment time `d`), with
 * their new bytes and cost, leaving out those over the capacity and those the bound prunes (as the
 * pass would: the bound only falls during a pass). The pass merges the rest as they are.
 */
function prefilter(p: LabelInput, i: number, loc: 0 | 1, list: List, d: number, out: List, ub: number): List {
  const { ch, lam } = p;
  const cap = ch.capacity;
  const w = ch.weight[i] as number;
  const thr = cap - (p.restW[i] as number);
  const lower0 = p.rest[3 * i + loc] as number;
  const lowerL = p.restL[3 * i + loc] as number;
  const sums = p.fills[i];
  const limit = ub * (1 + TOL);
  let fi = sums ? sums.length - 1 : 0;
  reserve(out, list.n);
  const { cap: lCap, cost: lCost, id: lId } = list;
  const { cap: oCap, cost: oCost, id: oId } = out;
  let m = 0;
  for (let j = 0; j < list.n; j++) {
    const raw = (lCap[j] ?? 0) + w;
    if (raw > cap) break; // sorted by bytes: nothing later fits either
    const cost = (lCost[j] ?? 0) + d;
    let lc = raw;
    // the bound only grows with the bytes: a label it prunes at its raw bytes is pruned raised too
    if (cost + Math.max(lower0, lowerL - lam * (cap - lc)) > limit) continue;
    if (sums) {
      fi = fillIndex(sums, lc, cap, fi);
      lc = cap - (sums[fi] ?? 0);
    } else if (lc < thr) lc = thr;
    if (cost + Math.max(lower0, lowerL - lam * (cap - lc)) > limit) continue;
    oCap[m] = raw;
    oCost[m] = cost;
    oId[m] = lId[j] ?? 0;
    m++;
  }
  out.n = m;
  return out;
}
