/**
 * The placement timeline: every schema's schedule of the selected subnet on one time axis, a lane per
 * unit. Bars are painted on a canvas (the largest `nasvit` subnet is thousands of bars); axes, labels
 * and the hover outline are SVG. Wheel zooms the time axis, drag pans, double-click resets. Hover a
 * bar for its layer, unit, times, energy, bound and reason; click it to select the layer.
 */
import { select, zoom as d3zoom, zoomIdentity, type D3ZoomEvent, type ZoomTransform } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { SCHEMA_LABELS, type Estimate, type LayerKind, type SchemaId, type TimelineEvent } from '../core';
import { ExportButtons } from './ExportButtons';
import { SchemaMark } from './SchemaMark';
import { SCHEMA_STYLE, schemaMarkPath } from './schemaStyle';
import { timelineSvg } from './svgExport';
import { drawTimeline, LAYER_KIND_COLORS, LINK_COLOR, timelineLayout, type Lane, type TimelineLayout } from './timeline';

export interface TimelineProps {
  readonly estimate: Estimate;
  readonly schemas: readonly SchemaId[];
  readonly cimUnits: number;
  readonly width: number;
  /** the selected layer (highlighted), or null */
  readonly selectedLayer: number | null;
  onSelectLayer(layer: number | null): void;
  /** why `schema` placed layer `i` where it did */
  reason(schema: SchemaId, layer: number): string;
  /** saves a file (the timeline as SVG or PNG) */
  onFile?(name: string, data: Blob | string, type: string): void;
  /** a pinned baseline's total per schema (ms): named beside each row's total, and a thin marker where it ends */
  readonly baselineMs?: Readonly<Record<SchemaId, number>> | null;
}

