import { useMemo } from 'react';
import type { TrainHistory } from '../core';
import { ChartAxes, ChartLegend, PhaseLine } from './ChartFrame';
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
  const { margin, x, y, phase } = layout;
  const hasData = layout.series.some((s) => s.points > 0);
  // a role with no data (no random subnets) stays out of the legend, unless nothing has data yet
  const legend = layout.series.filter((s) => s.points > 0 || !hasData).map((s) => ({ role: s.role, label: LEGEND[s.role] }));
  return (
    <svg
      className="train-chart"
      data-testid="loss-chart"
      role="img"
      aria-label={layout.summary}
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
    >
      <title>Training loss per sampled subnet</title>
      <desc>
        Cross-entropy loss of the largest subnet, the smallest subnet and the mean of the random subnets at each training step, smoothed,
        over the raw values drawn faint.
        {phase ? ' The dashed line marks where phase 2 switches the ViT blocks on.' : ''} {layout.summary}.
      </desc>
      <ChartAxes height={layout.height} x={x} y={y} xTitle="training step" yTitle="loss (cross-entropy)" />
      {phase && <PhaseLine phase={phase} top={y.rangePx[1]} bottom={y.rangePx[0]} />}
      {layout.series.map((s) => (
        <g key={s.role} className={`series series-${s.role}`}>
          <path className="series-raw" d={s.rawPath || undefined} data-raw={s.role} />
          <path className="series-line" d={s.smoothPath || undefined} data-series={s.role} data-points={s.points} />
          {s.last && <circle className="series-head" cx={s.last.xPx} cy={s.last.yPx} r={2.5} />}
        </g>
      ))}
      <ChartLegend items={legend} x={margin.left} y={margin.top / 2} />
    </svg>
  );
}
