/**
 * Layout of the Pareto plots (SPEC §8): two objectives on the axes, the third as colour, the front as
 * a staircase, the previous front as a ghost. d3 does the maths (scales, the staircase, the colour
 * ramp, a quadtree for hit-testing); the component draws the result, in SVG, or on a canvas once the
 * points are many (`drawPoints`). Pure: no DOM but the canvas context handed in.
 */
import { line, quadtree, scaleLinear, scaleSequential, type Quadtree, type ScaleLinear, type ScaleSequential } from 'd3';
import { interpolateViridis } from './viridis';
import { measuredAccuracy, type ObjectiveBox, type ObjectiveId, type SearchPoint } from '../core';
import { maxOf, minOf, round1 } from './series';
import { axis, type AxisLayout, type Margin } from './trainCharts';

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

const fixed =
  (digits: number) =>
  (v: number): string =>
    v.toFixed(digits);

export const OBJECTIVE_AXES: Readonly<Record<ObjectiveId, ObjectiveAxis>> = {
  accuracy: {
    title: 'accuracy (%)',
    short: 'accuracy',
    value: (p, measured) => 100 * (measured ?? p.metrics.accuracy),
    format: fixed(1),
    higherIsBetter: true,
  },
  latencyMs: {
    title: 'latency per image (ms)',
    short: 'latency',
    value: (p) => p.metrics.latencyMs,
    format: (v) => (v < 1 ? v.toFixed(3) : v.toFixed(2)),
    higherIsBetter: false,
  },
  energyUj: { title: 'energy per image (µJ)', short: 'energy', value: (p) => p.metrics.energyUj, format: fixed(1), higherIsBetter: false },
  params: {
    title: 'parameters (millions)',
    short: 'params',
    value: (p) => p.metrics.params / 1e6,
    format: fixed(3),
    higherIsBetter: false,
  },
  cimAreaMm2: { title: 'CIM area (mm²)', short: 'CIM area', value: (p) => p.metrics.cimAreaMm2, format: fixed(2), higherIsBetter: false },
};

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

const pathOf = line<readonly [number, number]>()
  .x((p) => p[0])
  .y((p) => p[1])
  .digits(1);

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
  let color: ParetoLayout['color'] = null;
  // no points of this configuration (only a ghost, or nothing): no colour bar, never a placeholder range
  if (opts.color && (points.length > 0 || front.length > 0)) {
    const ac = OBJECTIVE_AXES[opts.color];
    const cv = (p: SearchPoint): number => ac.value(p, measuredAccuracy(measured, p.key));
    const [lo, hi] = extent(points.length > 0 ? points.map(cv) : front.map(cv));
    // viridis: dark = low. Flip for accuracy so that dark always means "better". 256 precomputed
    // colours: interpolating a colour string per point was most of a layout's time
    const scale = scaleSequential(interpolateViridis).domain(ac.higherIsBetter ? [hi, lo] : [lo, hi]);
    color = { objective: opts.color, title: ac.title, domain: [lo, hi], scale };
  }
  const onFront = new Set(front.map((p) => p.key));
  const fillOf = color ? colorRamp(color.scale, color.domain, OBJECTIVE_AXES[color.objective], measured) : null;
  const place = (p: SearchPoint, f: boolean): PlacedPoint => {
    const x = xv(p);
    const y = yv(p);
    return { key: p.key, x, y, xPx: round1(xs(x)), yPx: round1(ys(y)), fill: fillOf ? fillOf(p) : '', onFront: f, feasible: p.feasible };
  };
  const seen = new Set<string>();
  const back: PlacedPoint[] = [];
  for (const p of points) {
    if (onFront.has(p.key) || seen.has(p.key)) continue;
    seen.add(p.key);
    back.push(place(p, false));
  }
  const placed = [...back, ...front.map((p) => place(p, true))];
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

/** Colours the canvas and the SVG share (the stylesheet's). */
export const PARETO_COLORS = { dominated: '#8a94a6', front: '#1f5fbf', infeasible: '#c0392b' } as const;

