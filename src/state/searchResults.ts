/**
 * What the page does with a run's results: the selected subnet, the brush, the ghost of the previous
 * configuration's front, and the per-configuration cache. A change of space or hardware makes the
 * current front the ghost; when the new configuration ran before in this page, its results come back
 * from the cache (same arrays: same points, front and hypervolumes) without a new run.
 */
import { getSystem, type HwKey, type ObjectiveBox } from '../core';
import { cachedRun, stashResults } from './searchCache';
import { cancelWorkerJob, dropProgress, keyNow } from './searchRun';
import {
  NO_RESULTS,
  describeContext,
  getSearch as get,
  searchStore,
  setSearch as set,
  type SearchGhost,
  type SearchRunState,
} from './searchStore';
import { appStore, applyGenome, currentSystem, setHwOverrides } from './store';

// set while a selection writes the page's inputs, so that `followInputs` does not take it for a change of hardware
let selecting = false;

/**
 * Selects a plotted subnet: the genome becomes the page's subnet, so the estimate tables follow. A
 * co-search subnet brings its hardware genes (M, U, P) along, as edits over the run's preset.
 */
export function selectPoint(key: string | null): void {
  const p = key === null ? undefined : (get().points.find((x) => x.key === key) ?? get().front.find((x) => x.key === key));
  set({ selectedKey: p ? key : null });
  const run = get().context;
  const pageSpace = appStore.getState().spaceId;
  // a trimmed space's genome is a genome of its parent: the page shows it in the parent space
  if (!p || !run || run.spaceId !== pageSpace) return;
  selecting = true;
  try {
    if (p.hw) {
      const base = getSystem(run.systemId).params;
      const edits: Partial<Record<HwKey, number>> = {};
      for (const [k, v] of Object.entries(run.system.params) as [HwKey, number][]) if (v !== base[k]) edits[k] = v;
      setHwOverrides({ ...edits, cimMacros: p.hw.cimMacros, cimUnits: p.hw.cimUnits, npuMacsPerCycle: p.hw.npuMacsPerCycle }, run.systemId);
    }
    applyGenome({ ...p.genome, space: pageSpace });
  } finally {
    selecting = false;
  }
}

export function setBrush(brush: ObjectiveBox | null): void {
  set({ brush });
}

export function clearGhost(): void {
  set({ ghost: null });
}

/** The current front as the ghost (null when there is none: the previous ghost stays then). */
function ghostOf(s: SearchRunState): SearchGhost | null {
  if (s.front.length === 0 || !s.context) return s.ghost;
  return { label: `previous configuration's front (${describeContext(s.context)})`, context: s.context, front: s.front };
}

/**
 * Leaves the results on screen for the configuration now in force: its cached run if it ran before
 * in this page, else nothing but the ghost. `why` says what changed, for the status line.
 */
function leaveFor(why: 'inputs' | 'settings'): void {
  const s = get();
  const key = keyNow();
  if (s.context?.key === key) return;
  const hit = cachedRun(key);
  if (!hit && why === 'settings') return; // a setting alone leaves the results as they are until the next run
  if (s.status === 'running' || s.status === 'pausing' || s.status === 'paused') {
    cancelWorkerJob();
    dropProgress();
    if (s.status === 'paused') stashResults({ ...s, status: 'cancelled' });
  } else stashResults(s);
  const ghost = ghostOf(s);
  if (hit) {
    const r = hit.results;
    // the selection comes back only if the page still shows that subnet
    const sel =
      r.selectedKey === null ? undefined : (r.front.find((p) => p.key === r.selectedKey) ?? r.points.find((p) => p.key === r.selectedKey));
    const stillSelected =
      sel !== undefined &&
      JSON.stringify({ ...sel.genome, space: appStore.getState().spaceId }) === JSON.stringify(appStore.getState().genome);
    set({
      ...r,
      selectedKey: stillSelected ? r.selectedKey : null,
      status: hit.status,
      etaSec: null,
      remeasure: null,
      restored: true,
      ghost: ghost && r.context && ghost.context.key === r.context.key ? null : ghost,
      message: `Restored from this page's cache: the earlier run for ${r.context ? describeContext(r.context) : 'this configuration'} (no new run).`,
    });
    return;
  }
  // the status line says whose the ghost is; a second message would repeat it
  set({
    ...NO_RESULTS,
    ghost,
    context: null,
    status: 'idle',
    etaSec: null,
    remeasure: null,
    restored: false,
    message: ghost ? null : `Search again for ${appStore.getState().spaceId} on ${currentSystem().label}.`,
  });
}

/**
 * The results belong to the configuration they were computed for: a change of space or hardware
 * makes them the ghost (or brings back a cached run); a change of settings brings back a cached run.
 */
export function followInputs(): () => void {
  const stopApp = appStore.subscribe((s, prev) => {
    if (selecting) return;
    if (s.spaceId !== prev.spaceId && (Object.keys(get().settings.trims).length > 0 || get().settings.exhaustive)) {
      set({ settings: { ...get().settings, trims: {}, exhaustive: false } }); // other stages, other choices
    }
    if (s.spaceId === prev.spaceId && s.systemId === prev.systemId && s.hwOverrides === prev.hwOverrides) return;
    const run = get();
    const sys = currentSystem(s);
    if (run.context && run.context.spaceId === s.spaceId && JSON.stringify(run.context.system.params) === JSON.stringify(sys.params))
      return;
    if (!run.context && !run.ghost) return; // nothing ran yet
    leaveFor('inputs');
  });
  const stopSearch = searchStore.subscribe((s, prev) => {
    if (s.settings === prev.settings || s.status === 'running' || s.status === 'pausing') return;
    leaveFor('settings');
  });
  return () => {
    stopApp();
    stopSearch();
  };
}
