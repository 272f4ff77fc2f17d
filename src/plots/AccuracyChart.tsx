import { useMemo } from 'react';
import type { EvalLog } from '../core';
import { SeriesMarker, TrainChartFrame } from './ChartFrame';
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
  return (
    <TrainChartFrame
      layout={layout}
      testId="accuracy-chart"
      title="Validation accuracy of the largest and the smallest subnet"
      description="Validation accuracy in percent of the largest and the smallest subnet, evaluated after BatchNorm recalibration, over training steps."
      yTitle="validation accuracy (%)"
      legend={layout.series.map((s) => ({ role: s.role, label: s.role }))}
      marker
    >
      {layout.series.map((s) => (
        <g key={s.role} className={`series series-${s.role}`}>
          <path className="series-line" d={s.path || undefined} data-series={s.role} data-points={s.points} />
          {s.markers.length <= MAX_MARKERS
            ? s.markers.map((m, i) => <SeriesMarker key={i} role={s.role} xPx={m.xPx} yPx={m.yPx} />)
            : s.last && <SeriesMarker role={s.role} xPx={s.last.xPx} yPx={s.last.yPx} />}
        </g>
      ))}
    </TrainChartFrame>
  );
}
