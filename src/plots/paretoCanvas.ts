/**
 * The Pareto plot's canvas painter, for clouds too many for SVG circles (`CANVAS_FROM` in
 * ParetoPlot.tsx): the points of a `paretoLayout`, grouped by style, and the colours the canvas, the
 * stylesheet and the SVG export share. No DOM but the 2-D context handed in.
 */
import type { ParetoLayout, PlacedPoint } from './pareto';

/** Colours the canvas and the SVG share (the stylesheet's). */
export const PARETO_COLORS = { dominated: '#8a94a6', front: '#1f5fbf', infeasible: '#c0392b' } as const;

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

/**
 * Draws the points on a 2-D canvas context (the many-points path): dominated points faded, points
 * outside the brush fainter still, front points full and outlined. Grouped by style, so the fill
 * style changes a handful of times for 10,000 points.
 */
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