/**
 * Draws the points on a 2-D canvas context (the many-points path): dominated points faded, points
 * outside the brush fainter still, front points full and outlined. Grouped by style, so the fill
 * style changes a handful of times for 10,000 points.
 */
/** The part of a canvas 2-D context `drawPoints` uses (typed here so that Node's checks need no DOM). */
export interface Canvas2D {
  globalAlpha: number;
  lineWidth: number;
  fillStyle: unknown;
  strokeStyle: unknown;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  moveTo(x: number, y: number): void;
  save(): void;
  restore(): void;
  beginPath(): void;
  clip(): void;
  fill(): void;
  stroke(): void;
}

export function drawPoints(ctx: Canvas2D, layout: ParetoLayout, brushed: ReadonlySet<string> | null, pixelRatio = 1): void {
  const inside = (p: PlacedPoint): boolean => brushed === null || brushed.has(p.key);
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(
    layout.margin.left,
    layout.margin.top,
    layout.width - layout.margin.left - layout.margin.right,
    layout.height - layout.margin.top - layout.margin.bottom,
  );
  ctx.clip();
  // dominated points, grouped by colour so each group is one path
  const groups = new Map<string, PlacedPoint[]>();
  for (const p of layout.points) {
    if (p.onFront) continue;
    const k = `${p.fill || (p.feasible ? PARETO_COLORS.dominated : PARETO_COLORS.infeasible)}|${inside(p) ? 1 : 0}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(p);
  }
  for (const [k, pts] of groups) {
    const [fill, inside] = k.split('|');
    ctx.globalAlpha = inside === '1' ? 0.35 : 0.08;
    ctx.fillStyle = fill as string;
    // small squares: a rectangle is several times cheaper to fill than an arc, and at 4 px the eye
    // does not tell them apart from the SVG's dots
    for (const p of pts) ctx.fillRect(p.xPx - 2, p.yPx - 2, 4, 4);
  }
  ctx.globalAlpha = 1;
  ctx.lineWidth = 1;
  ctx.strokeStyle = PARETO_COLORS.front;
  for (const p of layout.points) {
    if (!p.onFront) continue;
    ctx.globalAlpha = inside(p) ? 1 : 0.25;
    ctx.fillStyle = p.fill || PARETO_COLORS.front;
    ctx.beginPath();
    ctx.arc(p.xPx, p.yPx, 4, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

export interface HypervolumeLayout {
  readonly x: AxisLayout;
  readonly y: AxisLayout;
  readonly path: string;
  readonly last: { readonly xPx: number; readonly yPx: number; readonly value: number } | null;
}

/** Hypervolume (a fraction of the normalised box) over generations, generation 1 first. */
export function hypervolumeLayout(
  hv: readonly number[],
  generations: number,
  width: number,
  height: number,
  margin: Margin = PARETO_MARGIN,
): HypervolumeLayout {
  const xs = scaleLinear()
    .domain([1, Math.max(2, generations)])
    .range([margin.left, width - margin.right]);
  // zoomed to the values: the rise over generations is often a few per cent of the whole
  const hi = maxOf(hv, 1);
  const lo = minOf(hv, 0);
  const pad = (hi - lo) * 0.1 || Math.max(0.01, hi * 0.01);
  const ys = scaleLinear()
    .domain([Math.max(0, lo - pad), hi + pad])
    .range([height - margin.bottom, margin.top])
    .nice();
  const pts = hv.map((v, i) => [xs(i + 1), ys(v)] as const);
  const lastV = hv[hv.length - 1];
  return {
    x: axis(xs, Math.max(2, Math.round((width - margin.left - margin.right) / 80)), true),
    y: axis(ys, 4),
    path: pts.length > 0 ? (pathOf(pts) ?? '') : '',
    last: lastV === undefined ? null : { xPx: round1(xs(hv.length)), yPx: round1(ys(lastV)), value: lastV },
  };
}
