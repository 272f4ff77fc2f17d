/**
 * The search settings and their one validation (SPEC §6): the page's form and store, the URL's
 * `search=` field and the CLI's `h4h search` flags all check the same values with the same schema,
 * so the three give the same verdict and the same message (the field, then the allowed range).
 */
import type { AccuracySource } from '../accuracy/accuracy.js';
import { SCHEMA_IDS } from '../schedule/estimate.js';
import { MAX_EXHAUSTIVE_SUBNETS, trimSpace, type SpaceTrims } from './exhaustive.js';
import { preview, spaceSize } from '../model/genome.js';
import { HW_PARAMS } from '../hardware/hardware.js';
import type { ObjectiveId, SearchBudgets, SearchConfig } from './searchProblem.js';
import type { SchemaId, SearchSpace } from '../types.js';
import { z } from '../zod.js';

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

/** Every objective a search may take; CIM area (macros × area per macro, `assumed`) only under co-search. */
export const SEARCH_OBJECTIVES: readonly ObjectiveId[] = ['accuracy', 'latencyMs', 'energyUj', 'params', 'cimAreaMm2'];

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

/** The message when a run of `population` × `generations` passes MAX_SEARCH_EVALUATIONS, else null. */
function runSizeProblem(population: number, generations: number): string | null {
  const runs = population * generations;
  return runs > MAX_SEARCH_EVALUATIONS
    ? `search.generations: population × generations is ${runs.toLocaleString('en-US')}; a search evaluates at most ${MAX_SEARCH_EVALUATIONS.toLocaleString('en-US')} subnets (lower either)`
    : null;
}

const BUDGET_NAMES: Readonly<Record<string, string>> = {
  latencyMs: 'latency (ms)',
  energyUj: 'energy (µJ)',
  params: 'parameters',
  cimUse: 'CIM use',
  cimAreaMm2: 'CIM area (mm²)',
};

const whole = (lo: number, hi: number) =>
  z
    .number({ error: `must be a whole number ${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')}` })
    .refine((v) => Number.isInteger(v) && v >= lo && v <= hi, {
      message: `must be a whole number ${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')}`,
    });
const budget = (name: string) =>
  z
    .number({ error: `${name} must be a positive number` })
    .refine((v) => Number.isFinite(v) && v > 0, { message: `${name} must be a positive number` })
    .optional();
const [oLo, oHi] = SEARCH_LIMITS.objectives;

/** The shape of the settings: each field alone, with its range. Cross-field rules are in `validateSearchSettings`. */
export const searchSettingsSchema = z.object({
  objectives: z
    .array(
      z.enum(SEARCH_OBJECTIVES as [ObjectiveId, ...ObjectiveId[]], { error: 'pick among accuracy, latency, energy, params, CIM area' }),
    )
    .refine((o) => new Set(o).size === o.length, { message: 'pick distinct objectives' })
    .refine((o) => o.length >= oLo && o.length <= oHi, { message: `pick ${oLo} to ${oHi} (one is budget mode, with a budget)` }),
  schema: z.enum(SCHEMA_IDS as unknown as [SchemaId, ...SchemaId[]], { error: `must be one of ${SCHEMA_IDS.join(', ')}` }),
  population: whole(...SEARCH_LIMITS.population),
  generations: whole(...SEARCH_LIMITS.generations),
  seed: whole(...SEARCH_LIMITS.seed),
  accuracy: z.enum(SEARCH_ACCURACY_SOURCES as [AccuracySource, ...AccuracySource[]], {
    error: `must be one of ${SEARCH_ACCURACY_SOURCES.join(', ')}`,
  }),
  budgets: z.object({
    latencyMs: budget(BUDGET_NAMES.latencyMs as string),
    energyUj: budget(BUDGET_NAMES.energyUj as string),
    params: budget(BUDGET_NAMES.params as string),
    cimUse: budget(BUDGET_NAMES.cimUse as string),
    cimAreaMm2: budget(BUDGET_NAMES.cimAreaMm2 as string),
  }),
  coSearch: z.boolean({ error: 'must be true or false' }),
  exhaustive: z.boolean({ error: 'must be true or false' }),
});

const hasTrims = (t: SpaceTrims): boolean =>
  t.r !== undefined || t.stem !== undefined || t.head !== undefined || Object.keys(t.stages ?? {}).length > 0;

/** The space a search explores: `space` with the settings' trims (or the message why not). */
export function trimmedSearchSpace(
  space: SearchSpace,
  trims: SpaceTrims,
): { readonly space: SearchSpace; readonly size: bigint } | { readonly error: string } {
  try {
    const s = hasTrims(trims) ? trimSpace(space, trims) : space;
    return { space: s, size: spaceSize(s) };
  } catch (e) {
    return { error: `search.space: ${(e instanceof Error ? e.message : String(e)).replace(/^trim /, '')}` };
  }
}

