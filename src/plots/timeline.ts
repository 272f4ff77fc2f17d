/**
 * Layout of the NPU/CIM placement timeline (SPEC §8): one row per execution schema on a shared time
 * axis, and in each row a lane per unit — the NPU, each CIM compute unit, the link. Bars are the
 * schedule's timeline events, coloured by layer kind. Pure: d3 scales, no DOM but the canvas context
 * handed to `drawTimeline`.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import { SCHEMA_LABELS, type Estimate, type LayerKind, type SchemaId, type TimelineEvent } from '../core';
import { maxOf } from './series';
import { axis, type AxisLayout } from './trainCharts';

export const LAYER_KIND_COLORS: Readonly<Record<LayerKind, string>> = {
  conv: '#3867d6',
  pwconv: '#4b7bec',
  dwconv: '#45aaf2',
  linear: '#0f9d76',
  matmul: '#20bf6b',
  softmax: '#b7791f',
  norm: '#a5b1c2',
  eltwise: '#8854d0',
  pool: '#778ca3',
};

/** The link lane's bars (activation hand-offs between the units): a brown no layer kind uses. */
export const LINK_COLOR = '#6b4f1d';

export interface Lane {
  readonly schema: SchemaId;
  /** 'NPU', 'CIM' (one compute unit) or 'LINK' */
  readonly unit: TimelineEvent['unit'];
  readonly cu: number;
  readonly label: string;
  readonly y: number;
  readonly height: number;
  /** events of this lane sorted by start, for drawing and hit-testing */
  readonly events: readonly TimelineEvent[];
}

export interface TimelineLayout {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly xs: ScaleLinear<number, number>;
  readonly x: AxisLayout;
  readonly lanes: readonly Lane[];
  /** one header per schema row: its label and total latency */
  readonly rows: readonly { readonly schema: SchemaId; readonly label: string; readonly y: number; readonly latencyMs: number }[];
  readonly events: number;
  /** the event under (px, py), or null */
  find(px: number, py: number): { lane: Lane; event: TimelineEvent } | null;
}

const LANE_H = 14;
const ROW_GAP = 22;
const AXIS_H = 30;

/**
 * Lanes: NPU, then a CIM lane per compute unit (`cimUnits`), then the link, for each schema in
 * order. `xDomain` (µs) zooms; by default the axis spans the slowest schema.
 */
export function timelineLayout(
  estimate: Estimate,
  schemas: readonly SchemaId[],
  cimUnits: number,
  width: number,
  xDomain?: readonly [number, number] | null,
): TimelineLayout {
  const left = 120;
  const right = 12;
  const longest = Math.max(1e-9, maxOf(schemas.map((s) => estimate.schemas[s].latencyMs * 1000)));
  const xs = scaleLinear()
    .domain(xDomain ? [...xDomain] : [0, longest])
    .range([left, width - right]);
  const lanes: Lane[] = [];
  const rows: TimelineLayout['rows'][number][] = [];
  let y = 4;
  let events = 0;
  for (const schema of schemas) {
    const sched = estimate.schemas[schema];
    rows.push({ schema, label: SCHEMA_LABELS[schema], y, latencyMs: sched.latencyMs });
    y += ROW_GAP - 6;
    const timeline = sched.timeline;
    events += timeline.length;
    const units: { unit: TimelineEvent['unit']; cu: number; label: string }[] = [
      { unit: 'NPU', cu: 0, label: 'NPU' },
      ...Array.from({ length: cimUnits }, (_, cu) => ({ unit: 'CIM' as const, cu, label: cimUnits > 1 ? `CIM unit ${cu + 1}` : 'CIM' })),
      { unit: 'LINK', cu: 0, label: 'link' },
    ];
    for (const u of units) {
      const evs = timeline
        .filter((e) => e.unit === u.unit && (u.unit !== 'CIM' || (e.cu ?? 0) === u.cu))
        .sort((a, b) => a.startUs - b.startUs);
      lanes.push({ schema, unit: u.unit, cu: u.cu, label: u.label, y, height: LANE_H - 2, events: evs });
      y += LANE_H;
    }
    y += 6;
  }
  const height = y + AXIS_H;
  const xAxis = axis(xs, Math.max(2, Math.round((width - left - right) / 90)));
  return {
    width,
    height,
    left,
    right,
    xs,
    events,
    lanes,
    rows,
    x: { ...xAxis, rangePx: [left, width - right] },
    find(px, py) {
      const lane = lanes.find((l) => py >= l.y && py < l.y + l.height + 2);
      if (!lane) return null;
      const t = xs.invert(px);
      const tol = xs.invert(px + 2) - t; // 2 px of slack for thin bars
      // the last event starting at or before t + tol
      let lo = 0;
      let hi = lane.events.length - 1;
      let hit = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((lane.events[mid] as TimelineEvent).startUs <= t + tol) {
          hit = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const e = lane.events[hit];
      return e && e.endUs >= t - tol ? { lane, event: e } : null;
    },
  };
}

/** The area the zoom works in, px: the lanes between the axis's ends, full height (pan stays inside it). */
export function lanesExtent(layout: TimelineLayout): [[number, number], [number, number]] {
  return [
    [layout.left, 0],
    [layout.width - layout.right, layout.height],
  ];
}

/** Each layer's kind by index (a bar's colour); 'conv' for an index the estimate lacks. */
export function layerKindOf(estimate: Estimate): (layer: number) => LayerKind {
  return (i) => estimate.layers[i]?.kind ?? 'conv';
}

/** The part of a canvas 2-D context the painter uses. */
export interface TimelineCanvas {
  fillStyle: unknown;
  globalAlpha: number;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
}

/** Paints every bar (at least 1 px wide, so hundreds of short layers stay visible); `highlight` dims the others. */
export function drawTimeline(
  ctx: TimelineCanvas,
  layout: TimelineLayout,
  kindOf: (layer: number) => LayerKind,
  highlight: number | null,
  pixelRatio = 1,
): void {
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);
  const [x0, x1] = [layout.left, layout.width - layout.right];
  for (const lane of layout.lanes) {
    for (const e of lane.events) {
      const a = layout.xs(e.startUs);
      const b = layout.xs(e.endUs);
      if (b < x0 || a > x1) continue;
      const left = Math.max(x0, a);
      const w = Math.max(1, Math.min(x1, b) - left);
      ctx.globalAlpha = highlight === null || highlight === e.layer ? 1 : 0.25;
      ctx.fillStyle = lane.unit === 'LINK' ? LINK_COLOR : LAYER_KIND_COLORS[kindOf(e.layer)];
      ctx.fillRect(left, lane.y, w, lane.height);
    }
  }
  ctx.globalAlpha = 1;
}
