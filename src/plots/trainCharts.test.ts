import { describe, expect, it } from 'vitest';
import type { EvalLog, SandwichRole, StepLog, TrainHistory } from '../core';
import { downsample, ema, lossSeries, type Point } from './series';
import { accuracyLayout, lossLayout, PHASE_LABEL, type LossLayout } from './trainCharts';

const SANDWICH: readonly SandwichRole[] = ['largest', 'smallest', 'random', 'random'];
const stepLog = (step: number, losses: readonly number[], roles: readonly SandwichRole[] = SANDWICH): StepLog => ({
  step,
  phase: 1,
  lr: 0.001,
  roles,
  losses,
});
const history = (steps: StepLog[], evals: EvalLog[] = []): TrainHistory => ({ steps, evals });

// 252 × 168 px with the default margin: plot area x 52–236 (46 px a step for 4 steps), y 128–28
const SMALL = { width: 252, height: 168, totalSteps: 4, phaseBoundary: null };
const THREE_STEPS = history([stepLog(0, [2.4, 2.3, 2.2, 2.0]), stepLog(1, [1.4, NaN, 1.0, Infinity]), stepLog(2, [1.0, 1.8, 1.2, 1.6])]);
const byRole = (layout: LossLayout, role: SandwichRole) => layout.series.find((s) => s.role === role);
const vertices = (path: string) => (path.match(/[ML]/g) ?? []).length;

