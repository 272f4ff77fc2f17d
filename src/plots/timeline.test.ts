import { describe, expect, it } from 'vitest';
import { at, defaultGenome, estimateGenome, getSpace, validateSystem, SCHEMA_IDS } from '../core';
import { drawTimeline, timelineLayout } from './timeline';

const sys = validateSystem({ base: 'u55-mram', cimMacros: 4, cimUnits: 2 });
if (!sys.ok) throw new Error(sys.errors.join());
const space = getSpace('mini');
const est = estimateGenome(space, defaultGenome(space), sys.value);

describe('timeline layout', () => {
  it("a lane per unit and schema holding exactly that unit's events; the axis spans the slowest schema", () => {
    const L = timelineLayout(est, SCHEMA_IDS, 2, 800);
    expect(L.lanes.map((l) => `${l.schema}:${l.unit}${l.unit === 'CIM' ? l.cu : ''}`)).toEqual(
      SCHEMA_IDS.flatMap((s) => [`${s}:NPU`, `${s}:CIM0`, `${s}:CIM1`, `${s}:LINK`]),
    );
    for (const s of SCHEMA_IDS) {
      const n = L.lanes.filter((l) => l.schema === s).reduce((a, l) => a + l.events.length, 0);
      expect(n).toBe(est.schemas[s].timeline.length);
    }
    expect(L.xs.domain()[1]).toBe(Math.max(...SCHEMA_IDS.map((s) => est.schemas[s].latencyMs * 1000)));
    expect(L.events).toBe(SCHEMA_IDS.reduce((a, s) => a + est.schemas[s].timeline.length, 0));
  });

  it('find() returns the bar under the pointer, and nothing between lanes or past the end', () => {
    const L = timelineLayout(est, SCHEMA_IDS, 2, 800);
    const lane = L.lanes.find((l) => l.schema === 'npu' && l.unit === 'NPU')!;
    for (const e of lane.events.filter((x) => L.xs(x.endUs) - L.xs(x.startUs) > 6)) {
      const hit = L.find((L.xs(e.startUs) + L.xs(e.endUs)) / 2, lane.y + 3);
      expect(hit?.event).toBe(e);
    }
    expect(L.find(L.width - 2, lane.y + 3)).toBeNull();
    expect(L.find(400, 0)).toBeNull();
  });

  it('zoom keeps the domain given; the painter draws one rect per visible bar', () => {
    const Z = timelineLayout(est, ['hetero'], 2, 800, [10, 20]);
    expect(Z.xs.domain()).toEqual([10, 20]);
    const rects: number[][] = [];
    const ctx = {
      fillStyle: '',
      globalAlpha: 1,
      setTransform: () => undefined,
      clearRect: () => undefined,
      fillRect: (...a: number[]) => void rects.push(a),
    };
    drawTimeline(ctx, Z, () => 'conv', null);
    const visible = Z.lanes.flatMap((l) => l.events).filter((e) => e.endUs >= 10 && e.startUs <= 20);
    expect(rects).toHaveLength(visible.length);
    for (const r of rects) {
      expect(at(r, 0)).toBeGreaterThanOrEqual(Z.left);
      expect(at(r, 0) + at(r, 2)).toBeLessThanOrEqual(800 - Z.right + 1);
    }
  });
});
