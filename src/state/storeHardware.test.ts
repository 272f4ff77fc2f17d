/**
 * The store's hardware actions: a preset switch, one parameter edited over the preset, every edit at
 * once, a reset, and a refused value (named by its field, the state unchanged); `currentSystem` is
 * the preset with those edits.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { getSystem } from '../core';
import { appStore, currentSystem, resetHw, resetInputs, setHwOverrides, setHwParam, setSystem } from './store';

beforeEach(resetInputs);

const hw = () => appStore.getState().hwOverrides;

describe('hardware actions', () => {
  it('an edit is kept over the preset, and the system the page estimates on carries it', () => {
    expect(setHwParam('cimMacros', 4)).toEqual([]);
    expect(hw()).toEqual({ cimMacros: 4 });
    const system = currentSystem();
    expect(system.params).toEqual({ ...getSystem('u55-mram').params, cimMacros: 4 });
    expect(system.id).toBe('u55-mram*');
    expect(system.label).toContain('edited (cimMacros)');
  });

  it('setting a parameter back to the preset value removes the edit', () => {
    setHwParam('cimMacros', 4);
    setHwParam('npuFreqMHz', 800);
    expect(setHwParam('cimMacros', getSystem('u55-mram').params.cimMacros)).toEqual([]);
    expect(hw()).toEqual({ npuFreqMHz: 800 });
  });

  it('reset returns to the preset values', () => {
    setHwParam('cimMacros', 4);
    resetHw();
    expect(hw()).toEqual({});
    expect(currentSystem()).toBe(currentSystem()); // memoised on the inputs
    expect(currentSystem().params).toEqual(getSystem('u55-mram').params);
    expect(currentSystem().id).toBe('u55-mram');
  });

  it('a preset switch drops the edits of the previous preset', () => {
    setHwParam('cimMacros', 4);
    setSystem('u65-dram');
    expect(appStore.getState()).toMatchObject({ systemId: 'u65-dram', hwOverrides: {} });
    expect(currentSystem().params).toEqual(getSystem('u65-dram').params);
  });

  it('an invalid value is refused with the field name; nothing changes', () => {
    setHwParam('npuFreqMHz', 800);
    expect(setHwParam('cimMacros', 100)).toEqual(['hw.cimMacros: above the range (allowed 1–64 macros)']);
    expect(setHwParam('cimUnits', 2)).toEqual(['hw.cimUnits: must not exceed the number of CIM macros (1 ≤ U ≤ M)']);
    expect(hw()).toEqual({ npuFreqMHz: 800 });
  });

  it('setHwOverrides sets every edit over a preset at once, dropping values equal to it; refused as a whole', () => {
    const u65 = getSystem('u65-dram').params;
    expect(setHwOverrides({ cimMacros: 8, cimUnits: 2, npuFreqMHz: u65.npuFreqMHz }, 'u65-dram')).toEqual([]);
    expect(appStore.getState()).toMatchObject({ systemId: 'u65-dram', hwOverrides: { cimMacros: 8, cimUnits: 2 } });
    expect(setHwOverrides({ cimMacros: 1, cimUnits: 2 })).toEqual(['hw.cimUnits: must not exceed the number of CIM macros (1 ≤ U ≤ M)']);
    expect(appStore.getState()).toMatchObject({ systemId: 'u65-dram', hwOverrides: { cimMacros: 8, cimUnits: 2 } });
  });
});
