/**
 * Layout of the Pareto plots (SPEC §8): two objectives on the axes, the third as colour, the front as
 * a staircase, the previous front as a ghost. d3 does the maths (scales, the staircase, the colour
 * ramp, a quadtree for hit-testing); the component draws the result, in SVG, or on a canvas once the
 * points are many (`drawPoints` in paretoCanvas.ts). Pure: no DOM.
 */
import { quadtree, scaleLinear, scaleSequential, type Quadtree, type ScaleLinear, type ScaleSequential } from 'd3';
import { interpolateViridis } from './viridis';
import { OBJECTIVES, measuredAccuracy, type ObjectiveBox, type ObjectiveId, type SearchPoint } from '../core';
import { round1 } from './series';
import { axis, pathOf, type AxisLayout, type Margin } from './trainCharts';

/** How an objective reads on an axis: a title a student understands, and the value in its unit. */
export interface ObjectiveAxis {
  readonly title: string;
  readonly short: string;
  /** the objective's value in the axis unit (accuracy in %, parameters in millions) */
  readonly value: (p: SearchPoint, measured?: number) => number;
  readonly format: (v: number) => string;
  /** true: larger is better */
  readonly higherIsBetter: boolean;
}

/** Each objective's axis, from core's vocabulary (OBJECTIVES): its title, label, display unit and format. */
export const OBJECTIVE_AXES: Readonly<Record<ObjectiveId, ObjectiveAxis>> = Object.fromEntries(
  Object.values(OBJECTIVES).map((o): [ObjectiveId, ObjectiveAxis] => [
    o.id,
    {
      title: o.title,
      short: o.label,
      // a measured (supernet) accuracy replaces the search's
      value: (p, measured) => o.display(o.id === 'accuracy' ? (measured ?? p.metrics.accuracy) : p.metrics[o.id]),
      format: o.format,
      higherIsBetter: o.direction === 'max',
    },
  ]),
) as Record<ObjectiveId, ObjectiveAxis>;

export interface ParetoOptions {
  readonly width: number;
  readonly height: number;
  readonly x: ObjectiveId;
  readonly y: ObjectiveId;
  /** the third objective, drawn as colour (null: none) */
  readonly color: ObjectiveId | null;
  /** zoomed domains (data units); null: fit all points, the front and the ghost */
  readonly xDomain?: readonly [number, number] | null;
  readonly yDomain?: readonly [number, number] | null;
  /** measured (supernet) accuracy by key, which replaces the search's accuracy where present */
  readonly measured?: Readonly<Record<string, number>>;
  readonly margin?: Margin;
}

export interface PlacedPoint {
  readonly key: string;
  readonly xPx: number;
  readonly yPx: number;
  readonly x: number;
  readonly y: number;
  /** colour of the third objective ('' without one) */
  readonly fill: string;
  readonly onFront: boolean;
  readonly feasible: boolean;
}

export interface ParetoLayout {
  readonly width: number;
  readonly height: number;
  readonly margin: Margin;
  readonly x: AxisLayout;
  readonly y: AxisLayout;
  readonly xs: ScaleLinear<number, number>;
  readonly ys: ScaleLinear<number, number>;
  readonly xTitle: string;
  readonly yTitle: string;
  /** every point, dominated first, so the front draws on top */
  readonly points: readonly PlacedPoint[];
  /** the front as a staircase through its points in this projection ('' when empty) */
  readonly frontPath: string;
  readonly ghostPath: string;
  /** the exhaustive (true) front, when one was enumerated ('' otherwise) */
  readonly referencePath: string;
  readonly ghostPoints: readonly { readonly xPx: number; readonly yPx: number }[];
  readonly color: {
    readonly objective: ObjectiveId;
    readonly title: string;
    readonly domain: readonly [number, number];
    readonly scale: ScaleSequential<string>;
  } | null;
  /** nearest point within `radius` px of (px, py), or null */
  find(px: number, py: number, radius?: number): PlacedPoint | null;
}

