/**
 * `h4h search`'s flags as search settings: the objective words and budget flags of core's vocabulary
 * (`OBJECTIVES`, `BUDGETS`), the defaults of DEFAULT_SEARCH (generations: CLI_GENERATIONS), and core's
 * one validation, whose messages are given back under the flag's name.
 */
import {
  BUDGETS,
  CLI_GENERATIONS,
  CLI_OBJECTIVES,
  DEFAULT_SEARCH,
  objectiveOfCliWord,
  validateSearchSettings,
  type AccuracySource,
  type ObjectiveId,
  type SchemaId,
  type SearchBudgets,
  type SearchSettings,
  type SearchSpace,
} from '../core/index.js';
import { UsageError } from './usage.js';

/**
 * `--objectives accuracy,latency,energy`: the words of SPEC §9 (core's OBJECTIVES; how many: core's
 * one schema, `validateSearchSettings`); absent, DEFAULT_SEARCH's objectives.
 */
export function objectivesArg(value: string | undefined): ObjectiveId[] {
  if (value === undefined) return [...DEFAULT_SEARCH.objectives];
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.map((n) => {
    const id = objectiveOfCliWord(n);
    if (!id) throw new UsageError(`--objectives: unknown "${n.slice(0, 30)}" (allowed: ${CLI_OBJECTIVES.map((o) => o.cli).join(', ')})`);
    return id;
  });
}

/** The flag that sets each field of the search settings, for the messages. */
const FLAGS: Readonly<Record<string, string>> = {
  'search.objectives': '--objectives',
  'search.schema': '--schema',
  'search.population': '--population',
  'search.generations': '--generations',
  'search.seed': '--seed',
  'search.accuracy': '--accuracy',
  ...Object.fromEntries(Object.values(BUDGETS).flatMap((b) => (b.cli ? [[`search.budgets.${b.id}`, b.cli]] : []))),
  'search.exhaustive': '--exhaustive',
  'search.space': '--space',
};

/** A whole-number flag as written (digits only; anything else is NaN, which the schema refuses); absent: `fallback`. */
export const wholeFlag = (value: string | undefined, fallback: number): number =>
  value === undefined ? fallback : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;

/** The flags of `h4h search` as search settings, checked by the same schema as the page and the URL (core/search/searchSettings.ts). */
export function searchSettingsArgs(
  flags: {
    readonly objectives?: string | undefined;
    readonly schema: SchemaId;
    readonly population?: string | undefined;
    readonly generations?: string | undefined;
    readonly seed?: string | undefined;
    readonly accuracy: AccuracySource;
    readonly budgets: SearchBudgets;
    readonly exhaustive: boolean;
  },
  space: SearchSpace,
): SearchSettings {
  const raw = { population: flags.population, generations: flags.generations, seed: flags.seed };
  const settings: SearchSettings = {
    objectives: objectivesArg(flags.objectives),
    schema: flags.schema,
    population: wholeFlag(flags.population, DEFAULT_SEARCH.population),
    generations: wholeFlag(flags.generations, CLI_GENERATIONS),
    seed: wholeFlag(flags.seed, DEFAULT_SEARCH.seed),
    budgets: flags.budgets,
    accuracy: flags.accuracy,
    coSearch: false,
    trims: {},
    exhaustive: flags.exhaustive,
  };
  const errors = validateSearchSettings(settings, space);
  if (errors.length > 0) {
    throw new UsageError(
      errors
        .map((e) => {
          const field = e.slice(0, e.indexOf(':'));
          const given = raw[field.slice('search.'.length) as keyof typeof raw];
          return `${FLAGS[field] ?? field}${e.slice(field.length)}${given !== undefined ? ` (got "${given.slice(0, 30)}")` : ''}`;
        })
        .join('\n'),
    );
  }
  return settings;
}
