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
import { BUDGETS, OBJECTIVES, SEARCH_OBJECTIVES, budgetName, type BudgetId, type ObjectiveId } from './objectives.js';
import type { SearchConfig } from './searchProblem.js';
import { DEFAULT_SEARCH, MAX_SEARCH_EVALUATIONS, SEARCH_ACCURACY_SOURCES, SEARCH_LIMITS, type SearchSettings } from './settings.js';
import type { SchemaId, SearchSpace } from '../types.js';
import { z } from '../zod.js';

export {
  CLI_GENERATIONS,
  DEFAULT_SEARCH,
  MAX_SEARCH_EVALUATIONS,
  SEARCH_ACCURACY_SOURCES,
  SEARCH_LIMITS,
  type SearchSettings,
} from './settings.js';

/** The message when a run of `population` × `generations` passes MAX_SEARCH_EVALUATIONS, else null. */
function runSizeProblem(population: number, generations: number): string | null {
  const runs = population * generations;
  return runs > MAX_SEARCH_EVALUATIONS
    ? `search.generations: population × generations is ${runs.toLocaleString('en-US')}; a search evaluates at most ${MAX_SEARCH_EVALUATIONS.toLocaleString('en-US')} subnets (lower either)`
    : null;
}

const whole = (lo: number, hi: number) =>
  z
    .number({ error: `must be a whole number ${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')}` })
    .refine((v) => Number.isInteger(v) && v >= lo && v <= hi, {
      message: `must be a whole number ${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')}`,
    });
const budget = (id: BudgetId) =>
  z
    .number({ error: `${budgetName(id)} must be a positive number` })
    .refine((v) => Number.isFinite(v) && v > 0, { message: `${budgetName(id)} must be a positive number` })
    .optional();
const [oLo, oHi] = SEARCH_LIMITS.objectives;

/** The shape of the settings: each field alone, with its range. Cross-field rules are in `validateSearchSettings`. */
export const searchSettingsSchema = z.object({
  objectives: z
    .array(
      z.enum(SEARCH_OBJECTIVES as [ObjectiveId, ...ObjectiveId[]], {
        error: `pick among ${SEARCH_OBJECTIVES.map((o) => OBJECTIVES[o].label).join(', ')}`,
      }),
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
  budgets: z.object(
    Object.fromEntries(Object.values(BUDGETS).map((b) => [b.id, budget(b.id)])) as Record<BudgetId, ReturnType<typeof budget>>,
  ),
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
  const size =
    kind === 'evolve' && errors.length === 0
      ? runSizeProblem(config.population ?? DEFAULT_SEARCH.population, config.generations ?? DEFAULT_SEARCH.generations)
      : null;
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
