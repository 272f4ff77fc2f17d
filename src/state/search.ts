/**
 * The search in the page (SPEC §6): its settings (inputs), and the run as the search worker reports it
 * — every subnet evaluated, the front, the hypervolume per generation — plus the supernet's
 * re-measurement of the final front, the brush filter, and the ghost of the previous front. A vanilla
 * store beside the app store, with actions as plain functions.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import {
  ACCURACY_LABELS, MAX_EXHAUSTIVE_SUBNETS, RUN_RECORD_KIND, RUN_RECORD_VERSION, parseAccuracyTable, parseRunRecord, SCHEMA_IDS, getSpace, getSystem, spaceSize, trimSpace,
  type AccuracySource, type AccuracyTable, type HwKey, type RunRecord, type InfeasibleBudget, type ObjectiveBounds, type ObjectiveBox, type ObjectiveId, type SchemaId, type SearchBudgets, type SearchConfig, type SearchPoint, type SearchSpace, type SpaceTrims,
} from '../core';
import { SUPERSEDED, type WorkerClient } from '../workers/client';
import type { Progress, SearchAccuracy, SearchOutcome } from '../workers/protocol';
import { appStore, applyGenome, currentSystem, setHwOverrides } from './store';
import { trainingStore } from './training';
import type { TfLanes } from '../workers/client';

export type SearchAccuracyChoice = AccuracySource;

export interface SearchSettings {
  /** two or three of accuracy, latency, energy, params */
  readonly objectives: readonly ObjectiveId[];
  readonly schema: SchemaId;
  readonly population: number;
  readonly generations: number;
  readonly seed: number;
  readonly budgets: SearchBudgets;
  readonly accuracy: SearchAccuracyChoice;
  /** hardware co-search: CIM macros M, compute units U and NPU MACs/cycle P become genes */
  readonly coSearch: boolean;
  /** the choices the search may use, per gene (empty: the whole space) */
  readonly trims: SpaceTrims;
  /** after the search, enumerate every subnet (a space of at most 10⁶) and compare the fronts */
  readonly exhaustive: boolean;
}

export const DEFAULT_SEARCH: SearchSettings = {
  objectives: ['accuracy', 'latencyMs', 'energyUj'], schema: 'hetero', population: 64, generations: 100, seed: 1, budgets: {}, accuracy: 'proxy', coSearch: false, trims: {}, exhaustive: false,
};

/** Objectives the page offers; CIM area (macros × area per macro, `assumed`) only under co-search. */
export const SEARCH_OBJECTIVES: readonly ObjectiveId[] = ['accuracy', 'latencyMs', 'energyUj', 'params', 'cimAreaMm2'];

export type SearchStatus = 'idle' | 'running' | 'pausing' | 'paused' | 'done' | 'cancelled' | 'error';

/** What a run's numbers were computed for: results of another context are stale. */
export interface SearchContext {
  readonly spaceId: string;
  readonly systemId: string;
  /** the system as estimated (preset id, `*` when edited) and its label */
  readonly system: { readonly id: string; readonly label: string; readonly params: Readonly<Record<string, number>> };
  readonly schema: SchemaId;
  readonly objectives: readonly ObjectiveId[];
  readonly accuracy: SearchAccuracyChoice;
}

export interface SearchRunState {
  readonly settings: SearchSettings;
  readonly status: SearchStatus;
  readonly message: string | null;
  readonly context: SearchContext | null;
  /** every distinct subnet evaluated, in evaluation order */
  readonly points: readonly SearchPoint[];
  readonly front: readonly SearchPoint[];
  readonly hypervolumes: readonly number[];
  readonly bounds: readonly ObjectiveBounds[];
  readonly ref: readonly number[];
  readonly generation: number;
  readonly evaluations: number;
  readonly elapsedMs: number;
  readonly etaSec: number | null;
  readonly infeasible: InfeasibleBudget | null;
  /** supernet accuracy of front subnets (key → fraction), measured after a `supernet` search */
  readonly measured: Readonly<Record<string, number>>;
  readonly remeasure: { readonly done: number; readonly total: number } | null;
  /** the exhaustive reference of the last search (trimmed spaces of at most 10⁶ subnets) */
  readonly reference:
    | { readonly state: 'running'; readonly evaluated: number; readonly total: number }
    | { readonly state: 'done'; readonly front: readonly SearchPoint[]; readonly subnets: number; readonly hypervolume: number; readonly ratio: number }
    | { readonly state: 'error'; readonly message: string }
    | null;
  /** an imported table of measured accuracies (the `table` source), and why the last import failed */
  readonly table: { readonly name: string; readonly table: AccuracyTable } | null;
  readonly tableErrors: readonly string[];
  /** the previous front, kept when the space or hardware changed */
  readonly ghost: { readonly label: string; readonly front: readonly SearchPoint[] } | null;
  readonly brush: ObjectiveBox | null;
  readonly selectedKey: string | null;
}

