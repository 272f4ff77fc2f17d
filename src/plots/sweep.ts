/**
 * The CIM design sweep (SPEC §8, the paper's multi-macro / multi-CU study): latency and energy of the
 * selected subnet under each schema as the CIM macros M and compute units U vary. `cimSweep` runs the
 * estimator over the grid; `sweepLayout` lays one small panel per (metric, schema) out, a line per U.
 */
import { scaleLinear, scaleLog } from 'd3';
import {
  calibrated,
  estimateLayers,
  validateSystem,
  type Calibration,
  type HwKey,
  type HwParams,
  type Layer,
  type SchemaId,
} from '../core';
import { maxOf, round1 } from './series';
import { axis, pathOf, type AxisLayout } from './trainCharts';

export const SWEEP_MACROS: readonly number[] = [1, 2, 4, 8, 16];
export const SWEEP_UNITS: readonly number[] = [1, 2, 4];

export interface SweepPoint {
  readonly macros: number;
  readonly units: number;
  readonly schemas: Readonly<Record<SchemaId, { readonly latencyMs: number; readonly energyUj: number }>>;
}

/**
 * Every (M, U ≤ M) of the grid on the system's other parameters, edits included; `layersOf` gives the
 * subject's layers on a system (a subnet's `expandGenome`, an opened model's layers).
 */
export function cimSweep(
  layersOf: (hw: HwParams) => readonly Layer[],
  baseId: string,
  edits: Readonly<Partial<Record<HwKey, number>>>,
  calibration: Calibration | null = null,
): SweepPoint[] {
  const out: SweepPoint[] = [];
  for (const macros of SWEEP_MACROS) {
    for (const units of SWEEP_UNITS) {
      if (units > macros || macros % units !== 0) continue;
      const sys = validateSystem({ base: baseId, ...edits, cimMacros: macros, cimUnits: units });
      if (!sys.ok) continue;
      const hw = calibrated(sys.value.params, calibration);
      const est = estimateLayers(layersOf(hw), hw);
      const pick = (s: SchemaId) => ({ latencyMs: est.schemas[s].latencyMs, energyUj: est.schemas[s].energyUj });
      out.push({ macros, units, schemas: { npu: pick('npu'), cim: pick('cim'), hetero: pick('hetero'), parallel: pick('parallel') } });
    }
  }
  return out;
}

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
