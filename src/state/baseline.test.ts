import { beforeEach, describe, expect, it } from 'vitest';
import { estimateGenome, getSpace, validateSystem } from '../core';
import { diffLayers, layerSpansUs, selectBaselineEstimate } from './baseline';
import { selectEstimate } from './selectors';
import { appStore, clearBaseline, editGene, pinBaseline, resetHw, resetInputs, setHwParam } from './store';

beforeEach(resetInputs);

describe('baseline', () => {
  it('pins the subnet and the edited hardware; its estimate is core.estimateGenome of them, computed once', () => {
    expect(selectBaselineEstimate(appStore.getState())).toBeNull();
    expect(setHwParam('cimMacros', 8)).toEqual([]);
    pinBaseline();
    const pinned = appStore.getState().baseline;
    expect(pinned).toMatchObject({ spaceId: 'mini', systemId: 'u55-mram', hwOverrides: { cimMacros: 8 } });
    const edited = validateSystem({ base: 'u55-mram', cimMacros: 8 });
    if (!edited.ok) throw new Error(edited.errors.join());
    const expected = estimateGenome(getSpace('mini'), appStore.getState().genome, edited.value);
    const b = selectBaselineEstimate(appStore.getState());
    expect(b).toEqual(expected);

    // later edits change the page, not the baseline
    resetHw();
    expect(editGene({ gene: 'd', stage: 2, value: 3 }).ok).toBe(true);
    expect(selectBaselineEstimate(appStore.getState())).toBe(b);
    expect(selectEstimate(appStore.getState()).schemas.npu.latencyMs).not.toBe(expected.schemas.npu.latencyMs);

    clearBaseline();
    expect(selectBaselineEstimate(appStore.getState())).toBeNull();
  });

  it("a layer's span under NPU only is its NPU time", () => {
    const e = selectEstimate(appStore.getState());
    const spans = layerSpansUs(e.schemas.npu, e.layers.length);
    e.costs.forEach((c, i) => expect(spans[i]).toBeCloseTo(c.npu.timeUs, 9));
  });

  it('matches layers by name: a deeper stage adds its layers, a shallower one removes them', () => {
    pinBaseline();
    const base = selectBaselineEstimate(appStore.getState());
    if (!base) throw new Error('pinned');
    expect(diffLayers(selectEstimate(appStore.getState()), base, 'hetero')).toEqual({ deltaUs: base.layers.map(() => 0), removed: [] });

    expect(editGene({ gene: 'd', stage: 2, value: 3 }).ok).toBe(true);
    const deeper = selectEstimate(appStore.getState());
    const d = diffLayers(deeper, base, 'npu');
    const added = deeper.layers.filter((_, i) => d.deltaUs[i] === null).map((l) => l.name);
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((n) => n.startsWith('s3.b3.'))).toBe(true);
    expect(d.removed).toEqual([]);
    // stage 1 is untouched: its layers take as long as before
    deeper.layers.forEach((l, i) => {
      if (l.name.startsWith('s1.')) expect(d.deltaUs[i]).toBeCloseTo(0, 9);
    });

    // the other way round: pinned deeper, back to two blocks
    pinBaseline();
    const deep = selectBaselineEstimate(appStore.getState());
    if (!deep) throw new Error('pinned');
    expect(editGene({ gene: 'd', stage: 2, value: 2 }).ok).toBe(true);
    expect(diffLayers(selectEstimate(appStore.getState()), deep, 'npu').removed).toEqual(added);
  });
});