/**
 * Checks search settings for `space` (before its trims). Each message is `search.<field>: <what is
 * allowed>`; an empty list means the settings can run.
 */
export function validateSearchSettings(s: SearchSettings, space: SearchSpace): string[] {
  const errors: string[] = [];
  const sp = trimmedSearchSpace(space, s.trims);
  if ('error' in sp) errors.push(sp.error);
  else if (s.exhaustive && sp.size > BigInt(MAX_EXHAUSTIVE_SUBNETS))
    errors.push(
      `search.exhaustive: the space has ${sp.size.toLocaleString('en-US')} subnets; trim it to at most ${MAX_EXHAUSTIVE_SUBNETS.toLocaleString('en-US')} first`,
    );
  if (s.exhaustive && s.coSearch) errors.push('search.exhaustive: hardware co-search is not enumerated; untick one of them');
  if (s.accuracy === 'table' && (s.coSearch || s.exhaustive))
    errors.push('search.accuracy: a table is scored whole (its subnets are the candidates): no co-search, no enumeration');
  // only when each field is within its own range (else that field's message says enough)
  const inRange = (v: number, [lo, hi]: readonly [number, number]): boolean => Number.isInteger(v) && v >= lo && v <= hi;
  const size =
    !s.exhaustive &&
    s.accuracy !== 'table' &&
    inRange(s.population, SEARCH_LIMITS.population) &&
    inRange(s.generations, SEARCH_LIMITS.generations)
      ? runSizeProblem(s.population, s.generations)
      : null;
  if (size) errors.push(size);
  const parsed = searchSettingsSchema.safeParse(s);
  if (!parsed.success) {
    // one message per field, the first issue (an objective list's first problem is enough)
    const seen = new Set<string>();
    for (const i of parsed.error.issues) {
      const field = i.path.filter((p) => typeof p === 'string').join('.');
      if (seen.has(field)) continue;
      seen.add(field);
      errors.push(`search.${field}: ${i.message}`);
    }
    return errors;
  }
  if (s.objectives.length === 1 && Object.values(s.budgets).every((v) => v === undefined)) {
    errors.push('search.objectives: one objective is budget mode: set a latency, energy or parameter budget first');
  } else if (s.objectives.includes('cimAreaMm2') && !s.coSearch)
    errors.push('search.objectives: CIM area is an objective of hardware co-search only; tick co-search first');
  return errors;
}

/**
 * Checks a search job as the search worker receives it (a config built by the page, but a message
 * is untrusted input): the run's size within the limits above, finite positive budgets, every
 * hardware parameter finite and in its range (NaN hardware gave an empty front, silently; a
 * population of 10⁷ blocked the worker). `whole`: an enumeration or a table, which ignore population
 * × generations. Empty when the job can run.
 */
export function validateSearchConfig(config: SearchConfig, kind: 'evolve' | 'whole' = 'evolve'): string[] {
  const errors: string[] = [];
  const whole = (field: string, v: unknown, [lo, hi]: readonly [number, number]): void => {
    if (v !== undefined && !(typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi))
      errors.push(`search.${field}: ${preview(v)} (must be a whole number ${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')})`);
  };
  whole('population', config.population, SEARCH_LIMITS.population);
  whole('generations', config.generations, SEARCH_LIMITS.generations);
  whole('seed', config.seed, SEARCH_LIMITS.seed);
  // an enumeration or a table is scored whole: its population and generations are not used
  const size = kind === 'evolve' && errors.length === 0 ? runSizeProblem(config.population ?? 64, config.generations ?? 100) : null;
  if (size) errors.push(size);
  if (
    !Array.isArray(config.objectives) ||
    config.objectives.length < 1 ||
    config.objectives.length > 4 ||
    !config.objectives.every((o) => SEARCH_OBJECTIVES.includes(o))
  ) {
    errors.push(`search.objectives: must be 1 to 4 of ${SEARCH_OBJECTIVES.join(', ')}`);
  }
  for (const [b, v] of Object.entries(config.budgets ?? {})) {
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
      errors.push(`search.budgets.${b}: ${preview(v)} (must be a positive number)`);
  }
  const params = ('params' in config.system ? config.system.params : config.system) as Readonly<Record<string, unknown>>;
  for (const hp of HW_PARAMS) {
    const v = params[hp.key];
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= hp.min && v <= hp.max))
      errors.push(`system.${hp.key}: ${preview(v)} (allowed ${hp.min}–${hp.max} ${hp.unit})`);
  }
  return errors;
}
