/**
 * The search's store (SPEC §6): the settings (inputs) and the run as the search worker reports it —
 * every subnet evaluated, the front, the hypervolume per generation — plus the supernet's
 * re-measurement of the final front, the brush filter, the selection and the ghost of the previous
 * configuration's front. A vanilla store beside the app store; the actions live in searchSettings.ts,
 * searchRun.ts, searchResults.ts and searchRecord.ts.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import {
  ACCURACY_LABELS,
  DEFAULT_SEARCH,
  type AccuracySource,
  type AccuracyTable,
  type InfeasibleBudget,
  type ObjectiveBounds,
  type ObjectiveBox,
  type SearchPoint,
  type SearchSettings,
} from '../core';

export type SearchAccuracyChoice = AccuracySource;
export type { SearchSettings };

export type SearchStatus = 'idle' | 'running' | 'pausing' | 'paused' | 'done' | 'cancelled' | 'error';

/** What a run's numbers were computed for (with the settings that change them): results of another context are stale. */
export interface SearchContext extends Pick<SearchSettings, 'schema' | 'objectives' | 'accuracy'> {
  readonly spaceId: string;
  readonly systemId: string;
  /** the system as estimated (preset id, `*` when edited) and its label */
  readonly system: { readonly id: string; readonly label: string; readonly params: Readonly<Record<string, number>> };
  /** where a predictor came from ("shipped predictor: … Kendall τ …", "your predictor …"); absent for other sources */
  readonly accuracyFrom?: string;
  /** the configuration's cache key (searchCache.ts): everything that determines the result */
  readonly key: string;
}

/** The previous configuration's front, drawn dashed and listed apart once the space or hardware changed. */
export interface SearchGhost {
  readonly label: string;
  readonly context: SearchContext;
  readonly front: readonly SearchPoint[];
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
    | {
        readonly state: 'done';
        readonly front: readonly SearchPoint[];
        readonly subnets: number;
        readonly hypervolume: number;
        readonly ratio: number;
      }
    | { readonly state: 'error'; readonly message: string }
    | null;
  /** an imported table of measured accuracies (the `table` source), and why the last import failed */
  readonly table: { readonly name: string; readonly table: AccuracyTable } | null;
  readonly tableErrors: readonly string[];
  /** the previous configuration's front, kept when the space or hardware changed */
  readonly ghost: SearchGhost | null;
  readonly brush: ObjectiveBox | null;
  readonly selectedKey: string | null;
  /** true when the results on screen came back from the page's cache (no new run) */
  readonly restored: boolean;
  /** how many runs this page started (a resume is not a new run): a restore from the cache adds none */
  readonly runs: number;
}

/** The results of a run (what the cache keeps and a new run clears). */
export type SearchResults = Pick<
  SearchRunState,
  | 'context'
  | 'points'
  | 'front'
  | 'hypervolumes'
  | 'bounds'
  | 'ref'
  | 'generation'
  | 'evaluations'
  | 'elapsedMs'
  | 'infeasible'
  | 'measured'
  | 'reference'
  | 'brush'
  | 'selectedKey'
>;

export const NO_RESULTS: Omit<SearchResults, 'context'> = {
  points: [],
  front: [],
  hypervolumes: [],
  bounds: [],
  ref: [],
  generation: 0,
  evaluations: 0,
  elapsedMs: 0,
  infeasible: null,
  measured: {},
  reference: null,
  brush: null,
  selectedKey: null,
};

/**
 * The page's search settings before any link or edit: core's defaults, but the accuracy from a
 * predictor (the shipped one, fitted on the shipped supernet; the proxy, labelled, for spaces without
 * one). A link is read over core's defaults, so a link without `acc:` still means the proxy.
 */
export const PAGE_DEFAULT_SEARCH: SearchSettings = { ...DEFAULT_SEARCH, accuracy: 'predictor' };

export function initialSearch(): SearchRunState {
  return {
    ...NO_RESULTS,
    settings: PAGE_DEFAULT_SEARCH,
    status: 'idle',
    message: null,
    context: null,
    etaSec: null,
    remeasure: null,
    table: null,
    tableErrors: [],
    ghost: null,
    restored: false,
    runs: 0,
  };
}

export const searchStore = createStore<SearchRunState>()(initialSearch);

export function useSearch<T>(selector: (s: SearchRunState) => T): T {
  return useStore(searchStore, selector);
}

export const setSearch = (patch: Partial<SearchRunState>): void => searchStore.setState(patch);
export const getSearch = (): SearchRunState => searchStore.getState();

/** "space mini, hardware Arm Ethos-U55 + MRAM CIM, schema hetero": how the page names a configuration. */
export function describeContext(c: SearchContext): string {
  return `space ${c.spaceId}, hardware ${c.system.label}, schema ${c.schema}`;
}

/** The label every plotted accuracy carries. */
export function accuracyLabel(choice: SearchAccuracyChoice, measured: boolean): string {
  if (measured) return ACCURACY_LABELS.supernet;
  return choice === 'proxy' || choice === 'table' ? ACCURACY_LABELS[choice] : ACCURACY_LABELS.predictor;
}
