/**
 * The pieces Timeline.tsx assembles over its canvas of bars, each drawing part of a `timelineLayout`:
 * the legend above the chart, the schema rows' titles with their totals (and a pinned baseline's),
 * the baseline marks, the lane labels, the time axis, the hovered bar's outline and its tooltip.
 */
import { SCHEMA_LABELS, type Estimate, type SchemaId, type TimelineEvent } from '../core';
import { SchemaMark } from './SchemaMark';
import { SCHEMA_STYLE, schemaMarkPath } from './schemaStyle';
import { LAYER_KIND_COLORS, LINK_COLOR, type Lane, type TimelineLayout } from './timeline';

/** A bar under the pointer: its lane and event, and the pointer in px. */
export interface TimelineHover {
  readonly lane: Lane;
  readonly event: TimelineEvent;
  readonly x: number;
  readonly y: number;
}

type BaselineMs = Readonly<Record<SchemaId, number>>;

/** Bar colours (the layer kinds present, the link) and the rows' schema marks. */
export function TimelineLegend({ estimate, schemas }: { readonly estimate: Estimate; readonly schemas: readonly SchemaId[] }) {
  const kinds = [...new Set(estimate.layers.map((l) => l.kind))];
  return (
    <div className="timeline-legend" data-testid="timeline-legend">
      <span className="legend-group" role="group" aria-label="bar colour: layer kind">
        {kinds.map((k) => (
          <span key={k}>
            <i style={{ background: LAYER_KIND_COLORS[k] }} /> {k}
          </span>
        ))}
        <span>
          <i style={{ background: LINK_COLOR }} /> link transfer
        </span>
      </span>
      <span className="legend-group" role="group" aria-label="rows: execution schema">
        {schemas.map((s) => (
          <span key={s} data-schema={s}>
            <SchemaMark schema={s} /> {SCHEMA_LABELS[s]}
          </span>
        ))}
      </span>
    </div>
  );
}

/** Each schema row's mark, name and total latency, and the baseline's total beside it when one is pinned. */
export function TimelineRows({
  layout,
  baselineMs,
}: {
  readonly layout: TimelineLayout;
  readonly baselineMs: BaselineMs | null | undefined;
}) {
  return layout.rows.map((r) => (
    <g key={r.schema}>
      <path d={schemaMarkPath(SCHEMA_STYLE[r.schema].shape, 9, r.y + 6, 9)} fill={SCHEMA_STYLE[r.schema].color} />
      <text className="timeline-row" x={18} y={r.y + 10} data-schema={r.schema}>
        {r.label} — {r.latencyMs.toFixed(3)} ms
        {baselineMs && (
          <tspan className="timeline-baseline-label" data-baseline-ms={baselineMs[r.schema]}>
            {' '}
            · baseline {baselineMs[r.schema].toFixed(3)} ms
          </tspan>
        )}
      </text>
    </g>
  ));
}

/** A thin dashed line across each schema's lanes at the baseline's total, where it falls on the axis. */
export function BaselineMarks({ layout, baselineMs }: { readonly layout: TimelineLayout; readonly baselineMs: BaselineMs }) {
  return (
    <g className="timeline-baseline">
      {layout.rows.map((r) => {
        const x = layout.xs(baselineMs[r.schema] * 1000);
        const lanes = layout.lanes.filter((l) => l.schema === r.schema);
        const last = lanes[lanes.length - 1];
        if (!last || x < layout.left || x > layout.width - layout.right) return null;
        return <line key={r.schema} data-schema={r.schema} x1={x} x2={x} y1={(lanes[0]?.y ?? 0) - 2} y2={last.y + last.height + 2} />;
      })}
    </g>
  );
}

/** Each lane's label and its baseline rule; `data-bars` counts the lane's bars (drawn on the canvas). */
export function TimelineLanes({ layout }: { readonly layout: TimelineLayout }) {
  const right = layout.width - layout.right;
  return layout.lanes.map((l) => (
    <g key={`${l.schema}:${l.unit}:${l.cu}`} data-lane={`${l.schema}:${l.unit}${l.unit === 'CIM' ? l.cu : ''}`} data-bars={l.events.length}>
      <text className="chart-tick" x={layout.left - 6} y={l.y + l.height / 2} dy="0.32em" textAnchor="end">
        {l.label}
      </text>
      <line className="timeline-lane" x1={layout.left} x2={right} y1={l.y + l.height + 1} y2={l.y + l.height + 1} />
    </g>
  ));
}

/** The time axis under the lanes; its title says how to zoom where the chart is wide enough. */
export function TimelineAxis({ layout }: { readonly layout: TimelineLayout }) {
  const { left, height, width } = layout;
  const right = width - layout.right;
  return (
    <g className="chart-axes">
      <line className="chart-axis-line" x1={left} x2={right} y1={height - 28} y2={height - 28} />
      {layout.x.ticks.map((t) => (
        <text key={t.value} className="chart-tick" x={t.px} y={height - 14} textAnchor="middle">
          {t.label}
        </text>
      ))}
      <text className="chart-axis-title" x={right} y={height - 2} textAnchor="end">
        {/* the how-to only where it fits: on a phone it would run off the left edge */}
        {width >= 520 ? 'time (µs) · wheel to zoom, drag to pan, double-click to reset' : 'time (µs)'}
      </text>
    </g>
  );
}

/** The hovered bar's outline: at least a pixel wide, clipped at the axis start, a pixel of margin round it. */
export function HoverOutline({ layout, hover }: { readonly layout: TimelineLayout; readonly hover: TimelineHover }) {
  const x0 = Math.max(layout.left, layout.xs(hover.event.startUs));
  return (
    <rect
      className="timeline-hover"
      x={x0 - 1}
      y={hover.lane.y - 1}
      width={Math.max(1, layout.xs(hover.event.endUs) - x0) + 2}
      height={hover.lane.height + 2}
    />
  );
}

/** The hovered bar's layer, unit, schema, times, energy, bound and the reason for its placement. */
export function TimelineTooltip(props: {
  readonly estimate: Estimate;
  readonly hover: TimelineHover;
  readonly width: number;
  reason(schema: SchemaId, layer: number): string;
}) {
  const { estimate, hover } = props;
  const layer = estimate.layers[hover.event.layer];
  if (!layer) return null;
  const cost = estimate.costs[hover.event.layer];
  const unitCost = hover.lane.unit === 'CIM' ? cost?.cim : cost?.npu;
  return (
    <div className="pareto-tooltip" role="tooltip" style={{ left: Math.min(hover.x + 12, props.width - 240), top: hover.y + 12 }}>
      <b>
        #{hover.event.layer} {layer.name}
      </b>{' '}
      ({layer.kind}) on {hover.lane.label}, {SCHEMA_LABELS[hover.lane.schema]}
      <br />
      {hover.event.startUs.toFixed(2)}–{hover.event.endUs.toFixed(2)} µs, {hover.event.energyUj.toFixed(3)} µJ
      {hover.lane.unit !== 'LINK' && unitCost && <>; {unitCost.bound}-bound</>}
      <br />
      {hover.lane.unit === 'LINK'
        ? 'hand-off of the activations across the NPU↔CIM link'
        : props.reason(hover.lane.schema, hover.event.layer)}
    </div>
  );
}
