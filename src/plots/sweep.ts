/**
 * The CIM design sweep's chart (SPEC §8, the paper's multi-macro / multi-CU study): `sweepLayout` lays
 * one small panel per (metric, schema) out, a line per U, over the grid core's `cimSweep` computes
 * (re-exported here for the chart's callers).
 */
import { scaleLinear, scaleLog } from 'd3';
import { SWEEP_MACROS, SWEEP_UNITS, type SchemaId, type SweepPoint } from '../core';
import { maxOf, round1 } from './series';
import { axis, pathOf, type AxisLayout } from './trainCharts';

export { SWEEP_MACROS, SWEEP_UNITS, cimSweep, type SweepPoint } from '../core';

export interface SweepPanel {
  readonly metric: 'latencyMs' | 'energyUj';
  readonly schema: SchemaId;
  readonly x: AxisLayout;
  readonly y: AxisLayout;
  /** one line per U, with its points */
  readonly lines: readonly {
    readonly units: number;
    readonly path: string;
    readonly points: readonly { readonly macros: number; readonly xPx: number; readonly yPx: number; readonly value: number }[];
  }[];
  /** the NPU-only value, a horizontal reference */
  readonly npuPx: number;
  /** the current hardware's point, when it is on the grid */
  readonly current: { readonly xPx: number; readonly yPx: number } | null;
}

export function sweepLayout(
  points: readonly SweepPoint[],
  current: { macros: number; units: number },
  width: number,
  height: number,
): SweepPanel[] {
  const margin = { top: 18, right: 8, bottom: 30, left: 44 };
  const panels: SweepPanel[] = [];
  for (const metric of ['latencyMs', 'energyUj'] as const) {
    // one y scale per metric across the schemas, so panels compare at a glance
    const all = points.flatMap((p) => (['npu', 'cim', 'hetero', 'parallel'] as const).map((s) => p.schemas[s][metric]));
    const hi = maxOf(all, 0);
    for (const schema of ['cim', 'hetero', 'parallel'] as const) {
      const xs = scaleLog()
        .base(2)
        .domain([1, 16])
        .range([margin.left, width - margin.right]);
      const ys = scaleLinear()
        .domain([0, hi * 1.05])
        .range([height - margin.bottom, margin.top])
        .nice();
      const lines = SWEEP_UNITS.map((units) => {
        const pts = points
          .filter((p) => p.units === units)
          .map((p) => ({
            macros: p.macros,
            xPx: round1(xs(p.macros)),
            yPx: round1(ys(p.schemas[schema][metric])),
            value: p.schemas[schema][metric],
          }));
        return { units, path: pts.length > 1 ? (pathOf(pts.map((p) => [p.xPx, p.yPx] as const)) ?? '') : '', points: pts };
      }).filter((l) => l.points.length > 0);
      const cur = points.find((p) => p.macros === current.macros && p.units === current.units);
      const npu = points[0]?.schemas.npu[metric] ?? 0;
      const xAxis = axis(xs as unknown as Parameters<typeof axis>[0], 5);
      panels.push({
        metric,
        schema,
        lines,
        x: { ...xAxis, ticks: SWEEP_MACROS.map((m) => ({ value: m, px: round1(xs(m)), label: String(m) })) },
        y: axis(ys, 3),
        npuPx: round1(ys(npu)),
        current: cur ? { xPx: round1(xs(cur.macros)), yPx: round1(ys(cur.schemas[schema][metric])) } : null,
      });
    }
  }
  return panels;
}
