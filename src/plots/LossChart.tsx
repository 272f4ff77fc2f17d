import { useMemo } from 'react';
import type { TrainHistory } from '../core';
import { TrainChartFrame } from './ChartFrame';
import { lossLayout, type LossSeriesLayout } from './trainCharts';

export interface LossChartProps {
  readonly history: TrainHistory;
  /** steps of the whole run: the x axis ends here */
  readonly totalSteps: number;
  /** steps in phase 1 of two-phase training, or null for a single-phase run */
  readonly phaseBoundary: number | null;
  /** outer size, px (the parent measures the width, e.g. with `useElementWidth`) */
  readonly width: number;
  readonly height?: number;
}

const LEGEND: Record<LossSeriesLayout['role'], string> = { largest: 'largest', smallest: 'smallest', random: 'random (mean)' };

/**
 * Training loss of the sandwich (largest, smallest, mean of the random subnets), smoothed over
 * faint raw curves, with the phase-2 boundary. `path[data-series]` is the smoothed curve of a role
 * and its `data-points` the number of steps it holds, so a test can watch the curves grow.
 */
export function LossChart({ history, totalSteps, phaseBoundary, width, height = 240 }: LossChartProps) {
  const layout = useMemo(
    () => lossLayout(history, { width, height, totalSteps, phaseBoundary }),
    [history, width, height, totalSteps, phaseBoundary],
  );
  const hasData = layout.series.some((s) => s.points > 0);
  // a role with no data (no random subnets) stays out of the legend, unless nothing has data yet
  const legend = layout.series.filter((s) => s.points > 0 || !hasData).map((s) => ({ role: s.role, label: LEGEND[s.role] }));
  return (
    <TrainChartFrame
      layout={layout}
      testId="loss-chart"
      title="Training loss per sampled subnet"
      description="Cross-entropy loss of the largest subnet, the smallest subnet and the mean of the random subnets at each training step, smoothed, over the raw values drawn faint."
      yTitle="loss (cross-entropy)"
      legend={legend}
    >
      {layout.series.map((s) => (
        <g key={s.role} className={`series series-${s.role}`}>
          <path className="series-raw" d={s.rawPath || undefined} data-raw={s.role} />
          <path className="series-line" d={s.smoothPath || undefined} data-series={s.role} data-points={s.points} />
          {s.last && <circle className="series-head" cx={s.last.xPx} cy={s.last.yPx} r={2.5} />}
        </g>
      ))}
    </TrainChartFrame>
  );
}
