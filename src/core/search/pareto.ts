import { minOf } from '../numbers.js';
/**
 * Pareto tools for the search (SPEC §6): dominance with constraint domination, fast non-dominated
 * sorting, crowding distance, a fast front extractor for large sets, and exact hypervolume on
 * normalised objectives. Plain arrays in, plain arrays out.
 */

/** Whether an objective is maximised (accuracy) or minimised (latency, energy, params, area). */
export type Direction = 'min' | 'max';

/** Something the search ranks: its objective values and its total normalised budget violation (0 = feasible). */
export interface Scored {
  readonly values: readonly number[];
  readonly violation: number;
}

/** Normalisation range of one objective: the best end `lo`/`hi` (by direction) maps to 0, the worst to 1. */
export interface ObjectiveBounds {
  readonly direction: Direction;
  /** smallest value of the range, in the objective's unit */
  readonly lo: number;
  /** largest value of the range, in the objective's unit */
  readonly hi: number;
}

/** Default reference point in every normalised (minimised) dimension. */
export const DEFAULT_REF = 1.1;

/** Hypervolume with what it was measured against (so a number is never shown without its frame). */
export interface HypervolumeResult {
  /** volume dominated in the normalised, minimised objective space, bounded by `ref` */
  readonly value: number;
  /** reference point, normalised (one entry per objective) */
  readonly ref: readonly number[];
  readonly bounds: readonly ObjectiveBounds[];
}

/** Objective values turned into costs to minimise (maximised objectives negated). */
export function toCosts(values: readonly number[], directions: readonly Direction[]): number[] {
  return values.map((v, i) => (directions[i] === 'max' ? -v : v));
}

/** Pareto dominance on cost vectors: no worse everywhere, better somewhere. */
export function dominatesCosts(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/** Pareto dominance on raw values with a direction per objective. */
export function paretoDominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  return dominatesCosts(toCosts(a, directions), toCosts(b, directions));
}

/**
 * Constraint domination (Deb): a feasible point beats an infeasible one; of two infeasible points the
 * one with the smaller total normalised violation wins; two feasible points compare by Pareto dominance.
 */
export function constraintDominates(a: Scored, b: Scored, directions: readonly Direction[]): boolean {
  return constraintDominatesCosts(toCosts(a.values, directions), a.violation, toCosts(b.values, directions), b.violation);
}

function constraintDominatesCosts(a: readonly number[], va: number, b: readonly number[], vb: number): boolean {
  const fa = va <= 0;
  const fb = vb <= 0;
  if (fa && fb) return dominatesCosts(a, b);
  if (fa !== fb) return fa;
  return va < vb;
}

/**
 * Fast non-dominated sorting (Deb et al. 2002, O(M·N²)) under constraint domination. Returns the
 * fronts as lists of indices into `items`, best front first, each in ascending index order.
 */
export function nonDominatedSort(items: readonly Scored[], directions: readonly Direction[]): number[][] {
  const n = items.length;
  const costs = items.map((x) => toCosts(x.values, directions));
  const viol = items.map((x) => x.violation);
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const count = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const ci = costs[i] as number[];
      const cj = costs[j] as number[];
      if (constraintDominatesCosts(ci, viol[i] as number, cj, viol[j] as number)) {
        (dominated[i] as number[]).push(j);
        count[j] = (count[j] as number) + 1;
      } else if (constraintDominatesCosts(cj, viol[j] as number, ci, viol[i] as number)) {
        (dominated[j] as number[]).push(i);
        count[i] = (count[i] as number) + 1;
      }
    }
  }
  const fronts: number[][] = [];
  let current = count.flatMap((c, i) => (c === 0 ? [i] : []));
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominated[i] as number[]) {
        count[j] = (count[j] as number) - 1;
        if (count[j] === 0) next.push(j);
      }
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/**
 * Crowding distance of the points of one front (Deb): per objective, the gap between each point's
 * neighbours over the front's range; the two boundary points of every objective get Infinity.
 */
