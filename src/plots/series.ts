/**
 * Series maths for the training charts: extract per-role losses from a history, smooth them,
 * thin them to what a screen can show. Pure functions over plain data; no DOM, no React.
 */
import type { SandwichRole, StepLog } from '../core';

/** One data point: `x` in steps completed, `y` in the series' unit (loss, accuracy %). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Largest and smallest by a loop (a spread of a long array overflows the call stack): core's, for the charts. */
export { maxOf, minOf } from '../core';

/** Rounds to 0.1 (px): layout outputs are compared as exact strings in tests. */
export const round1 = (v: number): number => {
  const r = Math.round(v * 10) / 10;
  return r === 0 ? 0 : r; // no "-0"
};

/**
 * The loss of each sandwich role over a run. `x` is the number of steps completed (step + 1), so
 * the last point of a finished run sits at `totalSteps`. `random` is the mean of that step's random
 * subnets. Non-finite losses are skipped; a step with no finite value for a role adds no point.
 */
export function lossSeries(steps: readonly StepLog[]): Record<SandwichRole, Point[]> {
  const out: Record<SandwichRole, Point[]> = { largest: [], smallest: [], random: [] };
  for (const s of steps) {
    const x = s.step + 1;
    let sum = 0;
    let count = 0;
    let largest = NaN;
    let smallest = NaN;
    for (let i = 0; i < s.roles.length; i++) {
      const v = s.losses[i];
      if (v === undefined || !Number.isFinite(v)) continue;
      const role = s.roles[i];
      // the first largest/smallest of a step wins; a sandwich has exactly one of each
      if (role === 'largest' && Number.isNaN(largest)) largest = v;
      else if (role === 'smallest' && Number.isNaN(smallest)) smallest = v;
      else if (role === 'random') {
        sum += v;
        count++;
      }
    }
    if (!Number.isNaN(largest)) out.largest.push({ x, y: largest });
    if (!Number.isNaN(smallest)) out.smallest.push({ x, y: smallest });
    if (count > 0) out.random.push({ x, y: sum / count });
  }
  return out;
}

/**
 * Exponential moving average, `s ← s + α·(y − s)`, seeded with the first value. It restarts at the
 * first point past `resetAfterX` (the phase boundary), so the jump when ViT blocks switch on is not
 * smeared into phase 1.
 */
export function ema(points: readonly Point[], alpha: number, resetAfterX: number | null = null): Point[] {
  const out: Point[] = [];
  let s = NaN;
  let pending = resetAfterX; // the reset still to come, if any
  for (const p of points) {
    const restart = pending !== null && p.x > pending;
    if (restart) pending = null;
    s = Number.isNaN(s) || restart ? p.y : s + alpha * (p.y - s);
    out.push({ x: p.x, y: s });
  }
  return out;
}

/**
 * Thins `points` (sorted by x) to at most two per pixel column: the minimum and the maximum of
 * each column, in their original order, so spikes survive. The first and the last point are always
 * kept. Returns `points` itself when it already has no more than two per column.
 */
export function downsample(points: readonly Point[], xPx: (x: number) => number, columns: number): readonly Point[] {
  const n = points.length;
  if (n <= 2 * Math.max(1, columns)) return points;
  const keep: number[] = [];
  let start = 0;
  while (start < n) {
    const col = Math.floor(xPx((points[start] as Point).x));
    let end = start + 1;
    let iMin = start;
    let iMax = start;
    while (end < n && Math.floor(xPx((points[end] as Point).x)) === col) {
      const y = (points[end] as Point).y;
      if (y < (points[iMin] as Point).y) iMin = end;
      if (y > (points[iMax] as Point).y) iMax = end;
      end++;
    }
    const picks = [iMin, iMax];
    if (start === 0) picks.push(0);
    if (end === n) picks.push(n - 1);
    for (const i of [...new Set(picks)].sort((a, b) => a - b)) keep.push(i);
    start = end;
  }
  return keep.map((i) => points[i] as Point);
}
