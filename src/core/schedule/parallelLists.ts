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
  let m0 = 0;
  for (let j = 0; j < next0.n; j++) {
    if (drop[j] === 1) continue;
    next0.cap[m0] = next0.cap[j] as number;
    next0.cost[m0] = next0.cost[j] as number;
    next0.id[m0] = next0.id[j] as number;
    m0++;
  }
  const dropped = next0.n - m0 + next1.n - m1;
  next0.n = m0;
  next1.n = m1;
  return dropped;
}

function markDominated(list: List, other: List, h: number): void {
  let j = -1;
  for (let k = 0; k < list.n; k++) {
    const c = list.cap[k] as number;
    while (j + 1 < other.n && (other.cap[j + 1] as number) <= c) j++;
    drop[k] = j >= 0 && (other.cost[j] as number) + h < (list.cost[k] as number) * (1 - TOL) ? 1 : 0;
  }
}

/** `list` without the labels `other` dominates, in place; returns the new length */
function compact(list: List, other: List, h: number): number {
  let j = -1;
  let m = 0;
  for (let k = 0; k < list.n; k++) {
    const c = list.cap[k] as number;
    while (j + 1 < other.n && (other.cap[j + 1] as number) <= c) j++;
    if (j >= 0 && (other.cost[j] as number) + h < (list.cost[k] as number) * (1 - TOL)) continue;
    list.cap[m] = c;
    list.cost[m] = list.cost[k] as number;
    list.id[m] = list.id[k] as number;
    m++;
  }
  return m;
}
