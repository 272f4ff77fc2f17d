/**
 * The Pareto plot's redraw cost (SPEC §10: 10,000 points, a redraw after a hover or brush < 16 ms),
 * measured on the functions the plot runs: a brush recomputes the brushed set and repaints the canvas;
 * a hover is a nearest-point query (the highlight itself is one SVG circle). `npm run bench` calls
 * this in headless Chromium on a real canvas.
 */
import { at, type ParetoBench, type SearchPoint } from '../core';

export type { ParetoBench } from '../core';
import { brushedKeys, paretoLayout } from './pareto';
import { drawPoints, type Canvas2D } from './paretoCanvas';
import { maxOf } from './series';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return at(s, Math.floor(s.length / 2));
};

export function benchParetoRedraw(
  ctx: Canvas2D & { getImageData(x: number, y: number, w: number, h: number): unknown },
  points: readonly SearchPoint[],
  front: readonly SearchPoint[],
  now: () => number,
  size = { width: 420, height: 300 },
  reps = 30,
): ParetoBench {
  const t0 = now();
  const layout = paretoLayout(points, front, [], { ...size, x: 'latencyMs', y: 'accuracy', color: 'energyUj' });
  layout.find(0, 0); // builds the quadtree
  const layoutMs = now() - t0;
  const lat = points.map((p) => p.metrics.latencyMs).sort((a, b) => a - b);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    // a brush box that moves every time, as a drag does
    const hi = at(lat, Math.floor((((i % 10) + 1) * (lat.length - 1)) / 10));
    const t = now();
    const brushed = brushedKeys(points, { x: 'latencyMs', y: 'accuracy', x0: 0, x1: hi, y0: 0, y1: 100 });
    drawPoints(ctx, layout, brushed, 1);
    ctx.getImageData(0, 0, 1, 1);
    times.push(now() - t);
  }
  const hovers: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = now();
    layout.find(layout.margin.left + ((i * 7) % (size.width - 80)), layout.margin.top + ((i * 13) % (size.height - 60)));
    hovers.push(now() - t);
  }
  return {
    points: layout.points.length,
    frontSize: front.length,
    layoutMs,
    brushRedrawMs: median(times),
    brushRedrawMaxMs: maxOf(times, 0),
    hoverMs: median(hovers),
  };
}