export function crowdingDistance(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const dist = new Array<number>(n).fill(0);
  if (n === 0) return dist;
  const m = (points[0] as readonly number[]).length;
  for (let k = 0; k < m; k++) {
    const v = (i: number): number => (points[i] as readonly number[])[k] as number;
    // stable sort: ties keep index order, so the result is deterministic
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v(a) - v(b));
    const first = order[0] as number;
    const last = order[n - 1] as number;
    dist[first] = Infinity;
    dist[last] = Infinity;
    const range = v(last) - v(first);
    if (range <= 0) continue;
    for (let r = 1; r < n - 1; r++) {
      const i = order[r] as number;
      dist[i] = (dist[i] as number) + (v(order[r + 1] as number) - v(order[r - 1] as number)) / range;
    }
  }
  return dist;
}

/** Lexicographic comparison of cost vectors. */
function lex(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Indices (ascending) of the non-dominated points of a large set; equal points are all kept. After a
 * lexicographic sort only earlier points can dominate later ones, so one sweep suffices: O(N log N) in
 * 2-D (running minimum), O(N log N + N·F) in 3-D (a 2-D staircase of F points), O(N·F) beyond.
 */
export function nonDominatedIndices(points: readonly (readonly number[])[], directions: readonly Direction[]): number[] {
  const costs = points.map((p) => toCosts(p, directions));
  const order = costs.map((_, i) => i).sort((a, b) => lex(costs[a] as number[], costs[b] as number[]) || a - b);
  const keep: number[] = [];
  const m = directions.length;
  const stair = m === 3 ? createStaircase() : null;
  const archive: number[][] = [];
  let minY = Infinity;
  for (let s = 0; s < order.length;) {
    // a group of equal vectors: none dominates another; test them against earlier groups only
    const c = costs[order[s] as number] as number[];
    let e = s + 1;
    while (e < order.length && lex(costs[order[e] as number] as number[], c) === 0) e++;
    let dominated: boolean;
    if (m === 1) dominated = s > 0;
    else if (m === 2) dominated = minY <= (c[1] as number);
    else if (stair) dominated = stair.covers(c[1] as number, c[2] as number);
    else dominated = archive.some((a) => dominatesCosts(a, c));
    if (!dominated) {
      for (let i = s; i < e; i++) keep.push(order[i] as number);
      if (m === 2) minY = c[1] as number;
      else if (stair) stair.insert(c[1] as number, c[2] as number);
      else archive.push(c);
    }
    s = e;
  }
  return keep.sort((a, b) => a - b);
}

/** A 2-D minimisation staircase: x ascending, y strictly descending (every point non-dominated). */
interface Staircase {
  /** whether some point has x' ≤ x and y' ≤ y */
  covers(x: number, y: number): boolean;
  /** adds a point not covered, dropping the points it dominates */
  insert(x: number, y: number): void;
  /** area dominated up to (rx, ry) */
  area(rx: number, ry: number): number;
}

function createStaircase(): Staircase {
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

/** Normalises raw objective values into [0, 1] costs (0 = best end of the bounds); not clipped. */
export function normalise(values: readonly number[], bounds: readonly ObjectiveBounds[]): number[] {
  return values.map((v, i) => {
    const b = bounds[i] as ObjectiveBounds;
    const span = b.hi - b.lo;
    const t = span > 0 ? (v - b.lo) / span : 0;
    return b.direction === 'max' ? 1 - t : t;
  });
}

/**
 * Exact hypervolume of cost points (minimisation) bounded by `ref`: points not strictly better than
 * `ref` in every dimension add nothing. 1-D and 2-D by a sweep, 3-D by slicing along the last
 * objective over a 2-D staircase (O(n²)), more dimensions by recursive slicing along the objective with
 * the fewest distinct values.
 */
export function hypervolumeOfCosts(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const d = ref.length;
  const inside = points.filter((p) => p.every((v, i) => v < (ref[i] as number)));
  if (inside.length === 0 || d === 0) return 0;
  if (d === 1) return (ref[0] as number) - minOf(inside.map((p) => p[0] as number));
  if (d === 2) {
    const sorted = [...inside].sort((a, b) => lex(a, b));
    let hv = 0;
    let prevY = ref[1] as number;
    for (const p of sorted) {
      const y = p[1] as number;
      if (y < prevY) {
        hv += ((ref[0] as number) - (p[0] as number)) * (prevY - y);
        prevY = y;
      }
    }
    return hv;
  }
  const last = d - 1;
  const sorted = [...inside].sort((a, b) => (a[last] as number) - (b[last] as number));
  let hv = 0;
  if (d === 3) {
    const stair = createStaircase();
    for (let i = 0; i < sorted.length; i++) {
      const p = sorted[i] as readonly number[];
      stair.insert(p[0] as number, p[1] as number);
      const next = i + 1 < sorted.length ? ((sorted[i + 1] as readonly number[])[2] as number) : (ref[2] as number);
      const dz = next - (p[2] as number);
      if (dz > 0) hv += stair.area(ref[0] as number, ref[1] as number) * dz;
    }
    return hv;
  }
  // slice along the objective with the fewest distinct values (e.g. CIM area: one per macro count)
  const distinct = ref.map((_, k) => new Set(inside.map((p) => p[k])).size);
  const cut = (distinct[last] as number) <= minOf(distinct) ? last : distinct.indexOf(minOf(distinct));
  if (cut !== last) {
    const swap = (p: readonly number[]): number[] => p.map((_, k) => (k === cut ? p[last] : k === last ? p[cut] : p[k]) as number);
    return hypervolumeOfCosts(inside.map(swap), swap(ref));
  }
  const lower = ref.slice(0, last);
  for (let i = 0; i < sorted.length; i++) {
    const next = i + 1 < sorted.length ? ((sorted[i + 1] as readonly number[])[last] as number) : (ref[last] as number);
    const dz = next - ((sorted[i] as readonly number[])[last] as number);
    if (dz > 0)
      hv +=
        hypervolumeOfCosts(
          sorted.slice(0, i + 1).map((p) => p.slice(0, last)),
          lower,
        ) * dz;
  }
  return hv;
}

/**
 * Hypervolume of raw objective values: each objective is normalised with its bounds into a cost in
 * [0, 1] (maximised ones flipped), then measured against `ref` (default `DEFAULT_REF` = 1.1 in every
 * dimension, so the extreme points of the bounds still count). Points worse than `ref` add nothing.
 */
export function hypervolume(
  points: readonly (readonly number[])[],
  bounds: readonly ObjectiveBounds[],
  ref?: number | readonly number[],
): HypervolumeResult {
  const r = typeof ref === 'number' || ref === undefined ? bounds.map(() => ref ?? DEFAULT_REF) : [...ref];
  if (r.length !== bounds.length) throw new Error(`hypervolume: ${r.length} reference coordinates for ${bounds.length} objectives`);
  return {
    value: hypervolumeOfCosts(
      points.map((p) => normalise(p, bounds)),
      r,
    ),
    ref: r,
    bounds,
  };
}

/**
 * What the Pareto plot's redraw bench reports (measured in the page by `plots/paretoBench.ts`, printed
 * by `npm run bench`): one definition for both sides.
 */
export interface ParetoBench {
  readonly points: number;
  readonly frontSize: number;
  /** building the layout (scales, placement, staircase): on new data or a zoom step */
  readonly layoutMs: number;
  /** median of a brush change: brushed set + full canvas repaint (+ a pixel read, so the paint is done) */
  readonly brushRedrawMs: number;
  /** slowest of those */
  readonly brushRedrawMaxMs: number;
  /** median of a hover: nearest point within 8 px */
  readonly hoverMs: number;
}
