/**
 * Running a search: the worker job (start, pause, resume, cancel), its progress applied at most once
 * per animation frame (laneProgress.ts), and what follows a finished run (the supernet's
 * re-measurement of the front, the exhaustive reference). Each finished or stopped run is cached
 * under its configuration.
 */
import { getSpace, type Genome, type SearchBudgets, type SearchConfig, type SearchSpace } from '../core';
import type { CancelStats, SearchClient, TfLanes } from '../workers/client';
import type { SearchAccuracy, SearchOutcome } from '../workers/protocol';
import { messageOf, runLatest } from './lane';
import { dropProgress, flushProgress, onProgress } from './laneProgress';
import { configKey, stashResults } from './searchCache';
import { effectiveChoice, searchAccuracyOf, searchPredictor } from './searchAccuracy';
import { loadShipped, measureShippedValue } from './shipped';
import { searchSpaceOf } from './searchSettings';
import {
  NO_RESULTS,
  getSearch as get,
  setSearch as set,
  type SearchAccuracyChoice,
  type SearchContext,
  type SearchSettings,
} from './searchStore';
import { appStore, currentSystem } from './store';
import { trainingStore } from './training';

let client: SearchClient | null = null;
let query: TfLanes['query'] | null = null;

export { dropProgress, flushProgress } from './laneProgress';

/** Connects the actions to the search worker, and the supernet re-measurement to the TF.js worker's query lane. */
export function connectSearch(searchClient: SearchClient, lanes?: Pick<TfLanes, 'query'>): void {
  client = searchClient;
  query = lanes?.query ?? null;
}

/** Cancels the worker's job, if any (a change of inputs makes a running search stale). */
export function cancelWorkerJob(): void {
  client?.cancel();
}

/** Why the chosen accuracy source cannot run now (null: it can; a `predictor` search without a predictor runs on the proxy, labelled). */
export function accuracyProblem(choice: SearchAccuracyChoice, spaceId: string): string | null {
  if (choice === 'proxy') return null;
  if (choice === 'table') {
    const t = get().table;
    if (!t) return 'accuracy: import a table of measured accuracies first (CSV or JSON)';
    if (t.table.space !== spaceId) return `accuracy: the table holds subnets of "${t.table.space}"; import one for "${spaceId}"`;
    return null;
  }
  if (choice === 'predictor') return null;
  const sp = searchSpaceOf(spaceId, get().settings.trims);
  const p = 'error' in sp ? null : searchPredictor(spaceId, sp.space);
  if (!p) {
    const own = trainingStore.getState().predictor;
    if (own.state === 'ready' && own.predictor.space !== spaceId)
      return `accuracy: the predictor was fitted on "${own.predictor.space}"; fit one on "${spaceId}"`;
    return 'accuracy: a supernet search runs on the predictor, then measures its front: fit the predictor first (Supernet training → Fit predictor)';
  }
  return null;
}

const tableAccuracy = (): SearchAccuracy | null => {
  const t = get().table;
  return t ? { source: 'table', table: t.table } : null;
};

const accuracyOf = (choice: SearchAccuracyChoice, space: SearchSpace): SearchAccuracy =>
  searchAccuracyOf(choice, appStore.getState().spaceId, space, tableAccuracy());

/** The searched space of the page's configuration now (the full space when the trims are invalid). */
const searchedSpace = (settings: SearchSettings): SearchSpace => {
  const spaceId = appStore.getState().spaceId;
  const sp = searchSpaceOf(spaceId, settings.trims);
  return 'error' in sp ? getSpace(spaceId) : sp.space;
};

/** The cache key of the page's configuration now (its inputs and the search settings). */
export function keyNow(settings: SearchSettings = get().settings): string {
  const spaceId = appStore.getState().spaceId;
  const p = searchPredictor(spaceId, searchedSpace(settings));
  return configKey(spaceId, currentSystem().params, settings, { predictor: p?.predictor ?? null, table: get().table?.table ?? null });
}

/** The page's configuration now, as a run's context (its accuracy the source the search actually runs on). */
export function contextNow(): SearchContext {
  const { spaceId, systemId } = appStore.getState();
  const { settings } = get();
  const { schema, objectives } = settings;
  const space = searchedSpace(settings);
  const accuracy = effectiveChoice(settings.accuracy, spaceId, space);
  const p = accuracy === 'predictor' || accuracy === 'supernet' ? searchPredictor(spaceId, space) : null;
  const sys = currentSystem();
  return {
    spaceId,
    systemId,
    system: { id: sys.id, label: sys.label, params: sys.params },
    schema,
    objectives,
    accuracy,
    ...(p ? { accuracyFrom: p.from } : {}),
    key: keyNow(),
  };
}

function finish(o: SearchOutcome, run: SearchContext): void {
  if (get().context !== run) return; // the inputs changed meanwhile: these results were left
  flushProgress();
  const g = o.generation;
  const base = { status: o.reason === 'done' ? 'done' : o.reason, etaSec: null } as const;
  if (o.reason === 'done' && g?.infeasible) {
    set({ ...base, message: g.infeasible.message });
    stashResults(get());
    return;
  }
  const text =
    o.reason === 'done'
      ? `Done: ${g?.evaluations ?? 0} subnets evaluated in ${(g?.index ?? 0) + 1} generations; ${g?.front.length ?? 0} on the front.`
      : o.reason === 'paused'
        ? `Paused after generation ${(g?.index ?? 0) + 1}.`
        : `Cancelled after generation ${(g?.index ?? 0) + 1}; the results so far stay.`;
  set({ ...base, message: text });
  if (o.reason !== 'paused') stashResults(get());
  if (o.reason === 'done' && run.accuracy === 'supernet') void remeasureFront();
  if (o.reason === 'done' && get().settings.exhaustive) void runReference();
}

