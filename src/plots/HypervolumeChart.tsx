/** Hypervolume of the front after each generation: it only rises (the front keeps every non-dominated subnet found). */
import { useMemo } from 'react';
import { ChartAxes } from './ChartFrame';
import { hypervolumeLayout } from './hypervolume';

export function HypervolumeChart({
  hypervolumes,
  generations,
  width,
  height = 180,
}: {
  readonly hypervolumes: readonly number[];
  readonly generations: number;
  readonly width: number;
  readonly height?: number;
}) {
  const layout = useMemo(() => hypervolumeLayout(hypervolumes, generations, width, height), [hypervolumes, generations, width, height]);
  if (hypervolumes.length === 0) {
    // no run for this configuration: no axes with a made-up range, a plain statement instead
    return (
      <svg
        className="train-chart"
        data-testid="hv-chart"
        data-generations={0}
        width={width}
        height={height}
        role="img"
        aria-label="hypervolume: no data for this configuration"
      >
        <text className="chart-empty" x={width / 2} y={height / 2} textAnchor="middle">
          hypervolume: no data for this configuration
        </text>
      </svg>
    );
  }
  return (
    <svg
      className="train-chart"
      data-testid="hv-chart"
      data-generations={hypervolumes.length}
      width={width}
      height={height}
      role="img"
      aria-label={`hypervolume over ${hypervolumes.length} generations${layout.last ? `, now ${layout.last.value.toFixed(4)}` : ''}`}
    >
      <ChartAxes height={height} x={layout.x} y={layout.y} xTitle="generation" yTitle="hypervolume" />
      <path className="series-line hv-line" d={layout.path || undefined} />
      {layout.last && <circle className="hv-last" cx={layout.last.xPx} cy={layout.last.yPx} r={3} />}
    </svg>
  );
}
