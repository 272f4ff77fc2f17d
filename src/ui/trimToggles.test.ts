import { describe, expect, it } from 'vitest';
import { MINI } from '../core/model/spaces';
import { toggleStageTrim, toggleTopTrim } from './trimToggles';

describe('the space editor trims', () => {
  it('toggles a top-level choice off and on again, in the order of the choices, dropping a full trim', () => {
    const off = toggleTopTrim({}, MINI, 'r', 24);
    expect(off).toEqual({ r: [20, 28] });
    expect(toggleTopTrim(off, MINI, 'r', 20)).toEqual({ r: [28] });
    expect(toggleTopTrim({ r: [28] }, MINI, 'r', 20)).toEqual({ r: [20, 28] });
    expect(toggleTopTrim(off, MINI, 'r', 24)).toEqual({});
    // a space without a head gene has no head choices: there is nothing to trim
    expect(toggleTopTrim({}, MINI, 'head', 64)).toEqual({});
  });
  it('toggles a stage gene, keeping the other stages and genes, and drops a stage left untrimmed', () => {
    const trims = { r: [28], stages: { s1: { c: [8] } } };
    const k = toggleStageTrim(trims, 's2', 'k', [3, 5], 5);
    expect(k).toEqual({ r: [28], stages: { s1: { c: [8] }, s2: { k: [3] } } });
    expect(toggleStageTrim(k, 's2', 'k', [3, 5], 5)).toEqual({ r: [28], stages: { s1: { c: [8] } } });
    expect(toggleStageTrim(trims, 's1', 'c', [8, 16], 16)).toEqual({ r: [28], stages: {} });
  });
});
