/**
 * One Pareto plot: two objectives, the third as colour. React owns every element; d3 supplies the
 * layout (pareto.ts) and two behaviours, zoom (mouse wheel; double-click resets) and brush (drag a
 * rectangle to filter; click outside it to clear). The brush box is controlled: it is drawn from the
 * `brush` prop (and follows zoom), so it stays until cleared. A row above the plot holds the colour
 * bar and the export buttons, off the axis titles. Points are SVG circles while they are few and a
 * canvas past CANVAS_FROM (hundreds of re-laid-out SVG circles per report cost more than a repaint). Never touches a store: the
 * caller passes data and callbacks.
 */
import {
  brush as d3brush,
  select,
  zoom as d3zoom,
  zoomIdentity,
  type BrushBehavior,
  type D3BrushEvent,
  type D3ZoomEvent,
  type ZoomTransform,
} from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ObjectiveBox, ObjectiveId, SearchPoint } from '../core';
import { ChartAxes } from './ChartFrame';
import { ExportButtons } from './ExportButtons';
import { paretoSvg } from './svgExport';
import { OBJECTIVE_AXES, brushedKeys, drawPoints, paretoLayout, type PlacedPoint } from './pareto';

const NONE: readonly SearchPoint[] = [];

/** From this many points on, the cloud is drawn on a canvas. */
export const CANVAS_FROM = 400;

export interface ParetoPlotProps {
  readonly points: readonly SearchPoint[];
  readonly front: readonly SearchPoint[];
  readonly ghost: readonly SearchPoint[];
  /** the exhaustive front of the same space, when enumerated */
  readonly reference?: readonly SearchPoint[];
  readonly x: ObjectiveId;
  readonly y: ObjectiveId;
  readonly color: ObjectiveId | null;
  readonly measured: Readonly<Record<string, number>>;
  /** where the accuracy comes from ("proxy — not measured", …): said on the accuracy axis */
  readonly accuracyLabel: string;
  readonly brush: ObjectiveBox | null;
  readonly selectedKey: string | null;
  readonly width: number;
  readonly height?: number;
  onSelect(key: string): void;
  onBrush(brush: ObjectiveBox | null): void;
  /** the tooltip's text of a point */
  describe(p: SearchPoint): string;
  /** saves a file (the plot as SVG or PNG) */
  onFile?(name: string, data: Blob | string, type: string): void;
}

