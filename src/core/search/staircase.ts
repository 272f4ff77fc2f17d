/**
 * The 2-D minimisation staircase and the lexicographic order of cost vectors: what the front
 * extractor (pareto.ts `nonDominatedIndices`) and the 3-D hypervolume (hypervolume.ts) sweep with.
 */

/** Lexicographic comparison of cost vectors. */
export function lex(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** A 2-D minimisation staircase: x ascending, y strictly descending (every point non-dominated). */
export interface Staircase {
  /** whether some point has x' ≤ x and y' ≤ y */
  covers(x: number, y: number): boolean;
  /** adds a point not covered, dropping the points it dominates */
  insert(x: number, y: number): void;
  /** area dominated up to (rx, ry) */
  area(rx: number, ry: number): number;
}

export function createStaircase(): Staircase {
  const xs: number[] = [];
  const ys: number[] = [];
  // first index with xs[i] > x
  const upper = (x: number): number => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((xs[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const covers = (x: number, y: number): boolean => {
    const pos = upper(x);
    return pos > 0 && (ys[pos - 1] as number) <= y;
  };
  return {
    covers,
    insert(x, y) {
      if (covers(x, y)) return;
      let start = upper(x);
      if (start > 0 && xs[start - 1] === x) start--;
      let end = start;
      while (end < xs.length && (ys[end] as number) >= y) end++;
      xs.splice(start, end - start, x);
      ys.splice(start, end - start, y);
    },
    area(rx, ry) {
      let a = 0;
      for (let i = 0; i < xs.length; i++)
        a += ((i + 1 < xs.length ? (xs[i + 1] as number) : rx) - (xs[i] as number)) * (ry - (ys[i] as number));
      return a;
    },
  };
}
