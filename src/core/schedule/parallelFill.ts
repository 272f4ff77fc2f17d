/**
 * How much of the CIM capacity the layers still to come can fill, for the capacity DP of `parallel`
 * (parallelChain.ts). A label that has `r` bytes left can only ever hold a subset of the later CIM
 * layers' weights, so what matters of `r` is F(r), the largest subset sum ≤ r of those weights: two
 * labels with the same F(r) admit exactly the same completions, and the cheaper one dominates. Raising
 * a label's used bytes to `capacity − F(r)` is therefore exact (it generalises the slack rule: once
 * every later weight fits, F(r) is their total), it merges labels the DP would otherwise keep apart,
 * and it tightens the Lagrangian bound (the rest is priced for F(r) bytes instead of r).
 *
 * The sums are exact while there are at most `limit` of them below the capacity; further from the
 * end (the weights are many and small there) there is no table and the bytes are left as they are:
 * any value between F(r) and r is as good (every completion that fits in r fits in it, and
 * conversely), so leaving r is exact too, only less merging.
 */
export interface FillTable {
  /**
   * the sorted subset sums (≤ capacity) of the weights after layer i, or null (too many); views of
   * module scratch, valid until the next `fillSums`
   */
  readonly sums: readonly (Float64Array | null)[];
}

/**
 * The subset sums after each layer: `eligible[i]` says whether layer i may hold weights on the CIM
 * (an over-approximation is safe: more sums only make F larger, never below the true fill).
 */
export function fillSums(weight: ArrayLike<number>, eligible: readonly boolean[], capacity: number, limit = 256): FillTable {
  const L = eligible.length;
  const sums: (Float64Array | null)[] = new Array<Float64Array | null>(L).fill(null);
  // the tables are views of one scratch buffer (a new one when it is full; views of the old one stay
  // valid): they are read within one solve, and allocating each apart kept the collector busy
  if (buffer.length < 1) buffer = new Float64Array(1 << 16);
  let used = 1;
  buffer[0] = 0;
  let s: Float64Array | null = buffer.subarray(0, 1);
  for (let i = L - 1; i >= 0 && s; i--) {
    sums[i] = s;
    if (eligible[i]) {
      const need = Math.min(2 * s.length, limit + 1);
      if (used + need > buffer.length) {
        buffer = new Float64Array(Math.max(2 * buffer.length, need));
        used = 0;
      }
      const n = addWeight(s, weight[i] as number, capacity, limit, buffer, used);
      s = n < 0 ? null : buffer.subarray(used, used + n);
      used += Math.max(n, 0);
    }
  }
  return { sums };
}

let buffer = new Float64Array(0);

/**
 * Writes the sorted, distinct sums of `s` and `s + w` up to `cap` into `out` from `at`; returns their
 * count, or -1 when more than `limit`
 */
function addWeight(s: Float64Array, w: number, cap: number, limit: number, out: Float64Array, at: number): number {
  const m = s.length;
  let a = 0;
  let b = 0;
  let n = 0;
  // the next sum of each sequence, Infinity when spent, loaded only when it advances (this merge is
  // most of the tables' time, a few per cent of a `nasvit` estimate)
  let x = m > 0 ? (s[0] as number) : Infinity;
  let y = m > 0 ? (s[0] as number) + w : Infinity;
  let last = NaN;
  for (;;) {
    const v = x <= y ? x : y;
    if (v > cap || v === Infinity) break; // over the capacity, or both spent
    if (x <= y) x = ++a < m ? (s[a] as number) : Infinity;
    if (y <= v) y = ++b < m ? (s[b] as number) + w : Infinity;
    if (v === last) continue;
    if (n === limit) return -1;
    out[at + n++] = last = v;
  }
  return n;
}

/**
 * The used bytes a label at `lc` (≤ cap) may be raised to: cap − F(cap − lc), with `sums` the sorted
 * subset sums after its layer; `hi` is an index at or above the answer's (labels arrive in rising
 * `lc`, so the previous answer bounds the next one). Returns the index; the raised bytes are
 * `cap − sums[index]`.
 */
export function fillIndex(sums: Float64Array, lc: number, cap: number, hi: number): number {
  const r = cap - lc;
  // often the previous answer's (labels close together)
  if ((sums[hi] ?? 0) <= r) return hi;
  // else usually a little below it: gallop down (steps 1, 2, 4, …) to an index at or below the
  // answer, then bisect; every index above `top` holds a sum over r (sums[0] = 0 ≤ r)
  let top = hi - 1;
  let lo = top;
  for (let step = 1; lo > 0 && (sums[lo] ?? 0) > r; step *= 2) {
    top = lo - 1;
    lo = lo > step ? lo - step : 0;
  }
  // the last index with sums[index] ≤ r in [lo, top]
  while (lo < top) {
    const mid = (lo + top + 1) >> 1;
    if ((sums[mid] ?? 0) <= r) lo = mid;
    else top = mid - 1;
  }
  return lo;
}
