import { describe, expect, it } from 'vitest';
import { cimCost } from './cost.js';
import { getSystem, macroPeak, provenanceOf, SYSTEMS, validateSystem } from './hardware.js';
import { pwconv } from '../model/layers.js';

describe('presets built on published CIM macros', () => {
  const withMacro = Object.values(SYSTEMS).filter((s) => s.publishedMacro);

  it('there are two, and their parameters are valid', () => {
    expect(withMacro.map((s) => s.id)).toEqual(['u55-sram7nm', 'u55-c2c22nm']);
    for (const s of withMacro) expect(validateSystem({ base: 'u55-mram', ...s.params }).ok, s.id).toBe(true);
  });

  it('each reproduces its paper’s MACs at once, peak throughput and energy per operation within 5 %', () => {
    for (const s of withMacro) {
      const pub = s.publishedMacro as NonNullable<typeof s.publishedMacro>;
      const peak = macroPeak(s.params);
      expect(peak.macsAtOnce, s.id).toBe(pub.macsAtOnce);
      expect(Math.abs(peak.topsPerWatt / pub.topsPerWatt - 1), s.id).toBeLessThan(0.05);
      if (pub.peakGops !== undefined) expect(Math.abs(peak.gops / pub.peakGops - 1), s.id).toBeLessThan(0.05);
    }
    // Sinangil et al.: 1,024 MACs every 5.5 ns = 372.4 GOPS; 351 TOPS/W
    const sinangil = macroPeak(getSystem('u55-sram7nm').params);
    expect(sinangil.gops).toBeCloseTo(372.36, 1);
    expect(sinangil.topsPerWatt).toBeCloseTo(351, 6);
  });

  it('the cost model runs a layer at that peak: a 64 × 16 matrix on 1 × 1 × 64 takes one access, 5.5 ns', () => {
    const hw = getSystem('u55-sram7nm').params;
    const layer = pwconv({ prefix: '', stage: 0, block: 0, group: 'model' }, 'pw', { h: 1, w: 1, c: 64 }, 16, { weight: 1, act: 1 });
    expect(cimCost(layer, hw).computeUs * 1000).toBeCloseTo(5.5, 6);
    expect(cimCost(layer, hw).energyUj).toBeGreaterThan(0);
  });

  it('every measured figure names its paper; what the abstracts do not give is tagged assumed', () => {
    expect(provenanceOf(getSystem('u55-sram7nm'), 'cimMacPj')).toMatchObject({
      provenance: 'measured-public',
      source: expect.stringContaining('351 TOPS/W'),
    });
    expect(provenanceOf(getSystem('u55-c2c22nm'), 'cimFreqMHz').provenance).toBe('assumed');
    // the default macro's 1 MiB: no published macro of that size was found, so it is an assumption
    expect(provenanceOf(getSystem('u55-mram'), 'cimMacroKiB').provenance).toBe('assumed');
  });
});