export function ParetoPlot(props: ParetoPlotProps) {
  const { points, front, ghost, x, y, color, measured, brush, selectedKey, width, height = 300 } = props;
  const reference = props.reference ?? NONE;
  const svgRef = useRef<SVGSVGElement>(null);
  const brushRef = useRef<SVGGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [zoom, setZoom] = useState<ZoomTransform>(zoomIdentity);
  const [hover, setHover] = useState<PlacedPoint | null>(null);

  const base = useMemo(
    () => paretoLayout(points, front, ghost, { width, height, x, y, color, measured }, reference),
    [points, front, ghost, reference, width, height, x, y, color, measured],
  );
  const layout = useMemo(() => {
    if (zoom === zoomIdentity || (zoom.k === 1 && zoom.x === 0 && zoom.y === 0)) return base;
    const xd = zoom.rescaleX(base.xs).domain() as [number, number];
    const yd = zoom.rescaleY(base.ys).domain() as [number, number];
    return paretoLayout(points, front, ghost, { width, height, x, y, color, measured, xDomain: xd, yDomain: yd }, reference);
  }, [base, zoom, points, front, ghost, reference, width, height, x, y, color, measured]);
  const brushed = useMemo(() => brushedKeys([...points, ...front], brush, measured), [points, front, brush, measured]);
  const onCanvas = layout.points.length >= CANVAS_FROM;

  // the canvas path: redraw when the layout or the brush changes (hover and selection are SVG on top)
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!onCanvas || !canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    drawPoints(ctx, layout, brushed, window.devicePixelRatio || 1);
  }, [onCanvas, layout, brushed]);

  // zoom on the wheel (double-click resets); drags belong to the brush
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const behaviour = d3zoom<SVGSVGElement, unknown>()
      .scaleExtent([1, 50])
      .filter((event: Event) => event.type === 'wheel' || event.type === 'dblclick')
      .on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => setZoom(event.transform));
    const sel = select(svg);
    sel
      .call(behaviour)
      .on('dblclick.zoom', null)
      .on('dblclick.reset', () => sel.call(behaviour.transform, zoomIdentity));
    return () => {
      sel.on('.zoom', null).on('dblclick.reset', null);
    };
  }, []);

  // the brush: a rectangle in px, turned into objective units of this plot's axes
  const behaviourRef = useRef<BrushBehavior<unknown> | null>(null);
  const latest = useRef({ layout, onBrush: props.onBrush, x, y });
  useEffect(() => {
    latest.current = { layout, onBrush: props.onBrush, x, y };
  });
  useEffect(() => {
    const g = brushRef.current;
    if (!g) return;
    const { margin } = layout;
    const behaviour = d3brush<unknown>()
      .extent([
        [margin.left, margin.top],
        [width - margin.right, height - margin.bottom],
      ])
      .on('end', (event: D3BrushEvent<unknown>) => {
        if (!event.sourceEvent) return; // moved by code
        const sel = event.selection as [[number, number], [number, number]] | null;
        const cur = latest.current;
        if (!sel) {
          cur.onBrush(null);
          return;
        }
        const [[px0, py0], [px1, py1]] = sel;
        cur.onBrush({
          x: cur.x,
          y: cur.y,
          x0: cur.layout.xs.invert(px0),
          x1: cur.layout.xs.invert(px1),
          y0: cur.layout.ys.invert(py1),
          y1: cur.layout.ys.invert(py0),
        });
      });
    const sel = select(g);
    sel.call(behaviour);
    behaviourRef.current = behaviour;
    return () => {
      behaviourRef.current = null;
      sel.on('.brush', null);
      sel.selectAll('*').remove();
    };
  }, [layout.margin, width, height]); // eslint-disable-line react-hooks/exhaustive-deps

  // the box drawn from the state: this plot's brush (in data units, so it follows zoom), else none.
  // Moved by code, so the 'end' handler ignores it; O(1) per layout.
  const box = brush && brush.x === x && brush.y === y ? brush : null;
  useEffect(() => {
    const g = brushRef.current;
    const behaviour = behaviourRef.current;
    if (!g || !behaviour) return;
    const sel = select(g);
    if (!box) {
      sel.call(behaviour.move, null);
      return;
    }
    const { margin, xs, ys } = layout;
    const clampX = (v: number): number => Math.max(margin.left, Math.min(width - margin.right, v));
    const clampY = (v: number): number => Math.max(margin.top, Math.min(height - margin.bottom, v));
    const [px0, px1] = [clampX(xs(Math.min(box.x0, box.x1))), clampX(xs(Math.max(box.x0, box.x1)))];
    const [py0, py1] = [clampY(ys(Math.max(box.y0, box.y1))), clampY(ys(Math.min(box.y0, box.y1)))];
    sel.call(
      behaviour.move,
      px1 - px0 < 1 || py1 - py0 < 1
        ? null
        : [
            [px0, py0],
            [px1, py1],
          ],
    );
  }, [box, layout, width, height]);

  const pointAt = (event: React.MouseEvent<SVGSVGElement>): PlacedPoint | null => {
    const r = event.currentTarget.getBoundingClientRect();
    return layout.find(event.clientX - r.left, event.clientY - r.top);
  };
  const byKey = useMemo(() => new Map([...points, ...front].map((p) => [p.key, p])), [points, front]);
  const selected = selectedKey ? layout.points.find((p) => p.key === selectedKey) : undefined;
  const hovered = hover ? byKey.get(hover.key) : undefined;
  const xTitle = x === 'accuracy' ? `${layout.xTitle} · ${props.accuracyLabel}` : layout.xTitle;
  const yTitle = y === 'accuracy' ? `${layout.yTitle} · ${props.accuracyLabel}` : layout.yTitle;
  const inside = (p: PlacedPoint): boolean => brushed === null || brushed.has(p.key);

  const title = `${OBJECTIVE_AXES[y].short} against ${OBJECTIVE_AXES[x].short}`;
  return (
    <div className="pareto-card" style={{ width }}>
      <div className="pareto-head">
        {layout.color ? (
          <div className="pareto-colorbar" title={`colour: ${layout.color.title}`} data-testid={`colorbar-${x}-${y}`}>
            <span className="colorbar-title">colour: {layout.color.title}</span>
            <span>{OBJECTIVE_AXES[layout.color.objective].format(layout.color.domain[0])}</span>
            <span
              className="ramp"
              style={{
                background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((t) => layout.color?.scale(layout.color.domain[0] + t * (layout.color.domain[1] - layout.color.domain[0]))).join(',')})`,
              }}
            />
            <span>{OBJECTIVE_AXES[layout.color.objective].format(layout.color.domain[1])}</span>
          </div>
        ) : (
          <span className="pareto-nodata">{ghost.length > 0 ? 'no results for this configuration yet' : ''}</span>
        )}
        {props.onFile && (
          <ExportButtons
            className="inline-export pareto-export"
            testId={`${x}-${y}`}
            file={`h4h-${OBJECTIVE_AXES[y].short}-vs-${OBJECTIVE_AXES[x].short}`}
            render={() => ({ svg: paretoSvg(layout, title, xTitle, yTitle), width, height })}
            onFile={props.onFile}
          />
        )}
      </div>
      <div
        className="pareto-plot"
        style={{ width, height }}
        data-testid={`pareto-${x}-${y}`}
        data-points={layout.points.length}
        data-front={front.length}
        data-ghost={ghost.length}
        data-render={onCanvas ? 'canvas' : 'svg'}
        data-zoomed={layout === base ? 'no' : 'yes'}
        data-brush={box ? 'shown' : 'none'}
      >
        {onCanvas && (
          <canvas
            ref={canvasRef}
            width={Math.round(width * (window.devicePixelRatio || 1))}
            height={Math.round(height * (window.devicePixelRatio || 1))}
            style={{ width, height }}
          />
        )}
        <svg
          ref={svgRef}
          className="train-chart pareto-svg"
          width={width}
          height={height}
          role="img"
          aria-label={`${title}: ${layout.points.length} subnets, ${front.length} on the front${ghost.length > 0 ? `; dashed grey, the previous configuration's front of ${ghost.length}` : ''}`}
          onMouseMove={(e) => setHover(pointAt(e))}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            const p = pointAt(e);
            if (p) props.onSelect(p.key);
          }}
        >
          <defs>
            <clipPath id={`clip-${x}-${y}`}>
              <rect
                x={layout.margin.left}
                y={layout.margin.top}
                width={width - layout.margin.left - layout.margin.right}
                height={height - layout.margin.top - layout.margin.bottom}
              />
            </clipPath>
          </defs>
          <ChartAxes height={height} x={layout.x} y={layout.y} xTitle={xTitle} yTitle={yTitle} />
          <g clipPath={`url(#clip-${x}-${y})`}>
            {layout.ghostPath && <path className="pareto-ghost" d={layout.ghostPath} data-testid="ghost-front" />}
            {layout.ghostPoints.map((p, i) => (
              <rect key={i} className="pareto-ghost-point" x={p.xPx - 3} y={p.yPx - 3} width={6} height={6} />
            ))}
            {!onCanvas &&
              layout.points.map((p) => (
                <circle
                  key={p.key}
                  className={p.onFront ? 'pareto-point front' : p.feasible ? 'pareto-point' : 'pareto-point infeasible'}
                  cx={p.xPx}
                  cy={p.yPx}
                  r={p.onFront ? 4 : 2.5}
                  style={{ fill: p.fill || undefined, opacity: inside(p) ? undefined : p.onFront ? 0.25 : 0.08 }}
                />
              ))}
            {layout.referencePath && <path className="pareto-reference" d={layout.referencePath} data-testid="reference-front" />}
            {layout.frontPath && <path className="pareto-front" d={layout.frontPath} data-testid="front-line" />}
            {selected && <circle className="pareto-selected" cx={selected.xPx} cy={selected.yPx} r={7} data-testid="selected-point" />}
            {hover && <circle className="pareto-hover" cx={hover.xPx} cy={hover.yPx} r={6} />}
          </g>
          <g ref={brushRef} className="pareto-brush" data-testid="brush" />
        </svg>
        {hovered && hover && (
          <div
            className="pareto-tooltip"
            role="tooltip"
            style={{ left: Math.min(hover.xPx + 10, width - 230), top: Math.max(0, hover.yPx - 60) }}
          >
            {props.describe(hovered)}
          </div>
        )}
      </div>
    </div>
  );
}