/** A point's colour from 256 precomputed steps of the scale over `domain`. */
function colorRamp(
  scale: ScaleSequential<string>,
  domain: readonly [number, number],
  axisOf: ObjectiveAxis,
  measured: Readonly<Record<string, number>>,
): (p: SearchPoint) => string {
  const [lo, hi] = domain;
  const steps = Array.from({ length: 256 }, (_, i) => scale(lo + ((hi - lo) * i) / 255));
  const span = hi - lo || 1;
  return (p) =>
    steps[Math.max(0, Math.min(255, Math.round(((axisOf.value(p, measuredAccuracy(measured, p.key)) - lo) / span) * 255)))] as string;
}

export const PARETO_MARGIN: Margin = { top: 26, right: 16, bottom: 40, left: 56 };

/** Padded extent: a single value or equal ends still make a visible axis. */
function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

/**
 * The non-dominated staircase of a front in one 2-D projection: the points that no other point of
 * the front beats on both plotted objectives, joined by horizontal-then-vertical steps.
 */
export function staircase(
  pts: readonly { readonly x: number; readonly y: number }[],
  xHigherIsBetter: boolean,
  yHigherIsBetter: boolean,
): { x: number; y: number }[] {
  const sx = xHigherIsBetter ? -1 : 1;
  const sy = yHigherIsBetter ? -1 : 1;
  // as costs (smaller is better on both): sort by x cost, keep points whose y cost improves
  const sorted = [...pts].sort((a, b) => sx * a.x - sx * b.x || sy * a.y - sy * b.y);
  const kept: { x: number; y: number }[] = [];
  let best = Infinity;
  for (const p of sorted) {
    if (sy * p.y < best) {
      kept.push({ x: p.x, y: p.y });
      best = sy * p.y;
    }
  }
  const out: { x: number; y: number }[] = [];
  kept.forEach((p, i) => {
    const prev = kept[i - 1];
    if (prev) out.push({ x: p.x, y: prev.y });
    out.push(p);
  });
  return out;
}

/** The colour of the third objective over this configuration's points (the front alone when only it is known). */
function colorLayout(
  points: readonly SearchPoint[],
  front: readonly SearchPoint[],
  objective: ObjectiveId | null,
  measured: Readonly<Record<string, number>>,
): ParetoLayout['color'] {
  // no points of this configuration (only a ghost, or nothing): no colour bar, never a placeholder range
  if (!objective || (points.length === 0 && front.length === 0)) return null;
  const ac = OBJECTIVE_AXES[objective];
  const cv = (p: SearchPoint): number => ac.value(p, measuredAccuracy(measured, p.key));
  const [lo, hi] = extent(points.length > 0 ? points.map(cv) : front.map(cv));
  // viridis: dark = low. Flip for accuracy so that dark always means "better". 256 precomputed
  // colours: interpolating a colour string per point was most of a layout's time
  const scale = scaleSequential(interpolateViridis).domain(ac.higherIsBetter ? [hi, lo] : [lo, hi]);
  return { objective, title: ac.title, domain: [lo, hi], scale };
}

/** Every point placed once, dominated first and the front last, so the front draws on top. */
function placeAll(
  points: readonly SearchPoint[],
  front: readonly SearchPoint[],
  place: (p: SearchPoint, onFront: boolean) => PlacedPoint,
): PlacedPoint[] {
  const onFront = new Set(front.map((p) => p.key));
  const seen = new Set<string>();
  const back: PlacedPoint[] = [];
  for (const p of points) {
    if (onFront.has(p.key) || seen.has(p.key)) continue;
    seen.add(p.key);
    back.push(place(p, false));
  }
  return [...back, ...front.map((p) => place(p, true))];
}

