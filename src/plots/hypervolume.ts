/**
 * Layout of the hypervolume chart (the front's quality after each generation of a search): the
 * generation axis, a value axis zoomed to the values, the line and its last point, in the Pareto
 * plots' margins. Pure: d3 scales and a path string.
 */
import { scaleLinear } from 'd3';
import { PARETO_MARGIN } from './pareto';
import { maxOf, minOf, round1 } from './series';
import { axis, pathOf, type AxisLayout, type Margin } from './trainCharts';

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
