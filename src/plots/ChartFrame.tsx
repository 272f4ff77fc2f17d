/**
 * The chart frame the SVG charts share: grid, axes with titles (also the Pareto, sweep and
 * hypervolume charts'), and for the two training charts the whole frame around their series: the
 * titled, described image, the phase line and the legend.
 */
import type { ReactNode } from 'react';
import { textWidth } from './svgParts';
import type { AxisLayout, LossLayout, PhaseMarker } from './trainCharts';

interface AxesProps {
  /** outer height of the SVG, px: the x title sits at its bottom */
  readonly height: number;
  readonly x: AxisLayout;
  readonly y: AxisLayout;
  readonly xTitle: string;
  readonly yTitle: string;
}

/** Horizontal grid lines at the y ticks, the two axis lines, tick labels and axis titles. */
export function ChartAxes({ height, x, y, xTitle, yTitle }: AxesProps) {
  const [left, right] = x.rangePx;
  const [bottom, top] = y.rangePx;
  return (
    <g className="chart-axes">
      <g className="chart-grid" aria-hidden="true">
        {y.ticks.map((t) => (
          <line key={t.value} x1={left} x2={right} y1={t.px} y2={t.px} />
        ))}
      </g>
      <line className="chart-axis-line" x1={left} x2={right} y1={bottom} y2={bottom} />
      <line className="chart-axis-line" x1={left} x2={left} y1={top} y2={bottom} />
      {x.ticks.map((t) => (
        <text key={t.value} className="chart-tick" x={t.px} y={bottom + 14} textAnchor="middle">
          {t.label}
        </text>
      ))}
      {y.ticks.map((t) => (
        <text key={t.value} className="chart-tick" x={left - 6} y={t.px} dy="0.32em" textAnchor="end">
          {t.label}
        </text>
      ))}
      <text className="chart-axis-title" x={(left + right) / 2} y={height - 6} textAnchor="middle">
        {xTitle}
      </text>
      <text className="chart-axis-title" transform={`translate(12,${(top + bottom) / 2}) rotate(-90)`} textAnchor="middle">
        {yTitle}
      </text>
    </g>
  );
}

/** What the training charts' frame reads of their layout (loss and accuracy layouts both have it). */
type TrainFrameLayout = Pick<LossLayout, 'width' | 'height' | 'margin' | 'x' | 'y' | 'phase' | 'summary'>;

/**
 * A training chart: an image labelled with the layout's summary, its title and description (the
 * phase line's meaning and the summary appended), axes over training steps, the phase line, the
 * caller's series, and the legend above the plot.
 */
export function TrainChartFrame(props: {
  readonly layout: TrainFrameLayout;
  readonly testId: string;
  readonly title: string;
  /** what the chart shows, in a sentence; the description goes on from it */
  readonly description: string;
  readonly yTitle: string;
  readonly legend: readonly LegendItem[];
  /** the legend's swatches carry the series' point shape */
  readonly marker?: boolean;
  readonly children: ReactNode;
}) {
  const { layout } = props;
  const { margin, x, y, phase } = layout;
  return (
    <svg
      className="train-chart"
      data-testid={props.testId}
      role="img"
      aria-label={layout.summary}
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
    >
      <title>{props.title}</title>
      <desc>
        {props.description}
        {phase ? ' The dashed line marks where phase 2 switches the ViT blocks on.' : ''} {layout.summary}.
      </desc>
      <ChartAxes height={layout.height} x={x} y={y} xTitle="training step" yTitle={props.yTitle} />
      {phase && <PhaseLine phase={phase} top={y.rangePx[1]} bottom={y.rangePx[0]} />}
      {props.children}
      <ChartLegend items={props.legend} x={margin.left} y={margin.top / 2} marker={props.marker ?? false} />
    </svg>
  );
}

/** The dashed vertical line where phase 2 (ViT blocks on) begins, with its label. */
export function PhaseLine({ phase, top, bottom }: { readonly phase: PhaseMarker; readonly top: number; readonly bottom: number }) {
  return (
    <g className="chart-phase" data-testid="phase-boundary">
      <line x1={phase.xPx} x2={phase.xPx} y1={top} y2={bottom} />
      <text x={phase.labelXPx} y={top + 11} textAnchor={phase.anchor}>
        {phase.label}
      </text>
    </g>
  );
}

export interface LegendItem {
  readonly role: string;
  readonly label: string;
}

/** A row of swatches above the plot area; `marker` adds the series' point shape to each swatch. */
export function ChartLegend({
  items,
  x,
  y,
  marker = false,
}: {
  readonly items: readonly LegendItem[];
  readonly x: number;
  readonly y: number;
  readonly marker?: boolean;
}) {
  return (
    <g className="chart-legend" transform={`translate(${x},${y})`}>
      {items.map((item, i) => (
        // each entry as wide as its label (a fixed 88 px cut "random (mean)" short)
        <g
          key={item.role}
          className={`series-${item.role}`}
          transform={`translate(${items.slice(0, i).reduce((a, it) => a + 23 + textWidth(it.label) + 16, 0)},0)`}
        >
          <line className="series-line" x1={0} x2={18} y1={0} y2={0} />
          {marker && <SeriesMarker role={item.role} xPx={9} yPx={0} />}
          <text x={23} y={0} dy="0.32em">
            {item.label}
          </text>
        </g>
      ))}
    </g>
  );
}

/** A point of a series: a circle for the largest subnet, a square otherwise, so shape tells them apart too. */
export function SeriesMarker({ role, xPx, yPx }: { readonly role: string; readonly xPx: number; readonly yPx: number }) {
  return role === 'largest' ? (
    <circle className="series-marker" cx={xPx} cy={yPx} r={3} />
  ) : (
    <rect className="series-marker" x={xPx - 2.75} y={yPx - 2.75} width={5.5} height={5.5} />
  );
}