export function paretoLayout(
  points: readonly SearchPoint[],
  front: readonly SearchPoint[],
  ghost: readonly SearchPoint[],
  opts: ParetoOptions,
  reference: readonly SearchPoint[] = [],
): ParetoLayout {
  const margin = opts.margin ?? PARETO_MARGIN;
  const ax = OBJECTIVE_AXES[opts.x];
  const ay = OBJECTIVE_AXES[opts.y];
  const measured = opts.measured ?? {};
  const xv = (p: SearchPoint): number => ax.value(p, measuredAccuracy(measured, p.key));
  const yv = (p: SearchPoint): number => ay.value(p, measuredAccuracy(measured, p.key));
  const all = [...points, ...front, ...ghost, ...reference];
  const xs = scaleLinear()
    .domain(opts.xDomain ? [...opts.xDomain] : extent(all.map(xv)))
    .range([margin.left, opts.width - margin.right]);
  const ys = scaleLinear()
    .domain(opts.yDomain ? [...opts.yDomain] : extent(all.map(yv)))
    .range([opts.height - margin.bottom, margin.top]);
  if (!opts.xDomain) xs.nice();
  if (!opts.yDomain) ys.nice();
  const color = colorLayout(points, front, opts.color, measured);
  const fillOf = color ? colorRamp(color.scale, color.domain, OBJECTIVE_AXES[color.objective], measured) : null;
  const placed = placeAll(points, front, (p, f) => {
    const x = xv(p);
    const y = yv(p);
    return { key: p.key, x, y, xPx: round1(xs(x)), yPx: round1(ys(y)), fill: fillOf ? fillOf(p) : '', onFront: f, feasible: p.feasible };
  });
  const stair = (pts: readonly SearchPoint[]): string =>
    pts.length === 0
      ? ''
      : (pathOf(
          staircase(
            pts.map((p) => ({ x: xv(p), y: yv(p) })),
            ax.higherIsBetter,
            ay.higherIsBetter,
          ).map((p) => [xs(p.x), ys(p.y)] as const),
        ) ?? '');
  let tree: Quadtree<PlacedPoint> | null = null;
  return {
    width: opts.width,
    height: opts.height,
    margin,
    xs,
    ys,
    x: axis(xs, Math.max(2, Math.round((opts.width - margin.left - margin.right) / 80))),
    y: axis(ys, Math.max(2, Math.round((opts.height - margin.top - margin.bottom) / 50))),
    xTitle: ax.title,
    yTitle: ay.title,
    points: placed,
    frontPath: stair(front),
    ghostPath: stair(ghost),
    referencePath: stair(reference),
    ghostPoints: ghost.map((p) => ({ xPx: round1(xs(xv(p))), yPx: round1(ys(yv(p))) })),
    color,
    find(px, py, radius = 8) {
      tree ??= quadtree<PlacedPoint>()
        .x((p) => p.xPx)
        .y((p) => p.yPx)
        .addAll(placed);
      return tree.find(px, py, radius) ?? null;
    },
  };
}

/**
 * The keys of the points inside a brush, judged in the brush's own two objectives, so that a
 * rectangle drawn on one plot picks the same subnets on every plot (linked brushing). null: no brush.
 */
export function brushedKeys(
  points: readonly SearchPoint[],
  brush: ObjectiveBox | null,
  measured: Readonly<Record<string, number>> = {},
): ReadonlySet<string> | null {
  if (!brush) return null;
  const ax = OBJECTIVE_AXES[brush.x];
  const ay = OBJECTIVE_AXES[brush.y];
  const [xlo, xhi] = [Math.min(brush.x0, brush.x1), Math.max(brush.x0, brush.x1)];
  const [ylo, yhi] = [Math.min(brush.y0, brush.y1), Math.max(brush.y0, brush.y1)];
  const out = new Set<string>();
  for (const p of points) {
    const x = ax.value(p, measuredAccuracy(measured, p.key));
    const y = ay.value(p, measuredAccuracy(measured, p.key));
    if (x >= xlo && x <= xhi && y >= ylo && y <= yhi) out.add(p.key);
  }
  return out;
}
