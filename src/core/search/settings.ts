/**
 * The search settings, written once: their type (`SearchSettings`), their defaults (`DEFAULT_SEARCH`)
 * and their limits. The page's store, the link, the CLI, the search itself (`SearchConfig` takes its
 * run fields from here) and the bench all read these; the validation is in searchSettings.ts.
 */
import type { AccuracySource } from '../accuracy/accuracy.js';
import type { SpaceTrims } from './exhaustive.js';
import type { ObjectiveId, SearchBudgets } from './objectives.js';
import type { SchemaId } from '../types.js';

/** What one search run is asked: the page's form, the link's `search=`, the CLI's flags and a run record's link. */
export interface SearchSettings {
  /** 1–4 distinct objectives (what `searchProblem` accepts); one objective is budget mode */
  readonly objectives: readonly ObjectiveId[];
  readonly schema: SchemaId;
  readonly population: number;
  readonly generations: number;
  readonly seed: number;
  readonly budgets: SearchBudgets;
  readonly accuracy: AccuracySource;
  /** hardware co-search: CIM macros M, compute units U and NPU MACs/cycle P become genes */
  readonly coSearch: boolean;
  /** the choices the search may use, per gene (empty: the whole space) */
  readonly trims: SpaceTrims;
  /** after the search, enumerate every subnet (a space of at most 10⁶) and compare the fronts */
  readonly exhaustive: boolean;
}

/**
 * The defaults, for every reader: the page (before a link or an edit), the link (it writes only what
 * differs), `createSearch` and `searchProblem` (a config without the field), the CLI (but its
 * generations, `CLI_GENERATIONS`) and the bench.
 */
export const DEFAULT_SEARCH: SearchSettings = {
  objectives: ['accuracy', 'latencyMs', 'energyUj'],
  schema: 'hetero',
  population: 64,
  generations: 100,
  seed: 1,
  budgets: {},
  accuracy: 'proxy',
  coSearch: false,
  trims: {},
  exhaustive: false,
};

/** The accuracy sources a search may use. */
export const SEARCH_ACCURACY_SOURCES: readonly AccuracySource[] = ['proxy', 'predictor', 'supernet', 'table'];

/**
 * Inclusive limits. Objectives: `searchProblem` takes 1–4. Population and generations: what a run
 * in the page's worker or the CLI finishes in minutes to hours; the seed is the PRNG's 32 bits.
 */
export const SEARCH_LIMITS = { population: [4, 4096], generations: [1, 100_000], seed: [0, 2 ** 32 - 1], objectives: [1, 4] } as const;

/**
 * The most subnets one evolutionary search may evaluate (population × generations): about 20 s on
 * `mini` and 10 min on `nasvit` on a laptop core. 4,096 × 100,000 passed each field's limit and
 * would have run for a day.
 */
export const MAX_SEARCH_EVALUATIONS = 1_000_000;

/**
 * `h4h search` runs 50 generations unless told (SPEC §9's example); every other default is
 * DEFAULT_SEARCH's. The page keeps 100: a run there is watched, and stopped when it is enough.
 */
export const CLI_GENERATIONS = 50;
