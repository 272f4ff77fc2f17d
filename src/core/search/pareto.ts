/**
 * Pareto tools for the search (SPEC §6): dominance with constraint domination, fast non-dominated
 * sorting, crowding distance and a fast front extractor for large sets. Plain arrays in, plain arrays
 * out. The hypervolume is in hypervolume.ts (re-exported here).
 */
import { IndexError } from '../at.js';
import { createStaircase, lex } from './staircase.js';

export { DEFAULT_REF, hypervolume, hypervolumeOfCosts, normalise, type HypervolumeResult } from './hypervolume.js';

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

/** Objective values turned into costs to minimise (maximised objectives negated). */
export function toCosts(values: readonly number[], directions: readonly Direction[]): number[] {
  return values.map((v, i) => (directions[i] === 'max' ? -v : v));
}

/** Pareto dominance on cost vectors: no worse everywhere, better somewhere. */
export function dominatesCosts(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    // the one hot loop left with casts: any undefined check here costs the O(N²) sort about 40%
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

/** One item during non-dominated sorting: its costs, violation, whom it beats, how many beat it. */
interface SortNode {
  readonly costs: readonly number[];
  readonly violation: number;
  /** indices of the items this one constraint-dominates */
  readonly beats: number[];
  /** how many not-yet-ranked items constraint-dominate this one */
  count: number;
}

/**
 * Checked reads local to this module (not core/at.ts's shared `at`): a load site used by one list
 * type stays monomorphic in V8, which keeps the O(N²) sort and the sweeps as fast as unchecked reads.
 */
function nodeAt(nodes: readonly SortNode[], i: number): SortNode {
  const x = nodes[i];
  if (x === undefined) throw new IndexError(`item ${i} of ${nodes.length}`);
  return x;
}
function num(xs: readonly number[], i: number): number {
  const x = xs[i];
  if (x === undefined) throw new IndexError(`index ${i} of ${xs.length}`);
  return x;
}
function row(xs: readonly (readonly number[])[], i: number): readonly number[] {
  const x = xs[i];
  if (x === undefined) throw new IndexError(`point ${i} of ${xs.length}`);
  return x;
}

/**
 * Fast non-dominated sorting (Deb et al. 2002, O(M·N²)) under constraint domination. Returns the
 * fronts as lists of indices into `items`, best front first, each in ascending index order.
 */
export function nonDominatedSort(items: readonly Scored[], directions: readonly Direction[]): number[][] {
  const n = items.length;
  const nodes: SortNode[] = items.map((x) => ({ costs: toCosts(x.values, directions), violation: x.violation, beats: [], count: 0 }));
  for (let i = 0; i < n; i++) {
    const p = nodeAt(nodes, i);
    for (let j = i + 1; j < n; j++) {
      const q = nodeAt(nodes, j);
      if (constraintDominatesCosts(p.costs, p.violation, q.costs, q.violation)) {
        p.beats.push(j);
        q.count++;
      } else if (constraintDominatesCosts(q.costs, q.violation, p.costs, p.violation)) {
        q.beats.push(i);
        p.count++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = nodes.flatMap((p, i) => (p.count === 0 ? [i] : []));
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of nodeAt(nodes, i).beats) {
        const q = nodeAt(nodes, j);
        q.count--;
        if (q.count === 0) next.push(j);
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
  const m = row(points, 0).length;
  for (let k = 0; k < m; k++) {
    const col = points.map((p) => num(p, k));
    const v = (i: number): number => num(col, i);
    // stable sort: ties keep index order, so the result is deterministic
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v(a) - v(b));
    const first = num(order, 0);
    const last = num(order, n - 1);
    dist[first] = Infinity;
    dist[last] = Infinity;
    const range = v(last) - v(first);
    if (range <= 0) continue;
    for (let r = 1; r < n - 1; r++) {
      const i = num(order, r);
      dist[i] = num(dist, i) + (v(num(order, r + 1)) - v(num(order, r - 1))) / range;
    }
  }
  return dist;
}

/**
 * Indices (ascending) of the non-dominated points of a large set; equal points are all kept. After a
 * lexicographic sort only earlier points can dominate later ones, so one sweep suffices: O(N log N) in
 * 2-D (running minimum), O(N log N + N·F) in 3-D (a 2-D staircase of F points), O(N·F) beyond.
 */
export function nonDominatedIndices(points: readonly (readonly number[])[], directions: readonly Direction[]): number[] {
  const costs = points.map((p) => toCosts(p, directions));
  const order = costs.map((_, i) => i).sort((a, b) => lex(row(costs, a), row(costs, b)) || a - b);
  const keep: number[] = [];
  const m = directions.length;
  const stair = m === 3 ? createStaircase() : null;
  const archive: (readonly number[])[] = [];
  let minY = Infinity;
  for (let s = 0; s < order.length;) {
    // a group of equal vectors: none dominates another; test them against earlier groups only
    const c = row(costs, num(order, s));
    let e = s + 1;
    while (e < order.length && lex(row(costs, num(order, e)), c) === 0) e++;
    let dominated: boolean;
    if (m === 1) dominated = s > 0;
    else if (m === 2) dominated = minY <= num(c, 1);
    else if (stair) dominated = stair.covers(num(c, 1), num(c, 2));
    else dominated = archive.some((a) => dominatesCosts(a, c));
    if (!dominated) {
      for (let i = s; i < e; i++) keep.push(num(order, i));
      if (m === 2) minY = num(c, 1);
      else if (stair) stair.insert(num(c, 1), num(c, 2));
      else archive.push(c);
    }
    s = e;
  }
  return keep.sort((a, b) => a - b);
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
