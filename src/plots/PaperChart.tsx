/** One paper-view chart: axes, dashed rules (budgets, the paper's figure), and each series as a line with marked points. */
import { ChartAxes } from './ChartFrame';
import type { PaperChartLayout } from './paperCharts';
import { schemaMarkPath, type SchemaShape } from './schemaStyle';

export interface PaperSeriesStyle {
  readonly label: string;
  readonly color: string;
  readonly shape: SchemaShape;
}

export function PaperChart({
  layout,
  styles,
  xTitle,
  yTitle,
  title,
  testId,
}: {
  readonly layout: PaperChartLayout;
  readonly styles: Readonly<Record<string, PaperSeriesStyle>>;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly title: string;
  readonly testId: string;
}) {
  const { width, height, x, y } = layout;
  return (
    <figure className="paper-chart" style={{ width }}>
      <div className="sweep-legend" aria-hidden="true">
        {layout.series.map((s) => {
          const st = styles[s.id];
          return st ? (
            <span key={s.id} data-legend-item data-legend-mark={st.shape}>
              <svg width={14} height={12} className="legend-mark">
                <path d={schemaMarkPath(st.shape, 7, 6, 9)} fill={st.color} />
              </svg>{' '}
              {st.label}
            </span>
          ) : null;
        })}
        {layout.rules.length > 0 && (
          <span data-legend-item data-legend-mark="dash">
            <i className="dash" /> {layout.rules.length === 1 ? layout.rules[0]?.label : 'latency budgets'}
          </span>
        )}
      </div>
      <svg
        className="train-chart"
        data-testid={testId}
        role="img"
        aria-label={layout.summary}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <title>{title}</title>
        <desc>{layout.summary}</desc>
        <ChartAxes height={height} x={x} y={y} xTitle={xTitle} yTitle={yTitle} />
        {layout.rules.map((r) => (
          <line key={`${r.x1},${r.y1}`} className="paper-rule" x1={r.x1} x2={r.x2} y1={r.y1} y2={r.y2}>
            <title>{r.label}</title>
          </line>
        ))}
        {layout.series.map((s) => {
          const st = styles[s.id];
          if (!st) return null;
          return (
            <g key={s.id} data-series={s.id} style={{ stroke: st.color, fill: st.color }}>
              {s.path && <path d={s.path} fill="none" strokeWidth={1.5} />}
              {s.points.map((p, i) => (
                <path key={i} d={schemaMarkPath(st.shape, p.xPx, p.yPx, 7)} stroke="none">
                  <title>{p.title}</title>
                </path>
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
