/**
 * The URL sync between the stores and the hash: the page's state written to a hash and applied back
 * gives the same state; a malformed hash keeps the defaults of what it breaks and names it; the live
 * sync (a fake window) reads the opened link, mirrors input changes with replaceState and follows
 * hash edits.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH, DEFAULT_TRAIN } from '../core';
import { resetSearch, searchStore } from './search';
import { appStore, applyPreset, resetInputs, selectLayer, setHwParam, setSystem, togglePanel } from './store';
import { trainingStore } from './training';
import { toHash } from './url';
import { applyHash, currentUrlState, startUrlSync } from './urlSync';

function resetAll(): void {
  resetInputs();
  resetSearch();
  trainingStore.setState({ config: DEFAULT_TRAIN });
}
beforeEach(resetAll);

/** Edits every kind of input the link holds. */
function editInputs(): void {
  setSystem('u65-dram');
  expect(setHwParam('cimMacros', 4)).toEqual([]);
  applyPreset('largest');
  selectLayer(3);
  togglePanel('sweep', false);
  trainingStore.setState({ config: { ...DEFAULT_TRAIN, steps: 1200, seed: 7 } });
  searchStore.setState({ settings: { ...DEFAULT_SEARCH, population: 32, generations: 20 } });
}

describe('state → hash → state', () => {
  it('every edited input comes back from its hash, with no messages', () => {
    const defaults = currentUrlState();
    editInputs();
    const edited = currentUrlState();
    const hash = toHash(edited);
    expect(hash).not.toBe(toHash(defaults));

    resetAll();
    expect(currentUrlState()).toEqual(defaults);
    expect(applyHash(hash, defaults)).toEqual([]);
    expect(currentUrlState()).toEqual(edited);
    expect(appStore.getState()).toMatchObject({ systemId: 'u65-dram', hwOverrides: { cimMacros: 4 }, selectedLayer: 3, urlNotices: [] });
    expect(trainingStore.getState().config).toMatchObject({ steps: 1200, seed: 7 });
    expect(searchStore.getState().settings).toMatchObject({ population: 32, generations: 20 });
    expect(toHash(currentUrlState())).toBe(hash);
  });

  it('a malformed hash keeps the defaults of the fields it breaks, names them, and applies the rest', () => {
    const defaults = currentUrlState();
    const errors = applyHash('#space=nope&hw=u65-dram&g=@@@', defaults);
    expect(errors.some((e) => e.startsWith('space'))).toBe(true);
    expect(appStore.getState().urlNotices).toEqual(errors);
    expect(appStore.getState()).toMatchObject({ spaceId: 'mini', systemId: 'u65-dram', genome: defaults.genome });
  });

  it('a hash of noise leaves every input at its default, and a link without search= means core’s search defaults', () => {
    const defaults = currentUrlState();
    expect(defaults.search.accuracy).toBe('predictor'); // the page's default (PAGE_DEFAULT_SEARCH)
    const errors = applyHash('#%%%&&&==;?', defaults);
    expect(errors.length).toBeGreaterThan(0);
    expect(appStore.getState().urlNotices).toEqual(errors);
    // a link is read over core's defaults: without `acc:` it means the proxy (searchStore.ts)
    expect(currentUrlState()).toEqual({ ...defaults, search: DEFAULT_SEARCH });
  });
});

describe('startUrlSync', () => {
  it('reads the opened link, then mirrors input changes and follows hash edits', () => {
    editInputs();
    const linked = `#${toHash(currentUrlState())}`;
    resetAll();
    const written: string[] = [];
    let onHashChange: () => void = () => undefined;
    const win = {
      location: { hash: linked },
      history: { replaceState: (_data: null, _unused: string, url: string) => void written.push(url) },
      addEventListener: (_type: 'hashchange', listener: () => void) => void (onHashChange = listener),
    };

    expect(startUrlSync(win)).toBe(true); // a shared link, not the defaults
    expect(appStore.getState()).toMatchObject({ systemId: 'u65-dram', hwOverrides: { cimMacros: 4 } });
    expect(written).toEqual([linked]);

    setSystem('u55-mram');
    expect(written).toHaveLength(2);
    expect(written[1]).toBe(`#${toHash(currentUrlState())}`);
    expect(written[1]).toContain('hw=u55-mram');

    win.location.hash = linked; // the user pastes the link again
    onHashChange();
    expect(appStore.getState().systemId).toBe('u65-dram');
    expect(written.at(-1)).toBe(linked);
  });
});