export function initialSearch(): SearchRunState {
  return {
    settings: DEFAULT_SEARCH, status: 'idle', message: null, context: null, points: [], front: [], hypervolumes: [], bounds: [], ref: [],
    generation: 0, evaluations: 0, elapsedMs: 0, etaSec: null, infeasible: null, measured: {}, remeasure: null, reference: null, table: null, tableErrors: [], ghost: null, brush: null, selectedKey: null,
  };
}

export const searchStore = createStore<SearchRunState>()(initialSearch);

export function useSearch<T>(selector: (s: SearchRunState) => T): T {
  return useStore(searchStore, selector);
}

const set = (patch: Partial<SearchRunState>): void => searchStore.setState(patch);
const get = (): SearchRunState => searchStore.getState();

let client: WorkerClient | null = null;
let query: WorkerClient | null = null;

/** Connects the actions to the search worker, and the supernet re-measurement to the TF.js worker's query lane. */
export function connectSearch(searchClient: WorkerClient, lanes?: Pick<TfLanes, 'query'>): void {
  client = searchClient;
  query = lanes?.query ?? null;
}

const isSuperseded = (e: unknown): boolean => e instanceof Error && e.name === SUPERSEDED;
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const LIMITS = { population: [4, 512], generations: [1, 1000], seed: [0, 2 ** 31 - 1] } as const;
const BUDGET_NAMES: Readonly<Record<string, string>> = { latencyMs: 'latency (ms)', energyUj: 'energy (µJ)', params: 'parameters' };

/** The space the search explores: the page's space with the settings' trims (or the message why not). */
export function searchSpaceOf(spaceId: string, trims: SpaceTrims): { readonly space: SearchSpace; readonly size: bigint } | { readonly error: string } {
  const parent = getSpace(spaceId);
  const empty = trims.r === undefined && trims.stem === undefined && Object.keys(trims.stages ?? {}).length === 0;
  try {
    const space = empty ? parent : trimSpace(parent, trims);
    return { space, size: spaceSize(space) };
  } catch (e) {
    return { error: `search.space: ${messageOf(e).replace(/^trim /, '')}` };
  }
}

/** Checks settings; each message names its field. */
export function validateSearchSettings(s: SearchSettings, spaceId = appStore.getState().spaceId): string[] {
  const errors: string[] = [];
  const sp = searchSpaceOf(spaceId, s.trims);
  if ('error' in sp) errors.push(sp.error);
  else if (s.exhaustive && sp.size > BigInt(MAX_EXHAUSTIVE_SUBNETS)) errors.push(`search.exhaustive: the space has ${sp.size.toLocaleString('en-US')} subnets; trim it to at most ${MAX_EXHAUSTIVE_SUBNETS.toLocaleString('en-US')} first`);
  if (s.exhaustive && s.coSearch) errors.push('search.exhaustive: hardware co-search is not enumerated; untick one of them');
  if (s.accuracy === 'table' && (s.coSearch || s.exhaustive)) errors.push('search.accuracy: a table is scored whole (its subnets are the candidates): no co-search, no enumeration');
  for (const [field, [lo, hi]] of Object.entries(LIMITS)) {
    const v = s[field as keyof typeof LIMITS];
    if (!Number.isInteger(v) || v < lo || v > hi) errors.push(`search.${field}: must be a whole number ${lo}–${hi}`);
  }
  const objectives = new Set(s.objectives);
  if (objectives.size !== s.objectives.length || s.objectives.some((o) => !SEARCH_OBJECTIVES.includes(o))) errors.push('search.objectives: pick distinct objectives among accuracy, latency, energy, params, CIM area');
  else if (s.objectives.length < 1 || s.objectives.length > 3) errors.push('search.objectives: pick two or three (or one, with a budget)');
  else if (s.objectives.length === 1 && Object.values(s.budgets).every((v) => v === undefined)) {
    errors.push('search.objectives: one objective is budget mode: set a latency, energy or parameter budget first');
  }
  else if (s.objectives.includes('cimAreaMm2') && !s.coSearch) errors.push('search.objectives: CIM area is an objective of hardware co-search only; tick co-search first');
  if (!SCHEMA_IDS.includes(s.schema)) errors.push(`search.schema: must be one of ${SCHEMA_IDS.join(', ')}`);
  for (const [b, v] of Object.entries(s.budgets)) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) errors.push(`search.budgets.${b}: ${BUDGET_NAMES[b] ?? b} must be a positive number`);
  }
  return errors;
}