describe('lossLayout', () => {
  it('draws exact raw and smoothed paths for a hand-made history (x = steps done, y nice to [0, 4])', () => {
    const layout = lossLayout(THREE_STEPS, SMALL);
    expect(layout.x.domain).toEqual([0, 4]);
    expect(layout.y.domain).toEqual([0, 4]);
    expect(layout.y.ticks.map((t) => [t.label, t.px])).toEqual([
      ['0', 128],
      ['2', 78],
      ['4', 28],
    ]);
    expect(layout.x.ticks.map((t) => [t.label, t.px])).toEqual([
      ['0', 52],
      ['2', 144],
      ['4', 236],
    ]);
    // largest 2.4, 1.4, 1.0 → y = 128 − 25·loss; EMA 2.4, 2.2, 1.96
    expect(byRole(layout, 'largest')).toMatchObject({
      rawPath: 'M98,68L144,93L190,103',
      smoothPath: 'M98,68L144,73L190,79',
      points: 3,
      last: { step: 3, value: 1, xPx: 190, yPx: 103 },
    });
    // the NaN of step 2 is skipped
    expect(byRole(layout, 'smallest')).toMatchObject({ rawPath: 'M98,70.5L190,83', points: 2 });
    // random = mean of the finite random losses: 2.1, 1.0 (Infinity skipped), 1.4; EMA 2.1, 1.88, 1.784
    expect(byRole(layout, 'random')).toMatchObject({ rawPath: 'M98,75.5L144,103L190,93', smoothPath: 'M98,75.5L144,81L190,83.4' });
    expect(layout.summary).toBe('Loss at step 3 of 4: largest 1.00, smallest 1.80, random 1.40');
    expect(layout.phase).toBeNull();
  });

  it('marks the phase boundary and restarts the smoothing there', () => {
    const layout = lossLayout(THREE_STEPS, { ...SMALL, phaseBoundary: 2 });
    // near the right edge the label turns to the left of the line
    expect(layout.phase).toEqual({ xPx: 144, label: PHASE_LABEL, labelXPx: 140, anchor: 'end' });
    expect(byRole(layout, 'largest')?.smoothPath).toBe('M98,68L144,73L190,103');
    const wide = lossLayout(history([]), { width: 640, height: 240, totalSteps: 600, phaseBoundary: 300 });
    expect(wide.phase).toEqual({ xPx: 338, label: 'phase 2: ViT blocks on', labelXPx: 342, anchor: 'start' });
    for (const b of [0, 600, 900]) expect(lossLayout(history([]), { ...SMALL, totalSteps: 600, phaseBoundary: b }).phase).toBeNull();
  });

  it('takes the roles from each step, whatever their order, and handles 0 or 8 random subnets', () => {
    const mixed = lossLayout(history([stepLog(0, [1, 3, 2, 0.5], ['random', 'largest', 'random', 'smallest'])]), SMALL);
    expect(mixed.series.map((s) => s.last?.value)).toEqual([3, 0.5, 1.5]);
    const none = lossLayout(history([stepLog(0, [2, 1], ['largest', 'smallest'])]), SMALL);
    expect(byRole(none, 'random')).toMatchObject({ rawPath: '', smoothPath: '', points: 0, last: null });
    expect(none.summary).toBe('Loss at step 1 of 4: largest 2.00, smallest 1.00');
    const eight = [2, 1, ...Array.from({ length: 8 }, (_, i) => i + 1)];
    const roles: SandwichRole[] = ['largest', 'smallest', ...Array<SandwichRole>(8).fill('random')];
    expect(byRole(lossLayout(history([stepLog(0, eight, roles)]), SMALL), 'random')?.last?.value).toBe(4.5);
  });

  it('never writes NaN: non-finite losses are skipped, an all-NaN step adds no point', () => {
    const layout = lossLayout(history([stepLog(0, [NaN, Infinity, -Infinity, NaN]), stepLog(1, [1, 1, 1, NaN])]), SMALL);
    expect(JSON.stringify(layout)).not.toMatch(/NaN|Infinity/);
    expect(layout.series.map((s) => s.points)).toEqual([1, 1, 1]);
    const allBad = lossLayout(history([stepLog(0, [NaN, NaN, NaN, NaN])]), SMALL);
    expect(allBad.series.every((s) => s.rawPath === '' && s.smoothPath === '')).toBe(true);
    expect(allBad.y.domain).toEqual([0, 1]);
    expect(allBad.summary).toBe('Loss at step 1 of 4: no finite values');
  });

  it('gives empty paths and a default domain for an empty history', () => {
    const layout = lossLayout(history([]), { width: 640, height: 240, totalSteps: 600, phaseBoundary: null });
    expect(layout.x.domain).toEqual([0, 600]);
    expect(layout.y.domain).toEqual([0, 1]);
    expect(layout.y.ticks.map((t) => t.label)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(layout.series.map((s) => [s.role, s.rawPath, s.smoothPath, s.points])).toEqual([
      ['largest', '', '', 0],
      ['smallest', '', '', 0],
      ['random', '', '', 0],
    ]);
    expect(layout.summary).toBe('Loss: no training steps yet (0 of 600)');
    // a run of 0 steps still gets a non-empty x domain
    expect(lossLayout(history([]), { ...SMALL, totalSteps: 0 }).x.domain).toEqual([0, 1]);
  });

  it('draws a single step as one closed vertex (a dot under round line caps)', () => {
    const layout = lossLayout(history([stepLog(0, [1.5, 1.5, 1.5, 1.5])]), SMALL);
    expect(layout.y.domain).toEqual([0, 2]);
    expect(byRole(layout, 'largest')).toMatchObject({ rawPath: 'M98,53Z', smoothPath: 'M98,53Z', points: 1, drawnPoints: 1 });
  });

  it('thins 100,000 steps to at most two vertices a pixel column, keeping the first and last', () => {
    const steps = Array.from({ length: 100_000 }, (_, i) => stepLog(i, [2 / (1 + i / 1000) + (i % 7) / 50, 2.5, 2.4, 2.2]));
    const opts = { width: 640, height: 240, totalSteps: 100_000, phaseBoundary: 50_000 };
    const layout = lossLayout(history(steps), opts);
    const columns = 640 - 52 - 16;
    for (const s of layout.series) {
      expect(s.points).toBe(100_000);
      expect(vertices(s.rawPath)).toBe(s.drawnPoints);
      expect(s.drawnPoints).toBeLessThanOrEqual(2 * columns + 2);
      expect(vertices(s.smoothPath)).toBeLessThanOrEqual(2 * columns + 2);
      expect(s.rawPath).not.toContain('NaN');
    }
    const largest = byRole(layout, 'largest');
    // first point x(1) = 52.0 after rounding, last at the right edge (step 100,000)
    expect(largest?.rawPath.startsWith('M52,')).toBe(true);
    expect(largest?.rawPath).toMatch(/L624,[\d.]+$/);
    expect(largest?.smoothPath).toMatch(/L624,[\d.]+$/);
    expect(layout.x.ticks.at(-1)?.label).toBe('100,000');
  });
});

describe('series helpers', () => {
  it('lossSeries puts x at steps done', () => {
    expect(lossSeries([stepLog(4, [1, 2, 3, 5])])).toEqual({
      largest: [{ x: 5, y: 1 }],
      smallest: [{ x: 5, y: 2 }],
      random: [{ x: 5, y: 4 }],
    });
  });

  it('ema seeds with the first value and restarts after the boundary', () => {
    const pts: Point[] = [1, 2, 3, 4].map((x) => ({ x, y: x === 3 ? 10 : 0 }));
    expect(ema(pts, 0.5).map((p) => p.y)).toEqual([0, 0, 5, 2.5]);
    expect(ema(pts, 0.5, 2).map((p) => p.y)).toEqual([0, 0, 10, 5]);
  });

  it('downsample keeps a spike and the end points, and leaves short series alone', () => {
    const pts: Point[] = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i === 500 ? 99 : 1 }));
    const thin = downsample(pts, (x) => x / 100, 10);
    expect(thin.length).toBeLessThanOrEqual(22);
    expect(thin[0]).toBe(pts[0]);
    expect(thin.at(-1)).toBe(pts[999]);
    expect(thin.some((p) => p.y === 99)).toBe(true);
    expect(thin.map((p) => p.x)).toEqual([...thin.map((p) => p.x)].sort((a, b) => a - b));
    expect(downsample(pts.slice(0, 20), (x) => x / 100, 10)).toHaveLength(20);
  });
});

