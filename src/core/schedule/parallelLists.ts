/**
 * Label lists for the label DPs (parallelLabels.ts, chainLabels.ts): a list holds its labels' CIM
 * bytes, costs and pool ids contiguously, sorted by bytes with strictly falling cost (the Pareto set).
 */

const TOL = 1e-12;

export interface List {
  cap: Float64Array;
  cost: Float64Array;
  id: Int32Array;
  n: number;
}
export const newList = (size: number): List => ({
  cap: new Float64Array(size),
  cost: new Float64Array(size),
  id: new Int32Array(size),
  n: 0,
});
export function reserve(l: List, size: number): void {
  if (l.cap.length >= size) return;
  const m = Math.max(size, 2 * l.cap.length);
  l.cap = new Float64Array(m);
  l.cost = new Float64Array(m);
  l.id = new Int32Array(m);
}

let drop = new Uint8Array(256);

/**
 * Drops the labels of `parallel`'s two lists (output on the NPU, on the CIM) dominated across units:
 * a label is dropped when the other list has one with no more CIM bytes whose cost plus `h` (moving
 * the output over) is lower. Both lists are sorted by
 * bytes with falling cost, so the cheapest other label within a label's bytes is the last one at or
 * below them. Strict enough to keep ties: a label is dropped only when the other costs less by more
 * than rounding. Both lists are judged against the other as built. Returns how many were dropped.
 */
export function dropDominated(next0: List, next1: List, h: number): number {
  if (next0.n === 0 || next1.n === 0) return 0;
  if (drop.length < next0.n) drop = new Uint8Array(2 * next0.n);
  // the NPU list's verdicts first (reading the CIM list as built), then the CIM list in place, then
  // the NPU list in place
  markDominated(next0, next1, h);
  const m1 = compact(next1, next0, h);
  const { cap, cost, id } = next0;
  const dropped0 = drop;
  let m0 = 0;
  for (let j = 0; j < next0.n; j++) {
    if (dropped0[j] === 1) continue;
    cap[m0] = cap[j] ?? 0;
    cost[m0] = cost[j] ?? 0;
    id[m0] = id[j] ?? 0;
    m0++;
  }
  const dropped = next0.n - m0 + next1.n - m1;
  next0.n = m0;
  next1.n = m1;
  return dropped;
}

function markDominated(list: List, other: List, h: number): void {
  const { cap, cost } = list;
  const { cap: oCap, cost: oCost, n: on } = other;
  const marks = drop;
  let j = -1;
  for (let k = 0; k < list.n; k++) {
    const c = cap[k] ?? 0;
    while (j + 1 < on && (oCap[j + 1] ?? 0) <= c) j++;
    marks[k] = j >= 0 && (oCost[j] ?? 0) + h < (cost[k] ?? 0) * (1 - TOL) ? 1 : 0;
  }
}

/** `list` without the labels `other` dominates, in place; returns the new length */
function compact(list: List, other: List, h: number): number {
  const { cap, cost, id } = list;
  const { cap: oCap, cost: oCost, n: on } = other;
  let j = -1;
  let m = 0;
  for (let k = 0; k < list.n; k++) {
    const c = cap[k] ?? 0;
    while (j + 1 < on && (oCap[j + 1] ?? 0) <= c) j++;
    if (j >= 0 && (oCost[j] ?? 0) + h < (cost[k] ?? 0) * (1 - TOL)) continue;
    cap[m] = c;
    cost[m] = cost[k] ?? 0;
    id[m] = id[k] ?? 0;
    m++;
  }
  return m;
}

/** The cheapest label of two lists (the first found on a tie, list a first): its pool id and cost; null when both are empty. */
export function cheapestLabel(a: List, b: List): { id: number; cost: number } | null {
  let id = -1;
  let cost = Infinity;
  for (const list of [a, b]) {
    for (let j = 0; j < list.n; j++) {
      const c = list.cost[j] ?? Infinity;
      if (id < 0 || c < cost) {
        id = list.id[j] ?? 0;
        cost = c;
      }
    }
  }
  return id < 0 ? null : { id, cost };
}
