import { describe, expect, it } from 'vitest';
import { defaultGenome, estimateGenome, expandGenome, getSpace, validateSystem } from '../core';
import { cimSweep, sweepLayout } from './sweep';

describe('CIM design sweep', () => {
  it('estimates every (M, U | M) of the grid exactly as the estimator does, and marks the current hardware', () => {
    const space = getSpace('mini');
    const g = defaultGenome(space);
    const pts = cimSweep((hw) => expandGenome(space, g, { weight: hw.bytesPerWeight, act: hw.bytesPerAct }), 'u55-mram', { linkGBps: 8 });
    expect(pts.map((p) => `${p.macros}/${p.units}`)).toEqual([
      '1/1',
      '2/1',
      '2/2',
      '4/1',
      '4/2',
      '4/4',
      '8/1',
      '8/2',
      '8/4',
      '16/1',
      '16/2',
      '16/4',
    ]);
    const sys = validateSystem({ base: 'u55-mram', linkGBps: 8, cimMacros: 8, cimUnits: 2 });
    if (!sys.ok) throw new Error();
    const est = estimateGenome(space, g, sys.value);
    expect(pts.find((p) => p.macros === 8 && p.units === 2)?.schemas.parallel.latencyMs).toBe(est.schemas.parallel.latencyMs);
    // NPU only ignores the CIM: the same at every grid point
    expect(new Set(pts.map((p) => p.schemas.npu.latencyMs)).size).toBe(1);
    const panels = sweepLayout(pts, { macros: 8, units: 2 }, 240, 150);
    expect(panels.map((p) => `${p.metric}:${p.schema}`)).toEqual([
      'latencyMs:cim',
      'latencyMs:hetero',
      'latencyMs:parallel',
      'energyUj:cim',
      'energyUj:hetero',
      'energyUj:parallel',
    ]);
    expect(panels.every((p) => p.current !== null)).toBe(true);
    expect(panels[0]?.lines.map((l) => l.points.length)).toEqual([5, 4, 3]);
    expect(sweepLayout(pts, { macros: 3, units: 1 }, 240, 150)[0]?.current).toBeNull();
  });
});