describe('accuracyLayout', () => {
  const evals: EvalLog[] = [
    { step: 0, largest: 0.1, smallest: 0.1 },
    { step: 2, largest: 0.5, smallest: NaN },
    { step: 4, largest: 0.8125, smallest: 0.25 },
  ];

  it('draws accuracy in % on a fixed 0–100 axis, skipping NaN', () => {
    const layout = accuracyLayout(evals, { ...SMALL, phaseBoundary: 2 });
    expect(layout.y.domain).toEqual([0, 100]);
    expect(layout.y.ticks.map((t) => [t.label, t.px])).toEqual([
      ['0', 128],
      ['20', 108],
      ['40', 88],
      ['60', 68],
      ['80', 48],
      ['100', 28],
    ]);
    const [largest, smallest] = layout.series;
    expect(largest).toMatchObject({ role: 'largest', path: 'M52,118L144,78L236,46.8', points: 3 });
    expect(largest?.markers).toEqual([
      { xPx: 52, yPx: 118 },
      { xPx: 144, yPx: 78 },
      { xPx: 236, yPx: 46.8 },
    ]);
    expect(smallest).toMatchObject({ role: 'smallest', path: 'M52,118L236,103', points: 2, last: { step: 4, value: 25 } });
    expect(layout.phase?.xPx).toBe(144);
    expect(layout.summary).toBe('Validation accuracy at step 4 of 4: largest 81.3 %, smallest 25.0 %');
  });

  it('is empty without evaluations', () => {
    const layout = accuracyLayout([], { width: 640, height: 200, totalSteps: 600, phaseBoundary: null });
    expect(layout.series.map((s) => [s.path, s.markers.length, s.points])).toEqual([
      ['', 0, 0],
      ['', 0, 0],
    ]);
    expect(layout.x.domain).toEqual([0, 600]);
    expect(layout.summary).toBe('Validation accuracy: no evaluation yet');
  });
});

describe('step axis', () => {
  it('has whole steps only, even on a run of 4 steps', () => {
    const layout = lossLayout({ steps: [], evals: [] }, { width: 640, height: 240, totalSteps: 4, phaseBoundary: 2 });
    expect(layout.x.ticks.length).toBeGreaterThan(1);
    for (const t of layout.x.ticks) expect(Number.isInteger(t.value)).toBe(true);
  });
});
