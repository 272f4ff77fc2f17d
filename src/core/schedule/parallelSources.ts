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
/** scratch for the labels moved into state 2 and into state 1 (weights held), one per input side */
const held2 = [newList(256), newList(256)];
const held1 = [newList(256), newList(256)];
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
 * gets its labels that fit and pass the bound, prefiltered: both such states (2 for `loc` 0, 1 for
 * `loc` 1) in one walk when `loc` 0 is gathered, which the pass does first for each layer.
 */
export function gatherSources(p: LabelInput, i: number, loc: 0 | 1, cur0: List, cur1: List, ub: number): void {
  const cost = p.ch.cost;
  const sides = i === 0 ? 1 : 2;
  let ns = 0;
  if (loc === 0) {
    for (let r = 0; r < 2; r++) {
      const l = r === 0 ? cur0 : cur1;
      if (r < sides) prefilter(p, i, l, cost[at(i, 2, r)] as number, cost[at(i, 1, r)] as number, held2[r] as List, held1[r] as List, ub);
      else (held2[r] as List).n = (held1[r] as List).n = 0;
    }
    for (let r = 0; r < sides; r++) {
      const d = cost[at(i, 0, r)] as number;
      const l = r === 0 ? cur0 : cur1;
      if (!Number.isFinite(d) || l.n === 0) continue;
      sList[ns] = l;
      sD[ns] = d;
      sState[ns++] = 0;
    }
  }
  const held = loc === 0 ? held2 : held1;
  for (let r = 0; r < sides; r++) {
    const l = held[r] as List;
    if (l.n === 0) continue;
    sList[ns] = l;
    sD[ns] = 0;
    sState[ns++] = loc === 0 ? 2 : 1;
  }
  if (ns > 2) {
    // a state with two sources: merged first (states come in order, sides within a state)
    for (let k = 0; k + 1 < ns; k++) {
      if (sState[k] !== sState[k + 1]) continue;
      mergeFront(sList[k] ?? empty, sD[k] ?? 0, sList[k + 1] ?? empty, sD[k + 1] ?? 0, sState[k] === 0 ? both0 : both2);
      sList[k] = sState[k] === 0 ? both0 : both2;
      sD[k] = 0;
      // the later sources move down one (by hand: three `copyWithin` calls cost more than this)
      for (let m = k + 1; m + 1 < ns; m++) {
        sList[m] = sList[m + 1] as List;
        sD[m] = sD[m + 1] as number;
        sState[m] = sState[m + 1] as number;
      }
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
  let capA = na > 0 ? (aCap[0] as number) : Infinity;
  let costA = na > 0 ? (aCost[0] as number) + dA : Infinity;
  let capB = nb > 0 ? (bCap[0] as number) : Infinity;
  let costB = nb > 0 ? (bCost[0] as number) + dB : Infinity;
  while (ia < na || ib < nb) {
    let lc: number;
    let c: number;
    let k: number;
    if (capB < capA || (capB === capA && costB < costA)) {
      lc = capB;
      c = costB;
      k = bId[ib++] as number;
      if (ib < nb) {
        capB = bCap[ib] as number;
        costB = (bCost[ib] as number) + dB;
      } else capB = costB = Infinity;
    } else {
      lc = capA;
      c = costA;
      k = aId[ia++] as number;
      if (ia < na) {
        capA = aCap[ia] as number;
        costA = (aCost[ia] as number) + dA;
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
 * The labels of `list` moved into the states that hold layer i's weights, state 2 (segment time
 * `d2`, into `out2`) and state 1 (`d1`, into `out1`), with their new bytes and cost, leaving out
 * those over the capacity and those the bound prunes (as the pass would: the bound only falls during
 * a pass). A state not allowed (time Infinity) gets none. The pass merges the rest as they are.
 *
 * State 1's list is built with the bound as it is before the pass builds layer i's `loc` 0 list
 * (one walk for both states: the bytes, the fill and the bound's terms are shared), so it may keep a
 * label that the bound, lowered meanwhile, prunes: the pass prunes it then, and it only ever hides a
 * later label of the state (no cheaper, no fewer bytes) that the bound prunes too.
 */
function prefilter(p: LabelInput, i: number, list: List, d2: number, d1: number, out2: List, out1: List, ub: number): void {
  const { ch, lam } = p;
  const cap = ch.capacity;
  const w = ch.weight[i] as number;
  const thr = cap - (p.restW[i] as number);
  // the bound's terms of each state: state 2 leaves the output on the NPU, state 1 on the CIM
  const lower02 = p.rest[3 * i] as number;
  const lowerL2 = p.restL[3 * i] as number;
  const lower01 = p.rest[3 * i + 1] as number;
  const lowerL1 = p.restL[3 * i + 1] as number;
  const use2 = Number.isFinite(d2);
  const use1 = Number.isFinite(d1);
  const sums = p.fills[i] as Float64Array | null;
  const limit = ub * (1 + TOL);
  let fi = sums ? sums.length - 1 : 0;
  reserve(out2, list.n);
  reserve(out1, list.n);
  const { cap: lCap, cost: lCost, id: lId } = list;
  const { cap: cap2, cost: cost2, id: id2 } = out2;
  const { cap: cap1, cost: cost1, id: id1 } = out1;
  let m2 = 0;
  let m1 = 0;
  for (let j = 0; j < list.n && (use1 || use2); j++) {
    const raw = (lCap[j] as number) + w;
    if (raw > cap) break; // sorted by bytes: nothing later fits either
    const c2 = (lCost[j] as number) + d2;
    const c1 = (lCost[j] as number) + d1;
    // the bound only grows with the bytes: a label it prunes at its raw bytes is pruned raised too
    let keep2 = use2 && !(c2 + Math.max(lower02, lowerL2 - lam * (cap - raw)) > limit);
    let keep1 = use1 && !(c1 + Math.max(lower01, lowerL1 - lam * (cap - raw)) > limit);
    if (!keep2 && !keep1) continue;
    let lc = raw;
    if (sums) {
      fi = fillIndex(sums, lc, cap, fi);
      lc = cap - (sums[fi] as number);
    } else if (lc < thr) lc = thr;
    keep2 &&= !(c2 + Math.max(lower02, lowerL2 - lam * (cap - lc)) > limit);
    keep1 &&= !(c1 + Math.max(lower01, lowerL1 - lam * (cap - lc)) > limit);
    if (keep2) {
      cap2[m2] = raw;
      cost2[m2] = c2;
      id2[m2++] = lId[j] as number;
    }
    if (keep1) {
      cap1[m1] = raw;
      cost1[m1] = c1;
      id1[m1++] = lId[j] as number;
    }
  }
  out2.n = m2;
  out1.n = m1;
}
