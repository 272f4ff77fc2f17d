/**
 * The scatter of an imported table (issue 18): each subnet's measured accuracy against the page's
 * estimate of it, with the diagonal where they would be equal. Drawn by `PaperChart`.
 */
import { maxOf, minOf, type Agreement } from '../core';
import { frame, type PaperChartLayout } from './paperCharts';
import { round1 } from './series';

export function agreementLayout(a: Agreement, width: number, height: number): PaperChartLayout {
  const all = a.points.flatMap((p) => [p.estimate * 100, p.measured * 100]);
  const lo = all.length > 0 ? minOf(all) : 0;
  const hi = all.length > 0 ? maxOf(all) : 100;
  const f = frame(width, height, [lo, hi], [lo, hi]);
  const points = a.points.map((p) => ({
    xPx: round1(f.xs(p.estimate * 100)),
    yPx: round1(f.ys(p.measured * 100)),
    title: `${p.key}: estimated ${(p.estimate * 100).toFixed(2)} %, measured ${(p.measured * 100).toFixed(2)} %`,
  }));
  const [d0, d1] = f.xs.domain() as [number, number];
  return {
    width: f.w,
    height,
    margin: f.margin,
    x: f.x,
    y: f.y,
    series: [{ id: 'subnets', path: '', points }],
    rules: [{ x1: round1(f.xs(d0)), x2: round1(f.xs(d1)), y1: round1(f.ys(d0)), y2: round1(f.ys(d1)), label: 'estimate = measurement' }],
    summary: `${a.points.length} subnets: measured accuracy against the page's estimate; Kendall τ ${a.kendallTau === null ? '—' : a.kendallTau.toFixed(2)}.`,
  };
}
