import { useMemo } from 'react';
import type { EvalLog } from '../core';
import { ChartAxes, ChartLegend, PhaseLine, SeriesMarker } from './ChartFrame';
import { accuracyLayout } from './trainCharts';

export interface AccuracyChartProps {
  /** evaluations in step order; accuracies as fractions 0–1, drawn in % */
  readonly evals: readonly EvalLog[];
  /** steps of the whole run: the x axis ends here */
  readonly totalSteps: number;
  /** steps in phase 1 of two-phase training, or null for a single-phase run */
  readonly phaseBoundary: number | null;
  /** outer size, px (the parent measures the width, e.g. with `useElementWidth`) */
  readonly width: number;
  readonly height?: number;
}

// past this many evaluations the markers would merge into the line
const MAX_MARKERS = 120;

/**
 * Validation accuracy of the largest and the smallest subnet over training steps. Each
 * `path[data-series]` carries `data-points`, the number of evaluations it holds.
 */
export function AccuracyChart({ evals, totalSteps, phaseBoundary, width, height = 200 }: AccuracyChartProps) {
  const layout = useMemo(
    () => accuracyLayout(evals, { width, height, totalSteps, phaseBoundary }),
    [evals, width, height, totalSteps, phaseBoundary],
  );
  const { margin, x, y, phase } = layout;
  return (
    <svg
      className="train-chart"
      data-testid="accuracy-chart"
      role="img"
      aria-label={layout.summary}
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
    >
      <title>Validation accuracy of the largest and the smallest subnet</title>
      <desc>
        Validation accuracy in percent of the largest and the smallest subnet, evaluated after BatchNorm recalibration, over training steps.
        {phase ? ' The dashed line marks where phase 2 switches the ViT blocks on.' : ''} {layout.summary}.
      </desc>
      <ChartAxes height={layout.height} x={x} y={y} xTitle="training step" yTitle="validation accuracy (%)" />
      {phase && <PhaseLine phase={phase} top={y.rangePx[1]} bottom={y.rangePx[0]} />}
      {layout.series.map((s) => (
        <g key={s.role} className={`series series-${s.role}`}>
          <path className="series-line" d={s.path || undefined} data-series={s.role} data-points={s.points} />
          {s.markers.length <= MAX_MARKERS
            ? s.markers.map((m, i) => <SeriesMarker key={i} role={s.role} xPx={m.xPx} yPx={m.yPx} />)
            : s.last && <SeriesMarker role={s.role} xPx={s.last.xPx} yPx={s.last.yPx} />}
        </g>
      ))}
      <ChartLegend items={layout.series.map((s) => ({ role: s.role, label: s.role }))} x={margin.left} y={margin.top / 2} marker />
    </svg>
  );
}
