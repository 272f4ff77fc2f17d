/**
 * What the Pareto plot's component derives from a layout before it draws: the titles (the accuracy
 * axis says where its accuracy comes from), the image's label, the colour bar's gradient, and the
 * brush box in px and back in objective units. Pure functions of plain data, so the component only
 * draws and wires behaviours.
 */
import type { ObjectiveBox, ObjectiveId } from '../core';
import { OBJECTIVE_AXES, type ParetoLayout } from './pareto';

/** A rectangle in px: top-left, bottom-right (d3-brush's selection). */
export type PxBox = [[number, number], [number, number]];

export interface ParetoTitles {
  /** "accuracy against latency" */
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
}

export function paretoTitles(layout: ParetoLayout, x: ObjectiveId, y: ObjectiveId, accuracyLabel: string): ParetoTitles {
  return {
    title: `${OBJECTIVE_AXES[y].short} against ${OBJECTIVE_AXES[x].short}`,
    xTitle: x === 'accuracy' ? `${layout.xTitle} · ${accuracyLabel}` : layout.xTitle,
    yTitle: y === 'accuracy' ? `${layout.yTitle} · ${accuracyLabel}` : layout.yTitle,
  };
}

/** The plot's accessible name: what it shows and how many subnets, the ghost named when there is one. */
export function paretoAriaLabel(title: string, points: number, front: number, ghost: number): string {
  return `${title}: ${points} subnets, ${front} on the front${ghost > 0 ? `; dashed grey, the previous configuration's front of ${ghost}` : ''}`;
}

/** The colour bar's CSS gradient: five stops of the colour scale from the low end of its domain to the high. */
export function colorbarGradient(color: NonNullable<ParetoLayout['color']>): string {
  const [lo, hi] = color.domain;
  return `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => color.scale(lo + t * (hi - lo))).join(',')})`;
}

/** A brush drawn in px on the plot `x` against `y`, in those objectives' units. */
export function boxFromPx([[px0, py0], [px1, py1]]: PxBox, layout: ParetoLayout, x: ObjectiveId, y: ObjectiveId): ObjectiveBox {
  return { x, y, x0: layout.xs.invert(px0), x1: layout.xs.invert(px1), y0: layout.ys.invert(py1), y1: layout.ys.invert(py0) };
}

/** A brush in objective units as px on the (possibly zoomed) plot, clamped to the plot area; null when under a pixel. */
export function boxToPx(box: ObjectiveBox, layout: ParetoLayout): PxBox | null {
  const { margin, xs, ys, width, height } = layout;
  const clampX = (v: number): number => Math.max(margin.left, Math.min(width - margin.right, v));
  const clampY = (v: number): number => Math.max(margin.top, Math.min(height - margin.bottom, v));
  const [px0, px1] = [clampX(xs(Math.min(box.x0, box.x1))), clampX(xs(Math.max(box.x0, box.x1)))];
  const [py0, py1] = [clampY(ys(Math.max(box.y0, box.y1))), clampY(ys(Math.min(box.y0, box.y1)))];
  return px1 - px0 < 1 || py1 - py0 < 1
    ? null
    : [
        [px0, py0],
        [px1, py1],
      ];
}