export function Timeline(props: TimelineProps) {
  const { estimate, schemas, cimUnits, width, selectedLayer } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [zoom, setZoom] = useState<ZoomTransform>(zoomIdentity);
  const [hover, setHover] = useState<{ lane: Lane; event: TimelineEvent; x: number; y: number } | null>(null);
  const base = useMemo(() => timelineLayout(estimate, schemas, cimUnits, width), [estimate, schemas, cimUnits, width]);
  const layout = useMemo(
    () =>
      zoom.k === 1 && zoom.x === 0
        ? base
        : timelineLayout(estimate, schemas, cimUnits, width, zoom.rescaleX(base.xs).domain() as [number, number]),
    [base, zoom, estimate, schemas, cimUnits, width],
  );
  const kindOf = useMemo(
    () =>
      (i: number): LayerKind =>
        estimate.layers[i]?.kind ?? 'conv',
    [estimate],
  );

  useEffect(() => {
    const c = canvasRef.current?.getContext('2d');
    if (c) drawTimeline(c, layout, kindOf, selectedLayer, window.devicePixelRatio || 1);
  }, [layout, kindOf, selectedLayer]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const behaviour = d3zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, 500])
      .translateExtent([
        [base.left, 0],
        [width - base.right, base.height],
      ])
      .extent([
        [base.left, 0],
        [width - base.right, base.height],
      ])
      .on('zoom', (e: D3ZoomEvent<SVGSVGElement, unknown>) => setZoom(e.transform));
    const sel = select(svg);
    sel
      .call(behaviour)
      .on('dblclick.zoom', null)
      .on('dblclick.reset', () => sel.call(behaviour.transform, zoomIdentity));
    return () => void sel.on('.zoom', null).on('dblclick.reset', null);
  }, [base, width]);

  const at = (e: React.MouseEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const hit = layout.find(x, y);
    return hit ? { ...hit, x, y } : null;
  };
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const layer = hover ? estimate.layers[hover.event.layer] : undefined;
  const cost = hover ? estimate.costs[hover.event.layer] : undefined;
  const unitCost = hover?.lane.unit === 'CIM' ? cost?.cim : cost?.npu;
  const kinds = [...new Set(estimate.layers.map((l) => l.kind))];
  return (
    <>
      {/* the legend heads the chart: below it, on a phone it would sit on the lanes and the axis title */}
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
      <div className="timeline" data-testid="timeline" data-events={layout.events} style={{ width, height: layout.height }}>
        <canvas
          ref={canvasRef}
          width={Math.round(width * dpr)}
          height={Math.round(layout.height * dpr)}
          style={{ width, height: layout.height }}
        />
        <svg
          ref={svgRef}
          className="train-chart timeline-svg"
          width={width}
          height={layout.height}
          role="img"
          aria-label={`placement timeline of ${estimate.layers.length} layers under ${schemas.length} schemas`}
          onMouseMove={(e) => setHover(at(e))}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            const h = at(e);
            props.onSelectLayer(h ? (h.event.layer === selectedLayer ? null : h.event.layer) : null);
          }}
        >
          {layout.rows.map((r) => (
            <g key={r.schema}>
              <path d={schemaMarkPath(SCHEMA_STYLE[r.schema].shape, 9, r.y + 6, 9)} fill={SCHEMA_STYLE[r.schema].color} />
              <text className="timeline-row" x={18} y={r.y + 10} data-schema={r.schema}>
                {r.label} — {r.latencyMs.toFixed(3)} ms
                {props.baselineMs && (
                  <tspan className="timeline-baseline-label" data-baseline-ms={props.baselineMs[r.schema]}>
                    {' '}
                    · baseline {props.baselineMs[r.schema].toFixed(3)} ms
                  </tspan>
                )}
              </text>
            </g>
          ))}
          {props.baselineMs && <BaselineMarks layout={layout} baselineMs={props.baselineMs} />}
          {layout.lanes.map((l) => (
            <g
              key={`${l.schema}:${l.unit}:${l.cu}`}
              data-lane={`${l.schema}:${l.unit}${l.unit === 'CIM' ? l.cu : ''}`}
              data-bars={l.events.length}
            >
              <text className="chart-tick" x={layout.left - 6} y={l.y + l.height / 2} dy="0.32em" textAnchor="end">
                {l.label}
              </text>
              <line className="timeline-lane" x1={layout.left} x2={width - layout.right} y1={l.y + l.height + 1} y2={l.y + l.height + 1} />
            </g>
          ))}
          <g className="chart-axes">
            <line className="chart-axis-line" x1={layout.left} x2={width - layout.right} y1={layout.height - 28} y2={layout.height - 28} />
            {layout.x.ticks.map((t) => (
              <text key={t.value} className="chart-tick" x={t.px} y={layout.height - 14} textAnchor="middle">
                {t.label}
              </text>
            ))}
            <text className="chart-axis-title" x={width - layout.right} y={layout.height - 2} textAnchor="end">
              {/* the how-to only where it fits: on a phone it would run off the left edge */}
              {width >= 520 ? 'time (µs) · wheel to zoom, drag to pan, double-click to reset' : 'time (µs)'}
            </text>
          </g>
          {hover && (
            <rect
              className="timeline-hover"
              x={Math.max(layout.left, layout.xs(hover.event.startUs)) - 1}
              y={hover.lane.y - 1}
              width={Math.max(1, layout.xs(hover.event.endUs) - Math.max(layout.left, layout.xs(hover.event.startUs))) + 2}
              height={hover.lane.height + 2}
            />
          )}
        </svg>
        {hover && layer && (
          <div className="pareto-tooltip" role="tooltip" style={{ left: Math.min(hover.x + 12, width - 240), top: hover.y + 12 }}>
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
        )}
        {props.onFile && (
          <ExportButtons
            testId="timeline"
            file="h4h-timeline"
            className="timeline-export"
            render={() => ({ svg: timelineSvg(layout, kindOf, 'placement timeline'), width, height: layout.height })}
            onFile={props.onFile}
          />
        )}
      </div>
    </>
  );
}

/** A thin dashed line across each schema's lanes at the baseline's total, where it falls on the axis. */
function BaselineMarks({
  layout,
  baselineMs,
}: {
  readonly layout: TimelineLayout;
  readonly baselineMs: Readonly<Record<SchemaId, number>>;
}) {
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