/** Changes settings; an invalid value is refused with messages naming each field, the settings stay. */
export function setSearchSettings(patch: Partial<SearchSettings>): readonly string[] {
  const next = { ...get().settings, ...patch };
  const errors = validateSearchSettings(next);
  if (errors.length > 0) return errors;
  set({ settings: next });
  return [];
}

/** Why the chosen accuracy source cannot run now (null: it can). */
export function accuracyProblem(choice: SearchAccuracyChoice, spaceId: string): string | null {
  if (choice === 'proxy') return null;
  if (choice === 'table') {
    const t = get().table;
    if (!t) return 'accuracy: import a table of measured accuracies first (CSV or JSON)';
    if (t.table.space !== spaceId) return `accuracy: the table holds subnets of "${t.table.space}"; import one for "${spaceId}"`;
    return null;
  }
  const p = trainingStore.getState().predictor;
  if (p.state !== 'ready') return `accuracy: ${choice === 'supernet' ? 'a supernet search runs on the predictor, then measures its front: ' : ''}fit the predictor first (Supernet training → Fit predictor)`;
  if (p.predictor.space !== spaceId) return `accuracy: the predictor was fitted on "${p.predictor.space}"; fit one on "${spaceId}"`;
  return null;
}

const accuracyOf = (choice: SearchAccuracyChoice): SearchAccuracy => {
  const t = get().table;
  if (choice === 'table' && t) return { source: 'table', table: t.table };
  const p = trainingStore.getState().predictor;
  return choice === 'proxy' || p.state !== 'ready' ? { source: 'proxy' } : { source: 'predictor', predictor: p.predictor };
};

/** The label every plotted accuracy carries. */
export function accuracyLabel(choice: SearchAccuracyChoice, measured: boolean): string {
  if (measured) return ACCURACY_LABELS.supernet;
  return choice === 'proxy' || choice === 'table' ? ACCURACY_LABELS[choice] : ACCURACY_LABELS.predictor;
}

function contextNow(): SearchContext {
  const { spaceId, systemId } = appStore.getState();
  const { schema, objectives, accuracy } = get().settings;
  const sys = currentSystem();
  return { spaceId, systemId, system: { id: sys.id, label: sys.label, params: sys.params }, schema, objectives, accuracy };
}

const contextLabel = (c: SearchContext): string => `${c.spaceId} on ${c.system.label} (${c.schema})`;

/** Keeps the current front as the ghost (before new results replace it). */
function ghostCurrent(): SearchRunState['ghost'] {
  const s = get();
  if (s.front.length === 0 || !s.context) return s.ghost;
  return { label: `previous front: ${contextLabel(s.context)}`, front: s.front };
}

// Progress reports are applied at most once per animation frame, so a fast search (a generation
// in a millisecond) does not re-render the page hundreds of times a second.
let pending: Extract<Progress, { kind: 'generation' }>[] = [];
let frame: number | null = null;
const raf = (globalThis as { requestAnimationFrame?: (fn: () => void) => number }).requestAnimationFrame;
const schedule = (fn: () => void): number => (raf ? raf.call(globalThis, fn) : (setTimeout(fn, 16) as unknown as number));

function flush(): void {
  frame = null;
  lastFlush = clock();
  if (pending.length === 0) return;
  const batch = pending;
  pending = [];
  const last = batch[batch.length - 1] as (typeof batch)[number];
  const s = get();
  const added = batch.flatMap((p) => p.added);
  const g = last.generation;
  set({
    points: added.length > 0 ? [...s.points, ...added] : s.points,
    front: g.front, hypervolumes: last.hypervolumes, bounds: g.bounds, ref: g.ref,
    generation: g.index, evaluations: g.evaluations, elapsedMs: last.elapsedMs, etaSec: last.etaSec, infeasible: g.infeasible,
  });
}

// and at most every FLUSH_MS: each report re-lays out three plots and the front table
const FLUSH_MS = 150;
let lastFlush = -Infinity;
const clock = (): number => (globalThis.performance ? globalThis.performance.now() : Date.now());

function onProgress(p: Progress): void {
  if (p.kind !== 'generation') return;
  pending.push(p);
  if (frame !== null) return;
  const wait = Math.max(0, lastFlush + FLUSH_MS - clock());
  frame = wait > 0 ? (setTimeout(() => (frame = schedule(flush)), wait) as unknown as number) : schedule(flush);
}

