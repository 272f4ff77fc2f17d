/** Hypervolume of the front after each generation: it only rises (the front keeps every non-dominated subnet found). */
import { useMemo } from 'react';
import { ChartAxes } from './ChartFrame';
import { hypervolumeLayout } from './pareto';

export function HypervolumeChart({ hypervolumes, generations, width, height = 180 }: { readonly hypervolumes: readonly number[]; readonly generations: number; readonly width: number; readonly height?: number }) {
  const layout = useMemo(() => hypervolumeLayout(hypervolumes, generations, width, height), [hypervolumes, generations, width, height]);
  return (
    <svg className="train-chart" data-testid="hv-chart" data-generations={hypervolumes.length} width={width} height={height} role="img" aria-label={`hypervolume over ${hypervolumes.length} generations${layout.last ? `, now ${layout.last.value.toFixed(4)}` : ''}`}>
      <ChartAxes height={height} x={layout.x} y={layout.y} xTitle="generation" yTitle="hypervolume" />
      <path className="series-line hv-line" d={layout.path || undefined} />
      {layout.last && <circle className="hv-last" cx={layout.last.xPx} cy={layout.last.yPx} r={3} />}
    </svg>
  );
}
