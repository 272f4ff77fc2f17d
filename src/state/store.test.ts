import { beforeEach, describe, expect, it } from 'vitest';
import { defaultGenome, estimateGenome, getSpace, getSystem, smallestGenome } from '../core';
import { selectEstimate, selectHeteroReasons } from './selectors';
import { appStore, applyGenomeJson, applyPreset, resetInputs, setSpace, setSystem } from './store';

beforeEach(resetInputs);

describe('app store', () => {
  it('starts on the default mini genome and the u55-mram system', () => {
    const s = appStore.getState();
    expect(s).toMatchObject({ spaceId: 'mini', systemId: 'u55-mram' });
    expect(s.genome).toEqual(defaultGenome(getSpace('mini')));
  });

  it('switching space resets the genome to that space default', () => {
    setSpace('nasvit');
    expect(appStore.getState().genome).toEqual(defaultGenome(getSpace('nasvit')));
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

  it('random presets are seeded: the same clicks give the same genomes', () => {
    applyPreset('random');
    const first = appStore.getState().genome;
    resetInputs();
    applyPreset('random');
    expect(appStore.getState().genome).toEqual(first);
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

  it('gives one hetero placement reason per layer', () => {
    const s = appStore.getState();
    expect(selectHeteroReasons(s)).toHaveLength(selectEstimate(s).layers.length);
  });
});
