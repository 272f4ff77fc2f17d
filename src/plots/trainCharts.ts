/**
 * Layout of the supernet training charts (SPEC §7–§8): loss per sandwich role and validation
 * accuracy of the extremes over steps. d3 does the maths here; the components only draw the
 * result. Every coordinate is rounded to 0.1 px, so tests compare exact strings.
 */
import { line, scaleLinear, type ScaleLinear } from 'd3';
import type { EvalLog, SandwichRole, TrainHistory } from '../core';
import { downsample, ema, lossSeries, round1, type Point } from './series';

/** Space around the plot area, in px: room for the legend (top) and the axes (bottom, left). */
export interface Margin {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export const DEFAULT_MARGIN: Margin = { top: 28, right: 16, bottom: 40, left: 52 };
/** Smoothing factor of the loss curves' exponential moving average. */
export const EMA_ALPHA = 0.2;
export const PHASE_LABEL = 'phase 2: ViT blocks on';

export interface ChartOptions {
  /** outer size of the SVG, px */
  readonly width: number;
  readonly height: number;
  /** steps of the whole run: the x axis ends here, so the curves grow toward it */
  readonly totalSteps: number;
  /** steps in phase 1 of two-phase training (phase 2 starts after them), or null for single-phase */
  readonly phaseBoundary: number | null;
  readonly margin?: Margin;
}

export interface Tick {
  readonly value: number;
  readonly px: number;
  readonly label: string;
}

export interface AxisLayout {
  readonly domain: readonly [number, number];
  readonly rangePx: readonly [number, number];
  readonly ticks: readonly Tick[];
}

/** The dashed line where phase 2 begins, and where its label sits. */
export interface PhaseMarker {
  readonly xPx: number;
  readonly label: string;
  readonly labelXPx: number;
  readonly anchor: 'start' | 'end';
}

/** The newest point of a series, in data units and in px. */
export interface LastPoint {
  readonly step: number;
  readonly value: number;
  readonly xPx: number;
  readonly yPx: number;
}

export interface LossSeriesLayout {
  readonly role: SandwichRole;
  /** the raw losses, drawn faint */
  readonly rawPath: string;
  /** the EMA-smoothed losses */
  readonly smoothPath: string;
  /** finite data points before thinning (grows by one a step) */
  readonly points: number;
  /** vertices of each path after thinning */
  readonly drawnPoints: number;
  readonly last: LastPoint | null;
}

interface Frame {
  readonly width: number;
  readonly height: number;
  readonly margin: Margin;
  readonly x: AxisLayout;
  readonly phase: PhaseMarker | null;
}

export interface LossLayout extends Frame {
  readonly y: AxisLayout;
  /** always largest, smallest, random, in that order (empty paths when a role has no data) */
  readonly series: readonly LossSeriesLayout[];
  /** e.g. "Loss at step 120 of 600: largest 0.61, smallest 0.95, random 0.88" */
  readonly summary: string;
}

export interface AccuracySeriesLayout {
  readonly role: 'largest' | 'smallest';
  readonly path: string;
  /** one marker per (thinned) evaluation */
  readonly markers: readonly { readonly xPx: number; readonly yPx: number }[];
  readonly points: number;
  /** `value` in % */
  readonly last: LastPoint | null;
}

export interface AccuracyLayout extends Frame {
  readonly y: AxisLayout;
  readonly series: readonly AccuracySeriesLayout[];
  /** e.g. "Validation accuracy at step 120 of 600: largest 81.2 %, smallest 64.0 %" */
  readonly summary: string;
}

const ROLES: readonly SandwichRole[] = ['largest', 'smallest', 'random'];
/** A polyline through points in px, coordinates to 0.1 px: every chart's line and staircase. */
export const pathOf = line<readonly [number, number]>()
  .x((p) => p[0])
  .y((p) => p[1])
  .digits(1);
// about 6.5 px a character at the chart's 11 px font: flip the label left when it would clip
const LABEL_PX = PHASE_LABEL.length * 6.5;

export function axis(scale: ScaleLinear<number, number>, count: number, integers = false): AxisLayout {
  const [d0, d1] = scale.domain() as [number, number];
  const [r0, r1] = scale.range() as [number, number];
  const format = scale.tickFormat(count);
  // steps are whole: no "2.5" on a short run's step axis
  const values = scale.ticks(count).filter((v) => !integers || Number.isInteger(v));
  const ticks = values.map((value) => ({ value, px: round1(scale(value)), label: format(value) }));
  return { domain: [d0, d1], rangePx: [r0, r1], ticks };
}

/** Size, x axis (0 to the end of the run) and phase marker, shared by both charts. */
function frame(opts: ChartOptions, lastX: number): Frame & { xs: ScaleLinear<number, number>; columns: number; rows: number } {
  const margin = opts.margin ?? DEFAULT_MARGIN;
  const width = Math.max(opts.width, margin.left + margin.right + 1);
  const height = Math.max(opts.height, margin.top + margin.bottom + 1);
  const xMax = Math.max(1, opts.totalSteps, lastX);
  const xs = scaleLinear()
    .domain([0, xMax])
    .range([margin.left, width - margin.right]);
  const columns = Math.ceil(width - margin.left - margin.right);
  // about one y tick per 40 px and one x tick per 80 px
  const rows = Math.max(2, Math.floor((height - margin.top - margin.bottom) / 40));
  const b = opts.phaseBoundary;
  let phase: PhaseMarker | null = null;
  if (b !== null && b > 0 && b < xMax) {
    const xPx = round1(xs(b));
    const end = xPx + 4 + LABEL_PX > width - margin.right;
    phase = { xPx, label: PHASE_LABEL, labelXPx: round1(end ? xPx - 4 : xPx + 4), anchor: end ? 'end' : 'start' };
  }
  return { width, height, margin, x: axis(xs, Math.max(2, Math.floor(columns / 80)), true), phase, xs, columns, rows };
}

function project(points: readonly Point[], xs: ScaleLinear<number, number>, ys: ScaleLinear<number, number>) {
  return points.map((p): [number, number] => [round1(xs(p.x)), round1(ys(p.y))]);
}

function lastOf(points: readonly Point[], xs: ScaleLinear<number, number>, ys: ScaleLinear<number, number>): LastPoint | null {
  const p = points[points.length - 1];
  return p ? { step: p.x, value: p.y, xPx: round1(xs(p.x)), yPx: round1(ys(p.y)) } : null;
}

/**
 * Loss curves of the largest, the smallest and the mean of the random subnets: raw (faint) and
 * EMA-smoothed (α = {@link EMA_ALPHA}, restarted at the phase boundary), at most two vertices a
 * pixel column. y runs from 0 to a nice maximum of the finite losses ([0, 1] with no data).
 */
export function lossLayout(history: TrainHistory, opts: ChartOptions): LossLayout {
  const data = lossSeries(history.steps);
  const lastStep = history.steps[history.steps.length - 1];
  const f = frame(opts, lastStep ? lastStep.step + 1 : 0);
  let yMin = 0;
  let yMax = -Infinity;
  for (const role of ROLES) {
    for (const p of data[role]) {
      yMin = Math.min(yMin, p.y);
      yMax = Math.max(yMax, p.y);
    }
  }
  const ys = scaleLinear()
    .domain([yMin, yMax > yMin ? yMax : yMin + 1])
    .range([f.height - f.margin.bottom, f.margin.top])
    .nice(f.rows);
  const series = ROLES.map((role): LossSeriesLayout => {
    const raw = data[role];
    const rawDrawn = downsample(raw, f.xs, f.columns);
    const smoothDrawn = downsample(ema(raw, EMA_ALPHA, opts.phaseBoundary), f.xs, f.columns);
    return {
      role,
      rawPath: pathOf(project(rawDrawn, f.xs, ys)) ?? '',
      smoothPath: pathOf(project(smoothDrawn, f.xs, ys)) ?? '',
      points: raw.length,
      drawnPoints: rawDrawn.length,
      last: lastOf(raw, f.xs, ys),
    };
  });
  const values = series.flatMap((s) => (s.last ? [`${s.role} ${s.last.value.toFixed(2)}`] : []));
  const summary = !lastStep
    ? `Loss: no training steps yet (0 of ${opts.totalSteps})`
    : `Loss at step ${lastStep.step + 1} of ${opts.totalSteps}: ${values.length ? values.join(', ') : 'no finite values'}`;
  const { xs: _xs, columns: _columns, rows: _rows, ...rest } = f;
  return { ...rest, y: axis(ys, f.rows), series, summary };
}

/**
 * Validation accuracy (in %, from the fractions of {@link EvalLog}) of the largest and the smallest
 * subnet over steps; y is fixed to 0–100 %. Non-finite accuracies are skipped.
 */
export function accuracyLayout(evals: readonly EvalLog[], opts: ChartOptions): AccuracyLayout {
  const lastEval = evals[evals.length - 1];
  const f = frame(opts, lastEval ? lastEval.step : 0);
  const ys = scaleLinear()
    .domain([0, 100])
    .range([f.height - f.margin.bottom, f.margin.top]);
  // a tick every 20 % where there is room: the fixed 0–100 axis reads better with more of them
  const rows = Math.max(2, Math.floor((f.height - f.margin.top - f.margin.bottom) / 25));
  const series = (['largest', 'smallest'] as const).map((role): AccuracySeriesLayout => {
    const data = evals.flatMap((e) => (Number.isFinite(e[role]) ? [{ x: e.step, y: e[role] * 100 }] : []));
    const drawn = project(downsample(data, f.xs, f.columns), f.xs, ys);
    return {
      role,
      path: pathOf(drawn) ?? '',
      markers: drawn.map(([xPx, yPx]) => ({ xPx, yPx })),
      points: data.length,
      last: lastOf(data, f.xs, ys),
    };
  });
  const values = series.flatMap((s) => (s.last ? [`${s.role} ${s.last.value.toFixed(1)} %`] : []));
  const summary = !lastEval
    ? 'Validation accuracy: no evaluation yet'
    : `Validation accuracy at step ${lastEval.step} of ${opts.totalSteps}: ${values.length ? values.join(', ') : 'no finite values'}`;
  const { xs: _xs, columns: _columns, rows: _rows, ...rest } = f;
  return { ...rest, y: axis(ys, rows), series, summary };
}
