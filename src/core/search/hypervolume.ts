/**
 * Exact hypervolume on normalised objectives (SPEC §6): raw values normalised with fixed bounds into
 * costs in [0, 1], then the volume they dominate up to a reference point (1-D and 2-D by a sweep, 3-D
 * over a staircase, more by recursive slicing).
 */
import { at } from '../at.js';
import { minOf } from '../numbers.js';
import type { ObjectiveBounds } from './pareto.js';
import { createStaircase, lex } from './staircase.js';

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

/** Normalises raw objective values into [0, 1] costs (0 = best end of the bounds); not clipped. */
export function normalise(values: readonly number[], bounds: readonly ObjectiveBounds[]): number[] {
  return values.map((v, i) => {
    const b = at(bounds, i);
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
  const inside = points.filter((p) => p.every((v, i) => v < at(ref, i)));
  if (inside.length === 0 || d === 0) return 0;
  if (d === 1) return at(ref, 0) - minOf(inside.map((p) => at(p, 0)));
  if (d === 2) {
    const sorted = [...inside].sort((a, b) => lex(a, b));
    let hv = 0;
    const refX = at(ref, 0);
    let prevY = at(ref, 1);
    for (const p of sorted) {
      const y = at(p, 1);
      if (y < prevY) {
        hv += (refX - at(p, 0)) * (prevY - y);
        prevY = y;
      }
    }
    return hv;
  }
  const last = d - 1;
  const sorted = [...inside].sort((a, b) => at(a, last) - at(b, last));
  let hv = 0;
  if (d === 3) {
    const stair = createStaircase();
    for (let i = 0; i < sorted.length; i++) {
      const p = at(sorted, i);
      stair.insert(at(p, 0), at(p, 1));
      const above = sorted[i + 1]; // the next slice's point; none after the last
      const dz = (above === undefined ? at(ref, 2) : at(above, 2)) - at(p, 2);
      if (dz > 0) hv += stair.area(at(ref, 0), at(ref, 1)) * dz;
    }
    return hv;
  }
  // slice along the objective with the fewest distinct values (e.g. CIM area: one per macro count)
  const distinct = ref.map((_, k) => new Set(inside.map((p) => p[k])).size);
  const cut = at(distinct, last) <= minOf(distinct) ? last : distinct.indexOf(minOf(distinct));
  if (cut !== last) {
    const swap = (p: readonly number[]): number[] => p.map((v, k) => (k === cut ? at(p, last) : k === last ? at(p, cut) : v));
    return hypervolumeOfCosts(inside.map(swap), swap(ref));
  }
  const lower = ref.slice(0, last);
  for (let i = 0; i < sorted.length; i++) {
    const above = sorted[i + 1]; // the next slice's point; none after the last
    const dz = (above === undefined ? at(ref, last) : at(above, last)) - at(at(sorted, i), last);
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
