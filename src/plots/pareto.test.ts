import { describe, expect, it } from 'vitest';
import { hypervolumeLayout } from './hypervolume';
import { brushedKeys, paretoLayout, staircase, OBJECTIVE_AXES } from './pareto';
import { finishedSearch } from './searchFixture';

const run = (generations: number) => finishedSearch({ population: 24, generations });

describe('Pareto plot layout', () => {
  it('staircase keeps exactly the points no other beats on both plotted objectives', () => {
    // maximise y, minimise x: (1,1) (2,3) (3,2: beaten by (2,3)) (4,5)
    const pts = [
      { x: 3, y: 2 },
      { x: 1, y: 1 },
      { x: 4, y: 5 },
      { x: 2, y: 3 },
    ];
    expect(staircase(pts, false, true)).toEqual([
      { x: 1, y: 1 },
      { x: 2, y: 1 },
      { x: 2, y: 3 },
      { x: 4, y: 3 },
      { x: 4, y: 5 },
    ]);
  });

  it('places every distinct subnet once, the front last (on top), inside the plot area, and finds the nearest', () => {
    const { points, front } = run(8);
    const L = paretoLayout(points, front, [], { width: 400, height: 300, x: 'latencyMs', y: 'accuracy', color: 'energyUj' });
    expect(L.points).toHaveLength(new Set(points.map((p) => p.key)).size);
    const firstFront = L.points.findIndex((p) => p.onFront);
    expect(L.points.slice(firstFront).every((p) => p.onFront)).toBe(true);
    expect(L.points.filter((p) => p.onFront)).toHaveLength(front.length);
    for (const p of L.points) {
      expect(p.xPx).toBeGreaterThanOrEqual(L.margin.left);
      expect(p.xPx).toBeLessThanOrEqual(400 - L.margin.right);
      expect(p.yPx).toBeGreaterThanOrEqual(L.margin.top);
      expect(p.yPx).toBeLessThanOrEqual(300 - L.margin.bottom);
      expect(p.fill).toMatch(/^(#[0-9a-f]{6}|rgb)/);
    }
    const target = L.points[3]!;
    // the nearest to a point's own position is a point drawn there (itself, or one on top of it)
    expect(L.find(target.xPx, target.yPx)).toMatchObject({ xPx: target.xPx, yPx: target.yPx });
    expect(L.find(-100, -100)).toBeNull();
    expect(L.frontPath.startsWith('M')).toBe(true);
    expect(L.yTitle).toBe('accuracy (%)');
    // accuracy is shown in %: the layout value is 100× the fraction
    const acc = front[0]!;
    expect(OBJECTIVE_AXES.accuracy.value(acc)).toBeCloseTo(100 * acc.metrics.accuracy, 12);
  });

  it('a brush picks by its own objectives, so every plot agrees; zoomed domains are kept as given', () => {
    const { points, front } = run(5);
    const lat = points.map((p) => p.metrics.latencyMs).sort((a, b) => a - b);
    const mid = lat[Math.floor(lat.length / 2)]!;
    const keys = brushedKeys(points, { x: 'latencyMs', y: 'accuracy', x0: 0, x1: mid, y0: 0, y1: 100 });
    expect(keys?.size).toBe(points.filter((p) => p.metrics.latencyMs <= mid).length);
    expect(brushedKeys(points, null)).toBeNull();
    const z = paretoLayout(points, front, front, {
      width: 400,
      height: 300,
      x: 'energyUj',
      y: 'latencyMs',
      color: null,
      xDomain: [1, 2],
      yDomain: [0.1, 0.2],
    });
    expect(z.x.domain).toEqual([1, 2]);
    expect(z.y.domain).toEqual([0.1, 0.2]);
    expect(z.ghostPath.startsWith('M')).toBe(true);
    expect(z.color).toBeNull();
  });

  it('hypervolume chart: one vertex per generation, the last one marked', () => {
    const L = hypervolumeLayout([0.2, 0.5, 0.5, 0.9], 10, 300, 180);
    expect(L.path.match(/[ML]/g)).toHaveLength(4);
    expect(L.last?.value).toBe(0.9);
    expect(L.x.domain).toEqual([1, 10]);
    expect(hypervolumeLayout([], 10, 300, 180).path).toBe('');
  });

  it('hypervolume chart of 300,000 generations: laid out without spreading the values into Math.max (which overflowed the call stack)', () => {
    const hv = Array.from({ length: 300_000 }, (_, i) => 0.2 + (0.7 * i) / 300_000);
    const L = hypervolumeLayout(hv, hv.length, 300, 180);
    expect(L.last?.value).toBe(hv[hv.length - 1]);
    expect(L.y.domain[0]).toBeLessThanOrEqual(0.2);
    expect(L.y.domain[1]).toBeGreaterThanOrEqual(0.9);
    expect(L.path).not.toContain('NaN');
  });

  it('a ghost alone: its staircase and a marker per ghost subnet in every projection, the axes fitted to it, and no colour scale (no placeholder range)', () => {
    const { front } = run(6);
    for (const [x, y, color] of [
      ['latencyMs', 'accuracy', 'energyUj'],
      ['energyUj', 'accuracy', 'latencyMs'],
      ['latencyMs', 'energyUj', 'accuracy'],
    ] as const) {
      const L = paretoLayout([], [], front, { width: 400, height: 300, x, y, color });
      expect(L.color).toBeNull();
      expect(L.points).toHaveLength(0);
      expect(L.ghostPath).toMatch(/^M/);
      expect(L.ghostPoints).toHaveLength(front.length);
      const values = front.map((p) => OBJECTIVE_AXES[x].value(p));
      const [d0, d1] = L.xs.domain() as [number, number];
      expect(d0).toBeLessThanOrEqual(Math.min(...values));
      expect(d1).toBeGreaterThanOrEqual(Math.max(...values));
    }
    // with points, the colour range is theirs
    const { points, front: f2 } = run(6);
    const energies = points.map((p) => p.metrics.energyUj);
    const C = paretoLayout(points, f2, front, { width: 400, height: 300, x: 'latencyMs', y: 'accuracy', color: 'energyUj' }).color;
    expect(C?.domain[0]).toBeLessThan(Math.min(...energies));
    expect(C?.domain[1]).toBeGreaterThan(Math.max(...energies));
  });
});
