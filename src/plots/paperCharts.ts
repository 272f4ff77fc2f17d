/**
 * Layout of the paper view's charts (issue 17): claim 1's two fronts on one accuracy–latency plot with
 * the latency budgets, and claim 2's savings against NPU-only along the hybrid front with the paper's
 * figure as a reference line. d3 does the maths; the components draw the result (0.1 px coordinates).
 */
import { line, scaleLinear } from 'd3';
import { maxOf, minOf, type ExecutionClaim, type PaperPoint } from '../core';
import { round1 } from './series';
import { axis, DEFAULT_MARGIN, type AxisLayout, type Margin } from './trainCharts';

export interface SeriesLayout {
  readonly id: string;
  /** the front as a staircase (a Pareto front: each subnet's accuracy holds until the next) */
  readonly path: string;
  readonly points: readonly { readonly xPx: number; readonly yPx: number; readonly title: string }[];
}

export interface PaperChartLayout {
  readonly width: number;
  readonly height: number;
  readonly margin: Margin;
  readonly x: AxisLayout;
  readonly y: AxisLayout;
  readonly series: readonly SeriesLayout[];
  /** vertical lines (budgets) or horizontal ones (the paper's figure) */
  readonly rules: readonly { readonly x1: number; readonly x2: number; readonly y1: number; readonly y2: number; readonly label: string }[];
  readonly summary: string;
}

const extent = (xs: readonly number[]): [number, number] => {
  const lo = minOf(xs);
  const hi = maxOf(xs);
  return lo === hi ? [lo * 0.9, hi * 1.1 + 1e-9] : [lo, hi];
};

export function frame(width: number, height: number, xDomain: [number, number], yDomain: [number, number]) {
  const margin: Margin = { ...DEFAULT_MARGIN, top: 16 };
  const w = Math.max(width, margin.left + margin.right + 1);
  const xs = scaleLinear()
    .domain(xDomain)
    .range([margin.left, w - margin.right])
    .nice();
  const ys = scaleLinear()
    .domain(yDomain)
    .range([height - margin.bottom, margin.top])
    .nice();
  const cols = Math.max(2, Math.floor((w - margin.left - margin.right) / 80));
  const rows = Math.max(2, Math.floor((height - margin.top - margin.bottom) / 40));
  return { margin, w, xs, ys, x: axis(xs, cols), y: axis(ys, rows) };
}

/** Claim 1: both fronts (accuracy in %, latency in ms), and a dashed line at each budget. */
export function frontsLayout(
  fronts: { readonly hybrid: readonly PaperPoint[]; readonly mbOnly: readonly PaperPoint[] },
  budgets: readonly number[],
  width: number,
  height: number,
): PaperChartLayout {
  const all = [...fronts.hybrid, ...fronts.mbOnly];
  const f = frame(width, height, extent(all.map((p) => p.latencyMs)), extent(all.map((p) => p.accuracy * 100)));
  const stair = line<[number, number]>()
    .x((d) => d[0])
    .y((d) => d[1]);
  const series = (['hybrid', 'mbOnly'] as const).map((id): SeriesLayout => {
    const pts = fronts[id].map((p) => ({
      xPx: round1(f.xs(p.latencyMs)),
      yPx: round1(f.ys(p.accuracy * 100)),
      title: `${id === 'hybrid' ? 'hybrid' : 'MBConv only'}: ${(p.accuracy * 100).toFixed(2)} % at ${p.latencyMs.toFixed(3)} ms, ${p.transformers} transformer block${p.transformers === 1 ? '' : 's'}`,
    }));
    const steps: [number, number][] = [];
    pts.forEach((p, i) => {
      const prev = pts[i - 1];
      if (prev) steps.push([p.xPx, prev.yPx]);
      steps.push([p.xPx, p.yPx]);
    });
    return { id, path: stair(steps) ?? '', points: pts };
  });
  const [bottom, top] = f.y.rangePx;
  const rules = budgets.map((b) => ({ x1: round1(f.xs(b)), x2: round1(f.xs(b)), y1: bottom, y2: top, label: `${b.toFixed(3)} ms` }));
  return {
    width: f.w,
    height,
    margin: f.margin,
    x: f.x,
    y: f.y,
    series,
    rules,
    summary: `Accuracy against latency: the hybrid front (${fronts.hybrid.length} subnets) and the MBConv-only front (${fronts.mbOnly.length}), with ${budgets.length} latency budgets.`,
  };
}

/** Claim 2: the saving of `hetero` and `parallel` against NPU-only for each front subnet, and the paper's figure. */
export function savingsLayout(
  execution: ExecutionClaim,
  metric: 'latencySaving' | 'energySaving',
  paperFigure: number,
  width: number,
  height: number,
): PaperChartLayout {
  const rows = execution.rows;
  const xsData = rows.map((r) => r.point.latencyMs);
  const ysData = [...rows.flatMap((r) => [r.hetero[metric] * 100, r.parallel[metric] * 100]), paperFigure * 100, 0];
  const f = frame(width, height, extent(xsData), extent(ysData));
  const path = line<{ xPx: number; yPx: number }>()
    .x((d) => d.xPx)
    .y((d) => d.yPx);
  const what = metric === 'latencySaving' ? 'latency' : 'energy';
  const series = (['hetero', 'parallel'] as const).map((id): SeriesLayout => {
    const points = rows.map((r) => ({
      xPx: round1(f.xs(r.point.latencyMs)),
      yPx: round1(f.ys(r[id][metric] * 100)),
      title: `${id}: ${(r[id][metric] * 100).toFixed(2)} % less ${what} than NPU-only, subnet at ${r.point.latencyMs.toFixed(3)} ms`,
    }));
    return { id, path: path(points) ?? '', points };
  });
  const [left, right] = f.x.rangePx;
  const yPaper = round1(f.ys(paperFigure * 100));
  return {
    width: f.w,
    height,
    margin: f.margin,
    x: f.x,
    y: f.y,
    series,
    rules: [{ x1: left, x2: right, y1: yPaper, y2: yPaper, label: `the paper: ${(paperFigure * 100).toFixed(2)} %` }],
    summary: `${what} saving against NPU-only along the hybrid front (${rows.length} subnets), hetero and parallel, with the paper's ${(paperFigure * 100).toFixed(2)} %.`,
  };
}
