/**
 * One Pareto plot: two objectives, the third as colour. React owns every element; d3 supplies the
 * layout (pareto.ts) and two behaviours, zoom (mouse wheel; double-click resets) and brush (drag a
 * rectangle to filter; click outside it to clear). The brush box is controlled: it is drawn from the
 * `brush` prop (and follows zoom), so it stays until cleared. A row above the plot holds the colour
 * bar and the export buttons, off the axis titles. Points are SVG circles while they are few and a
 * canvas past CANVAS_FROM (hundreds of re-laid-out SVG circles per report cost more than a repaint). Never touches a store: the
 * caller passes data and callbacks. The layout is pure (pareto.ts, paretoView.ts); the hooks
 * (useParetoPlot.ts, useD3Zoom.ts) wire the behaviours, and ParetoParts.tsx draws the pieces.
 */
import { useMemo, useRef, useState } from 'react';
import type { ObjectiveBox, ObjectiveId, SearchPoint } from '../core';
import { ChartAxes } from './ChartFrame';
import { brushedKeys, type PlacedPoint } from './pareto';
import { ParetoClip, ParetoHead, ParetoMarks, ParetoTooltip } from './ParetoParts';
import { paretoAriaLabel, paretoTitles } from './paretoView';
import { useD3Zoom } from './useD3Zoom';
import { useCanvasPoints, useParetoBrush, useParetoLayout } from './useParetoPlot';

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
  const { points, front, ghost, x, y, measured, brush, width, height = 300 } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const brushRef = useRef<SVGGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<PlacedPoint | null>(null);
  // zoom on the wheel (double-click resets); drags belong to the brush
  const zoom = useD3Zoom(svgRef, { scaleExtent: [1, 50], wheelOnly: true }, []);
  const data = { ...props, reference: props.reference ?? NONE, height };
  const { base, layout } = useParetoLayout(data, zoom);
  const brushed = useMemo(() => brushedKeys([...points, ...front], brush, measured), [points, front, brush, measured]);
  const onCanvas = layout.points.length >= CANVAS_FROM;
  useCanvasPoints(canvasRef, onCanvas, layout, brushed);
  // the box drawn from the state: this plot's brush (in data units, so it follows zoom), else none
  const box = brush && brush.x === x && brush.y === y ? brush : null;
  useParetoBrush(brushRef, layout, box, x, y, props.onBrush);

  const pointAt = (event: React.MouseEvent<SVGSVGElement>): PlacedPoint | null => {
    const r = event.currentTarget.getBoundingClientRect();
    return layout.find(event.clientX - r.left, event.clientY - r.top);
  };
  const byKey = useMemo(() => new Map([...points, ...front].map((p) => [p.key, p])), [points, front]);
  const hovered = hover ? byKey.get(hover.key) : undefined;
  const titles = paretoTitles(layout, x, y, props.accuracyLabel);
  const dpr = onCanvas ? window.devicePixelRatio || 1 : 1;
  return (
    <div className="pareto-card" style={{ width }}>
      <ParetoHead layout={layout} titles={titles} x={x} y={y} hasGhost={ghost.length > 0} onFile={props.onFile} />
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
        {onCanvas && <canvas ref={canvasRef} width={Math.round(width * dpr)} height={Math.round(height * dpr)} style={{ width, height }} />}
        <svg
          ref={svgRef}
          className="train-chart pareto-svg"
          width={width}
          height={height}
          role="img"
          aria-label={paretoAriaLabel(titles.title, layout.points.length, front.length, ghost.length)}
          onMouseMove={(e) => setHover(pointAt(e))}
          onMouseLeave={() => setHover(null)}
          onClick={(e) => {
            const p = pointAt(e);
            if (p) props.onSelect(p.key);
          }}
        >
          <ParetoClip layout={layout} id={`clip-${x}-${y}`} />
          <ChartAxes height={height} x={layout.x} y={layout.y} xTitle={titles.xTitle} yTitle={titles.yTitle} />
          <ParetoMarks
            layout={layout}
            clipId={`clip-${x}-${y}`}
            svgPoints={!onCanvas}
            brushed={brushed}
            selectedKey={props.selectedKey}
            hover={hover}
          />
          <g ref={brushRef} className="pareto-brush" data-testid="brush" />
        </svg>
        {hovered && hover && <ParetoTooltip at={hover} point={hovered} text={props.describe} width={width} />}
      </div>
    </div>
  );
}