function finish(o: SearchOutcome): void {
  flush();
  const g = o.generation;
  const base = { status: o.reason === 'done' ? 'done' : o.reason, etaSec: null } as const;
  if (o.reason === 'done' && g?.infeasible) {
    set({ ...base, message: g.infeasible.message });
    return;
  }
  const text = o.reason === 'done'
    ? `Done: ${g?.evaluations ?? 0} subnets evaluated in ${(g?.index ?? 0) + 1} generations; ${g?.front.length ?? 0} on the front.`
    : o.reason === 'paused' ? `Paused after generation ${(g?.index ?? 0) + 1}.` : `Cancelled after generation ${(g?.index ?? 0) + 1}; the results so far stay.`;
  set({ ...base, message: text });
  if (o.reason === 'done' && get().context?.accuracy === 'supernet') void remeasureFront();
  if (o.reason === 'done' && get().settings.exhaustive) void runReference();
}

/** The core search config of the settings on `space` and the page's hardware (budgets left empty dropped). */
function searchConfig(settings: SearchSettings, space: SearchSpace): SearchConfig {
  const budgets = Object.fromEntries(Object.entries(settings.budgets).filter(([, v]) => v !== undefined)) as SearchBudgets;
  return {
    space, system: currentSystem(), objectives: settings.objectives, schema: settings.schema,
    population: settings.population, generations: settings.generations, seed: settings.seed, budgets, coSearch: settings.coSearch,
  };
}

/** Enumerates the searched space (same objectives, budgets, bounds) and compares the two fronts' hypervolumes. */
async function runReference(): Promise<void> {
  const { settings } = get();
  const run = get().context;
  const sp = searchSpaceOf(appStore.getState().spaceId, settings.trims);
  if (!client || !run || 'error' in sp) return;
  set({ reference: { state: 'running', evaluated: 0, total: Number(sp.size) } });
  try {
    const result = await client.run(
      {
        type: 'exhaustive',
        config: searchConfig(settings, sp.space),
        accuracy: accuracyOf(settings.accuracy),
      },
      (p) => {
        if (p.kind === 'enumerate' && get().context === run) set({ reference: { state: 'running', evaluated: p.evaluated, total: p.total } });
      },
    );
    if (get().context !== run) return;
    const hv = get().hypervolumes.at(-1) ?? 0;
    const ref = result.hypervolume.value;
    set({ reference: { state: 'done', front: result.front, subnets: result.subnets, hypervolume: ref, ratio: ref > 0 ? hv / ref : 0 } });
  } catch (e) {
    if (isSuperseded(e) || get().context !== run) return;
    set({ reference: { state: 'error', message: `exhaustive reference: ${messageOf(e)}` } });
  }
}

/** Starts a new search (`resume`: continues the paused one). */
export async function startSearch(resume = false): Promise<void> {
  if (!client) throw new Error('search: the worker is not connected');
  const { settings } = get();
  const { spaceId } = appStore.getState();
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
    set({
      ghost: ghostCurrent(), context: contextNow(), points: [], front: [], hypervolumes: [], bounds: [], ref: [], generation: 0, evaluations: 0,
      elapsedMs: 0, infeasible: null, measured: {}, remeasure: null, reference: null, brush: null, selectedKey: null,
    });
  }
  pending = [];
  set({ status: 'running', message: null });
  try {
    const outcome = await client.run(
      {
        type: 'search',
        config: searchConfig(settings, sp.space),
        accuracy: accuracyOf(settings.accuracy),
        resume: canResume,
      },
      onProgress,
    );
    finish(outcome);
  } catch (e) {
    if (isSuperseded(e)) return; // cancelled here, or replaced by a newer search: that one reports
    flush();
    set({ status: 'error', message: `search: ${messageOf(e)}` });
  }
}

export function pauseSearch(): void {
  if (get().status !== 'running') return;
  set({ status: 'pausing' });
  client?.pause();
}

export function cancelSearch(): void {
  const s = get().status;
  if (s !== 'running' && s !== 'pausing' && s !== 'paused') return;
  client?.cancel();
  flush();
  set({ status: 'cancelled', etaSec: null, message: `Cancelled after generation ${get().generation + 1}; the results so far stay.` });
}