/** The core search config of the settings on `space` and the page's hardware (budgets left empty dropped). */
function searchConfig(settings: SearchSettings, space: SearchSpace): SearchConfig {
  const budgets = Object.fromEntries(Object.entries(settings.budgets).filter(([, v]) => v !== undefined)) as SearchBudgets;
  return {
    space,
    system: currentSystem(),
    objectives: settings.objectives,
    schema: settings.schema,
    population: settings.population,
    generations: settings.generations,
    seed: settings.seed,
    budgets,
    coSearch: settings.coSearch,
  };
}

/** Enumerates the searched space (same objectives, budgets, bounds) and compares the two fronts' hypervolumes. */
async function runReference(): Promise<void> {
  const { settings } = get();
  const run = get().context;
  const sp = searchSpaceOf(appStore.getState().spaceId, settings.trims);
  const lane = client;
  if (!lane || !run || 'error' in sp) return;
  set({ reference: { state: 'running', evaluated: 0, total: Number(sp.size) } });
  const result = await runLatest(
    () =>
      lane.run({ type: 'exhaustive', config: searchConfig(settings, sp.space), accuracy: accuracyOf(settings.accuracy, sp.space) }, (p) => {
        if (p.kind === 'enumerate' && get().context === run)
          set({ reference: { state: 'running', evaluated: p.evaluated, total: p.total } });
      }),
    { onError: (m) => get().context === run && set({ reference: { state: 'error', message: `exhaustive reference: ${m}` } }) },
  );
  if (!result || get().context !== run) return;
  const hv = get().hypervolumes.at(-1) ?? 0;
  const ref = result.hypervolume.value;
  set({ reference: { state: 'done', front: result.front, subnets: result.subnets, hypervolume: ref, ratio: ref > 0 ? hv / ref : 0 } });
  stashResults(get());
}

/** Starts a new search (`resume`: continues the paused one). */
export async function startSearch(resume = false): Promise<void> {
  const lane = client;
  if (!lane) throw new Error('search: the worker is not connected');
  const { spaceId } = appStore.getState();
  // the shipped predictor is fetched (once) the first time a search needs it
  if (get().settings.accuracy !== 'proxy' && get().settings.accuracy !== 'table') await loadShipped(spaceId);
  const { settings } = get();
  const problem = accuracyProblem(settings.accuracy, spaceId);
  if (problem) {
    set({ status: 'error', message: problem });
    return;
  }
  const sp = searchSpaceOf(spaceId, settings.trims);
  if ('error' in sp) {
    set({ status: 'error', message: sp.error });
    return;
  }
  const canResume = resume && get().status === 'paused';
  if (!canResume) {
    stashResults(get());
    set({ ...NO_RESULTS, context: contextNow(), remeasure: null, restored: false, runs: get().runs + 1 });
  }
  const run = get().context as SearchContext;
  dropProgress();
  set({ status: 'running', message: null });
  const outcome = await runLatest(
    () =>
      (client ?? lane).run(
        { type: 'search', config: searchConfig(settings, sp.space), accuracy: accuracyOf(settings.accuracy, sp.space), resume: canResume },
        (p) => get().context === run && onProgress(p),
      ),
    {
      // superseded: cancelled here, or replaced by a newer search (that one reports); so is a search whose inputs changed
      onError: (m) => {
        if (get().context !== run) return;
        flushProgress();
        set({ status: 'error', message: `search: ${m}` });
      },
    },
  );
  if (outcome) finish(outcome, run);
}

export function pauseSearch(): void {
  if (get().status !== 'running') return;
  set({ status: 'pausing' });
  client?.pause();
}

/** The search worker's cancelled jobs (e2e: a cancelled search has ended in the worker, and nothing came after). */
export function searchCancellations(): CancelStats {
  return client?.cancellations?.() ?? { cancelled: 0, ended: 0, afterEnd: 0 };
}

export function cancelSearch(): void {
  const s = get().status;
  if (s !== 'running' && s !== 'pausing' && s !== 'paused') return;
  client?.cancel();
  flushProgress();
  set({ status: 'cancelled', etaSec: null, message: `Cancelled after generation ${get().generation + 1}; the results so far stay.` });
  stashResults(get());
}

/** Measures each front subnet with the supernet (the TF.js worker's query lane), one at a time. */
async function remeasureFront(): Promise<void> {
  const front = get().front;
  const run = get().context;
  const spaceId = appStore.getState().spaceId;
  // a predictor fitted on the visitor's own supernet: that supernet measures; the shipped predictor: the shipped supernet
  const own = searchPredictor(spaceId, searchedSpace(get().settings))?.origin !== 'shipped';
  const lane = query;
  if (own && !lane) return;
  const measure =
    own && lane
      ? async (g: Genome) => (await lane.run({ type: 'evaluate', genome: g })).accuracy
      : (g: Genome) => measureShippedValue(spaceId, g);
  set({ remeasure: { done: 0, total: front.length } });
  for (const [i, p] of front.entries()) {
    try {
      const accuracy = await measure(p.genome);
      if (get().context !== run) return; // a new search started
      set({ measured: { ...get().measured, [p.key]: accuracy }, remeasure: { done: i + 1, total: front.length } });
    } catch (e) {
      if (get().context !== run) return;
      set({ remeasure: null, message: `supernet re-measurement stopped: ${messageOf(e)}` });
      return;
    }
  }
  stashResults(get());
}
