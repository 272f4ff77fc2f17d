/**
 * The pieces ParetoPlot.tsx assembles, each drawing part of a laid-out plot: the head row (colour bar
 * and export buttons, off the axis titles), the marks inside the plot area (ghost, points while they
 * are SVG, reference and front staircases, selection and hover rings) and the hover tooltip.
 */
import type { ObjectiveId, SearchPoint } from '../core';
import { ExportButtons } from './ExportButtons';
import { OBJECTIVE_AXES, type ParetoLayout, type PlacedPoint } from './pareto';
import { colorbarGradient, type ParetoTitles } from './paretoView';
import { paretoSvg } from './svgExport';

/** The colour bar (or, with only a ghost, why there is none) and the SVG/PNG buttons. */
export function ParetoHead(props: {
  readonly layout: ParetoLayout;
  readonly titles: ParetoTitles;
  readonly x: ObjectiveId;
  readonly y: ObjectiveId;
  readonly hasGhost: boolean;
  /** saves a file; none: no export buttons */
  readonly onFile: ((name: string, data: Blob | string, type: string) => void) | undefined;
}) {
  const { layout, titles, x, y } = props;
  const color = layout.color;
  return (
    <div className="pareto-head">
      {color ? (
        <div className="pareto-colorbar" title={`colour: ${color.title}`} data-testid={`colorbar-${x}-${y}`}>
          <span className="colorbar-title">colour: {color.title}</span>
          <span>{OBJECTIVE_AXES[color.objective].format(color.domain[0])}</span>
          <span className="ramp" style={{ background: colorbarGradient(color) }} />
          <span>{OBJECTIVE_AXES[color.objective].format(color.domain[1])}</span>
        </div>
      ) : (
        <span className="pareto-nodata">{props.hasGhost ? 'no results for this configuration yet' : ''}</span>
      )}
      {props.onFile && (
        <ExportButtons
          className="inline-export pareto-export"
          testId={`${x}-${y}`}
          file={`h4h-${OBJECTIVE_AXES[y].short}-vs-${OBJECTIVE_AXES[x].short}`}
          render={() => ({
            svg: paretoSvg(layout, titles.title, titles.xTitle, titles.yTitle),
            width: layout.width,
            height: layout.height,
          })}
          onFile={props.onFile}
        />
      )}
    </div>
  );
}

/** The plot area's clip rectangle, named after the plot's objectives. */
export function ParetoClip({ layout, id }: { readonly layout: ParetoLayout; readonly id: string }) {
  const { margin, width, height } = layout;
  return (
    <defs>
      <clipPath id={id}>
        <rect x={margin.left} y={margin.top} width={width - margin.left - margin.right} height={height - margin.top - margin.bottom} />
      </clipPath>
    </defs>
  );
}

/** Everything drawn inside the plot area, ghost first and the selection and hover rings last. */
export function ParetoMarks(props: {
  readonly layout: ParetoLayout;
  readonly clipId: string;
  /** false: the points are on the canvas below */
  readonly svgPoints: boolean;
  readonly brushed: ReadonlySet<string> | null;
  readonly selectedKey: string | null;
  readonly hover: PlacedPoint | null;
}) {
  const { layout, brushed, hover } = props;
  const inside = (p: PlacedPoint): boolean => brushed === null || brushed.has(p.key);
  const selected = props.selectedKey ? layout.points.find((p) => p.key === props.selectedKey) : undefined;
  return (
    <g clipPath={`url(#${props.clipId})`}>
      {layout.ghostPath && <path className="pareto-ghost" d={layout.ghostPath} data-testid="ghost-front" />}
      {layout.ghostPoints.map((p, i) => (
        <rect key={i} className="pareto-ghost-point" x={p.xPx - 3} y={p.yPx - 3} width={6} height={6} />
      ))}
      {props.svgPoints &&
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
  );
}

/** The hovered subnet's description beside the pointer, kept inside the plot. */
export function ParetoTooltip({
  at,
  point,
  text,
  width,
}: {
  readonly at: PlacedPoint;
  readonly point: SearchPoint;
  readonly text: (p: SearchPoint) => string;
  readonly width: number;
}) {
  return (
    <div className="pareto-tooltip" role="tooltip" style={{ left: Math.min(at.xPx + 10, width - 230), top: Math.max(0, at.yPx - 60) }}>
      {text(point)}
    </div>
  );
}
