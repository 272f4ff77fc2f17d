/**
 * The placement timeline: every schema's schedule of the selected subnet on one time axis, a lane per
 * unit. Bars are painted on a canvas (the largest `nasvit` subnet is thousands of bars); axes, labels
 * and the hover outline are SVG. Wheel zooms the time axis, drag pans, double-click resets. Hover a
 * bar for its layer, unit, times, energy, bound and reason; click it to select the layer. The layout is
 * timeline.ts; TimelineParts.tsx draws the legend, rows, lanes, axis, hover outline and tooltip.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Estimate, SchemaId } from '../core';
import { ExportButtons } from './ExportButtons';
import { timelineSvg } from './svgExport';
import { drawTimeline, lanesExtent, layerKindOf, timelineLayout } from './timeline';
import {
  BaselineMarks,
  HoverOutline,
  TimelineAxis,
  TimelineLanes,
  TimelineLegend,
  TimelineRows,
  TimelineTooltip,
  type TimelineHover,
} from './TimelineParts';
import { useD3Zoom } from './useD3Zoom';

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
  const [hover, setHover] = useState<TimelineHover | null>(null);
  const base = useMemo(() => timelineLayout(estimate, schemas, cimUnits, width), [estimate, schemas, cimUnits, width]);
  const zoom = useD3Zoom(svgRef, { scaleExtent: [1, 500], extent: lanesExtent(base) }, [base, width]);
  const layout = useMemo(
    () =>
      zoom.k === 1 && zoom.x === 0
        ? base
        : timelineLayout(estimate, schemas, cimUnits, width, zoom.rescaleX(base.xs).domain() as [number, number]),
    [base, zoom, estimate, schemas, cimUnits, width],
  );
  const kindOf = useMemo(() => layerKindOf(estimate), [estimate]);
  useEffect(() => {
    const c = canvasRef.current?.getContext('2d');
    if (c) drawTimeline(c, layout, kindOf, selectedLayer, window.devicePixelRatio || 1);
  }, [layout, kindOf, selectedLayer]);

  const at = (e: React.MouseEvent<SVGSVGElement>): TimelineHover | null => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    const hit = layout.find(x, y);
    return hit ? { ...hit, x, y } : null;
  };
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <>
      {/* the legend heads the chart: below it, on a phone it would sit on the lanes and the axis title */}
      <TimelineLegend estimate={estimate} schemas={schemas} />
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
          <TimelineRows layout={layout} baselineMs={props.baselineMs} />
          {props.baselineMs && <BaselineMarks layout={layout} baselineMs={props.baselineMs} />}
          <TimelineLanes layout={layout} />
          <TimelineAxis layout={layout} />
          {hover && <HoverOutline layout={layout} hover={hover} />}
        </svg>
        {hover && <TimelineTooltip estimate={estimate} hover={hover} width={width} reason={props.reason} />}
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
