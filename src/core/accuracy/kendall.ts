/** Rank correlation for judging accuracy predictors (SPEC §5.2: τ is shown next to every predicted number). */
import { at, IndexError } from '../at.js';

/** Number of inversions (i < j, v[i] > v[j]) of `v`, which it sorts ascending (bottom-up merge sort). */
function sortCountingInversions(v: Float64Array<ArrayBuffer>): number {
  const n = v.length;
  let src: Float64Array<ArrayBuffer> = v;
  let dst = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let o = lo;
      while (i < mid && j < hi) {
        const x = src[i];
        const y = src[j];
        if (x === undefined || y === undefined) throw new IndexError(`merge past the end (${i}, ${j} of ${n})`);
        if (y < x) {
          swaps += mid - i;
          dst[o++] = y;
          j++;
        } else {
          dst[o++] = x;
          i++;
        }
      }
      while (i < mid) dst[o++] = at(src, i++);
      while (j < hi) dst[o++] = at(src, j++);
    }
    [src, dst] = [dst, src];
  }
  if (src !== v) v.set(src);
  return swaps;
}

/** Σ t(t−1)/2 over runs of equal neighbours, where `same(i)` says whether item i equals item i−1. */
function tiedPairs(n: number, same: (i: number) => boolean): number {
  let pairs = 0;
  let run = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && same(i)) run++;
    else {
      pairs += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return pairs;
}

/**
 * Kendall τ-b rank correlation (ties in either list handled), O(n log n) by Knight's algorithm.
 * NaN when fewer than 2 items or when either list is constant. Throws on different lengths or
 * non-finite values.
 */
export function kendallTau(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`kendallTau: lists of different length (${n} and ${b.length})`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) throw new Error(`kendallTau: non-finite value at index ${i}`);
  }
  if (n < 2) return Number.NaN;
  const A = (i: number): number => at(a, i);
  const B = (i: number): number => at(b, i);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A(i) - A(j) || B(i) - B(j));
  const ord = (i: number): number => at(order, i);
  const tiesA = tiedPairs(n, (i) => A(ord(i)) === A(ord(i - 1)));
  const tiesAB = tiedPairs(n, (i) => A(ord(i)) === A(ord(i - 1)) && B(ord(i)) === B(ord(i - 1)));
  const ys = Float64Array.from(order, B);
  const swaps = sortCountingInversions(ys);
  const tiesB = tiedPairs(n, (i) => ys[i] === ys[i - 1]);
  const pairs = (n * (n - 1)) / 2;
  const s = pairs - tiesA - tiesB + tiesAB - 2 * swaps;
  const den = Math.sqrt((pairs - tiesA) * (pairs - tiesB));
  return den === 0 ? Number.NaN : s / den;
}
