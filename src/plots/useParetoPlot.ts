/**
 * The Pareto plot's hooks: its layout (refitted to the zoom's domains), the canvas repaint of a large
 * cloud, and the d3 brush on a React-owned group, controlled by the caller's brush in objective units
 * (so the box stays until cleared and follows zoom). The pure parts are pareto.ts and paretoView.ts.
 */
import { brush as d3brush, select, zoomIdentity, type BrushBehavior, type D3BrushEvent, type ZoomTransform } from 'd3';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import type { ObjectiveBox, ObjectiveId, SearchPoint } from '../core';
import { paretoLayout, type ParetoLayout } from './pareto';
import { drawPoints } from './paretoCanvas';
import { boxFromPx, boxToPx, type PxBox } from './paretoView';

export interface ParetoData {
  readonly points: readonly SearchPoint[];
  readonly front: readonly SearchPoint[];
  readonly ghost: readonly SearchPoint[];
  readonly reference: readonly SearchPoint[];
  readonly x: ObjectiveId;
  readonly y: ObjectiveId;
  readonly color: ObjectiveId | null;
  readonly measured: Readonly<Record<string, number>>;
  readonly width: number;
  readonly height: number;
}

/** The plot's layout at rest (`base`) and under the zoom (`layout`: the same object when not zoomed). */
export function useParetoLayout(d: ParetoData, zoom: ZoomTransform): { base: ParetoLayout; layout: ParetoLayout } {
  const { points, front, ghost, reference, width, height, x, y, color, measured } = d;
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
  return { base, layout };
}

/** Repaints the canvas when the layout or the brush changes (hover and selection are SVG on top). */
export function useCanvasPoints(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  onCanvas: boolean,
  layout: ParetoLayout,
  brushed: ReadonlySet<string> | null,
): void {
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!onCanvas || !canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    drawPoints(ctx, layout, brushed, window.devicePixelRatio || 1);
  }, [canvasRef, onCanvas, layout, brushed]);
}

/**
 * The brush on `ref`'s group: a rectangle dragged in px is handed to `onBrush` in the units of this
 * plot's axes (null when cleared); `box` (this plot's brush, or null) is drawn, moved by code, which
 * the 'end' handler ignores. O(1) per layout.
 */
export function useParetoBrush(
  ref: RefObject<SVGGElement | null>,
  layout: ParetoLayout,
  box: ObjectiveBox | null,
  x: ObjectiveId,
  y: ObjectiveId,
  onBrush: (brush: ObjectiveBox | null) => void,
): void {
  const behaviourRef = useRef<BrushBehavior<unknown> | null>(null);
  const latest = useRef({ layout, onBrush, x, y });
  useEffect(() => {
    latest.current = { layout, onBrush, x, y };
  });
  const { margin, width, height } = layout;
  useEffect(() => {
    const g = ref.current;
    if (!g) return;
    const behaviour = d3brush<unknown>()
      .extent([
        [margin.left, margin.top],
        [width - margin.right, height - margin.bottom],
      ])
      .on('end', (event: D3BrushEvent<unknown>) => {
        if (!event.sourceEvent) return; // moved by code
        const sel = event.selection as PxBox | null;
        const cur = latest.current;
        cur.onBrush(sel ? boxFromPx(sel, cur.layout, cur.x, cur.y) : null);
      });
    const sel = select(g);
    sel.call(behaviour);
    behaviourRef.current = behaviour;
    return () => {
      behaviourRef.current = null;
      sel.on('.brush', null);
      sel.selectAll('*').remove();
    };
  }, [ref, margin, width, height]);
  useEffect(() => {
    const g = ref.current;
    const behaviour = behaviourRef.current;
    if (!g || !behaviour) return;
    select(g).call(behaviour.move, box ? boxToPx(box, layout) : null);
  }, [ref, box, layout]);
}
