import { beforeEach, describe, expect, it } from 'vitest';
import { createRng, defaultGenome, estimateGenome, explainPlacement, getSpace, getSystem, sampleGenome, smallestGenome } from '../core';
import { selectEstimate, selectPlacementReasons } from './selectors';
import {
  appStore,
  applyGenome,
  applyGenomeJson,
  applyPreset,
  editGene,
  resetInputs,
  selectLayer,
  setLayerSchema,
  setSpace,
  setSystem,
  togglePanel,
} from './store';

beforeEach(resetInputs);

describe('app store', () => {
  it('starts on the default mini genome and the u55-mram system', () => {
    const s = appStore.getState();
    expect(s).toMatchObject({ spaceId: 'mini', systemId: 'u55-mram' });
    expect(s.genome).toEqual(defaultGenome(getSpace('mini')));
  });

  it('switching space resets the genome to that space default, and clears the selected layer', () => {
    selectLayer(12);
    setSpace('nasvit');
    expect(appStore.getState().genome).toEqual(defaultGenome(getSpace('nasvit')));
    expect(appStore.getState().selectedLayer).toBeNull();
  });

  it('a preset clears the selected layer: its index would point into another subnet', () => {
    applyPreset('largest');
    selectLayer(43);
    applyPreset('smallest');
    expect(appStore.getState().selectedLayer).toBeNull();
  });

  it('panels fold and unfold; the folded list keeps page order', () => {
    togglePanel('training');
    togglePanel('sweep');
    expect(appStore.getState().hiddenPanels).toEqual(['sweep', 'training']);
    togglePanel('training');
    expect(appStore.getState().hiddenPanels).toEqual(['sweep']);
    togglePanel('sweep', false);
    expect(appStore.getState().hiddenPanels).toEqual(['sweep']);
    togglePanel('sweep', true);
    expect(appStore.getState().hiddenPanels).toEqual([]);
  });

  it('a bad genome is refused with messages naming the field, the previous genome kept', () => {
    const before = appStore.getState().genome;
    const bad = applyGenomeJson(JSON.stringify({ ...before, stem: 999 }));
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.join('\n')).toMatch(/stem/);
    expect(applyGenomeJson('{ nope').ok).toBe(false);
    expect(appStore.getState().genome).toBe(before);
  });

  it('a good genome is applied', () => {
    const small = smallestGenome(getSpace('mini'));
    expect(applyGenomeJson(JSON.stringify(small))).toEqual({ ok: true });
    expect(appStore.getState().genome).toEqual(small);
  });

  it('a form edit goes through the same validation: a good one applies, a bad one changes nothing', () => {
    const before = appStore.getState().genome;
    expect(editGene({ gene: 'd', stage: 2, value: 3 })).toEqual({ ok: true });
    expect(appStore.getState().genome.stages[2]).toEqual({ ...before.stages[2], d: 3, t: ['mb', 'vit', 'mb'] });
    const applied = appStore.getState().genome;
    const bad = editGene({ gene: 't', stage: 2, block: 0, value: 'vit' });
    expect(bad.ok ? '' : bad.errors.join('\n')).toMatch(/stages\[2\]\.t\[0\]/);
    expect(editGene({ gene: 'k', stage: 0, value: 7 }).ok).toBe(false);
    expect(appStore.getState().genome).toBe(applied);
  });

  it('applyGenome validates a genome object against the current space', () => {
    expect(applyGenome({ ...appStore.getState().genome, space: 'nasvit' }).ok).toBe(false);
    expect(applyGenome(null).ok).toBe(false);
    const small = smallestGenome(getSpace('mini'));
    expect(applyGenome(small)).toEqual({ ok: true });
    expect(appStore.getState().genome).toEqual(small);
  });

  it('random presets are seeded: the n-th click gives `sample --seed n`', () => {
    applyPreset('random');
    applyPreset('random');
    expect(appStore.getState().genome).toEqual(sampleGenome(getSpace('mini'), createRng(2)));
    expect(appStore.getState().randomSeed).toBe(2);
    resetInputs();
    applyPreset('random');
    expect(appStore.getState().genome).toEqual(sampleGenome(getSpace('mini'), createRng(1)));
    applyPreset('smallest');
    expect(appStore.getState().randomSeed).toBeNull();
  });
});

describe('selectors', () => {
  it('the estimate is core.estimateGenome of the inputs, memoised on them', () => {
    setSystem('u65-dram');
    const s = appStore.getState();
    const estimate = selectEstimate(s);
    expect(estimate).toEqual(estimateGenome(getSpace('mini'), s.genome, getSystem('u65-dram')));
    expect(selectEstimate(appStore.getState())).toBe(estimate);
    setSystem('u55-mram');
    expect(selectEstimate(appStore.getState())).not.toBe(estimate);
  });

  it('gives one placement reason per layer for the layer table schema, memoised on estimate and schema', () => {
    const s = appStore.getState();
    expect(s.layerSchema).toBe('hetero');
    const hetero = selectPlacementReasons(s);
    expect(hetero).toHaveLength(selectEstimate(s).layers.length);
    expect(selectPlacementReasons(appStore.getState())).toBe(hetero);

    setLayerSchema('parallel');
    const p = appStore.getState();
    const estimate = selectEstimate(p);
    const reasons = selectPlacementReasons(p);
    expect(reasons).toEqual(explainPlacement(estimate.layers, estimate.costs, estimate.schemas.parallel, getSystem('u55-mram').params));
    // a split layer's reason gives the channel counts
    const split = estimate.schemas.parallel.placement.indexOf('split');
    expect(split).toBeGreaterThanOrEqual(0);
    expect(reasons[split]).toMatch(/^split: \d+ of \d+ output channels on CIM/);

    setLayerSchema('nope');
    expect(appStore.getState().layerSchema).toBe('parallel');
  });
});
