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

/**
 * Drops the labels of `parallel`'s two lists (output on the NPU, on the CIM) dominated across units:
 * a label is dropped when the other list has one with no more CIM bytes whose cost plus `h` (moving
 * the output over) is lower. Both lists are sorted by bytes with falling cost, so the cheapest other
 * label within a label's bytes is the last one at or below them. Strict enough to keep ties: a label
 * is dropped only when the other costs less by more than rounding. Both lists are judged against the
 * other as built. Returns how many were dropped.
 *
 * One walk over both lists by bytes, compacting each in place: when a label is judged, every label
 * of the other list at or below its bytes has been walked (the other list's label at the same bytes
 * — a list's bytes are distinct — is read ahead, still as built), and the last one's cost as built
 * is kept aside, since compaction may have overwritten its slot (instead of three passes: verdicts,
 * then each list compacted).
 */
export function dropDominated(next0: List, next1: List, h: number): number {
  const n0 = next0.n;
  const n1 = next1.n;
  if (n0 === 0 || n1 === 0) return 0;
  const { cap: cap0, cost: cost0, id: id0 } = next0;
  const { cap: cap1, cost: cost1, id: id1 } = next1;
  let i0 = 0;
  let i1 = 0;
  let m0 = 0;
  let m1 = 0;
  // the cost as built of the last label walked in each list (Infinity: none yet, nothing dominates)
  let last0 = Infinity;
  let last1 = Infinity;
  while (i0 < n0 || i1 < n1) {
    if (i1 >= n1 || (i0 < n0 && (cap0[i0] as number) <= (cap1[i1] as number))) {
      const c = cap0[i0] as number;
      const k = cost0[i0] as number;
      const other = i1 < n1 && cap1[i1] === c ? (cost1[i1] as number) : last1;
      last0 = k;
      if (!(other + h < k * (1 - TOL))) {
        cap0[m0] = c;
        cost0[m0] = k;
        id0[m0] = id0[i0] as number;
        m0++;
      }
      i0++;
    } else {
      const c = cap1[i1] as number;
      const k = cost1[i1] as number;
      last1 = k;
      if (!(last0 + h < k * (1 - TOL))) {
        cap1[m1] = c;
        cost1[m1] = k;
        id1[m1] = id1[i1] as number;
        m1++;
      }
      i1++;
    }
  }
  next0.n = m0;
  next1.n = m1;
  return n0 - m0 + n1 - m1;
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