/** Measures each front subnet with the supernet (the TF.js worker's query lane), one at a time. */
async function remeasureFront(): Promise<void> {
  if (!query) return;
  const front = get().front;
  const run = get().context;
  set({ remeasure: { done: 0, total: front.length } });
  for (const [i, p] of front.entries()) {
    try {
      const r = await query.run({ type: 'evaluate', genome: p.genome });
      if (get().context !== run) return; // a new search started
      set({ measured: { ...get().measured, [p.key]: r.accuracy }, remeasure: { done: i + 1, total: front.length } });
    } catch (e) {
      if (get().context !== run) return;
      set({ remeasure: null, message: `supernet re-measurement stopped: ${messageOf(e)}` });
      return;
    }
  }
}

/**
 * Imports a table of measured accuracies for the page's space (CSV with `genome`, `accuracy` columns,
 * or JSON rows `{ "arch", "accuracy" }`). A bad file keeps the previous table and lists each bad row.
 */
export function importAccuracyTable(name: string, text: string): readonly string[] {
  const r = parseAccuracyTable(getSpace(appStore.getState().spaceId), text);
  if (!r.ok) {
    set({ tableErrors: r.errors.map((e) => `${name}: ${e}`) });
    return get().tableErrors;
  }
  set({ table: { name, table: r.value }, tableErrors: [] });
  return [];
}

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

/** The results belong to the space and hardware they were computed for: a change makes them the ghost. */
export function followInputs(): () => void {
  return appStore.subscribe((s, prev) => {
    if (selecting) return;
    if (s.spaceId !== prev.spaceId && (Object.keys(get().settings.trims).length > 0 || get().settings.exhaustive)) {
      set({ settings: { ...get().settings, trims: {}, exhaustive: false } }); // other stages, other choices
    }
    if (s.spaceId === prev.spaceId && s.systemId === prev.systemId && s.hwOverrides === prev.hwOverrides) return;
    const run = get();
    const sys = currentSystem(s);
    if (!run.context || (run.context.spaceId === s.spaceId && JSON.stringify(run.context.system.params) === JSON.stringify(sys.params))) return;
    if (run.status === 'running' || run.status === 'pausing' || run.status === 'paused') client?.cancel();
    set({
      ghost: ghostCurrent(), context: null, points: [], front: [], hypervolumes: [], bounds: [], ref: [], measured: {}, remeasure: null, reference: null, brush: null, selectedKey: null,
      status: 'idle', etaSec: null, message: `The space or hardware changed: the last front is kept as a ghost; search again for ${s.spaceId} on ${sys.label}.`,
    });
  });
}

/** The finished (or stopped) run as a record: `link` is the page's link, `app`/`createdAt` from the page. */
export function runRecord(link: string, app: { name: string; version: string }, createdAt: string): RunRecord | null {
  const s = get();
  if (!s.context || s.points.length === 0) return null;
  return {
    kind: RUN_RECORD_KIND, version: RUN_RECORD_VERSION, app, createdAt, link, seed: s.settings.seed, accuracySource: s.context.accuracy,
    front: s.front, points: s.points, hypervolumes: s.hypervolumes, measured: s.measured,
    timings: { elapsedMs: s.elapsedMs, evaluations: s.evaluations, generations: s.hypervolumes.length },
  };
}

/**
 * Restores a run record: `applyLink` puts its inputs back (space, hardware, subnet, settings), then
 * its results replace the current ones. A bad file changes nothing and names its fields.
 */
export function importRunRecord(name: string, text: string, applyLink: (hash: string) => readonly string[]): readonly string[] {
  const r = parseRunRecord(text);
  if (!r.ok) {
    set({ status: get().status, message: `${name}: ${r.errors.join('; ')}` });
    return r.errors;
  }
  const hash = r.value.link.includes('#') ? r.value.link.slice(r.value.link.indexOf('#')) : '';
  const notices = applyLink(hash);
  const rec = r.value;
  set({
    ghost: ghostCurrent(), context: { ...contextNow(), accuracy: rec.accuracySource }, points: rec.points, front: rec.front, hypervolumes: rec.hypervolumes,
    measured: rec.measured, generation: Math.max(0, rec.hypervolumes.length - 1), evaluations: rec.timings.evaluations, elapsedMs: rec.timings.elapsedMs,
    status: 'done', etaSec: null, infeasible: null, reference: null, remeasure: null, brush: null, selectedKey: null,
    message: `Restored ${name}: ${rec.front.length} subnets on the front of ${rec.timings.evaluations} evaluated (app ${rec.app.version}, ${rec.createdAt}).${notices.length ? ` Not applied from its link: ${notices.join('; ')}` : ''}`,
  });
  return [];
}

/** Resets everything (tests). */
export function resetSearch(): void {
  pending = [];
  set(initialSearch());
}
