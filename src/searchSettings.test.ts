/**
 * One schema for the search settings (core/search/searchSettings.ts): the page's store, the URL's `search=`
 * field and the CLI's flags give the same verdict, and the same message after the field's name, on
 * the same values. Here because it spans three layers (state, URL, CLI) over core.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH, MINI, SEARCH_LIMITS, validateSearchSettings, type ObjectiveId, type SearchSettings } from './core';
import { UsageError } from './cli/args';
import { searchSettingsArgs } from './cli/search';
import { resetSearch, searchStore, setSearchSettings } from './state/search';
import { resetInputs } from './state/store';
import { fromHash } from './state/url';
import { URL_DEFAULTS } from './state/fixtures/urlDefaults';

type Case =
  | { readonly field: 'population' | 'generations' | 'seed'; readonly value: number }
  | { readonly field: 'objectives'; readonly value: readonly ObjectiveId[] };

const CLI_NAMES: Readonly<Record<string, string>> = { accuracy: 'accuracy', latencyMs: 'latency', energyUj: 'energy', params: 'params' };
const URL_KEYS = { population: 'pop', generations: 'gen', seed: 'seed' } as const;

const CASES: readonly Case[] = [
  ...(['population', 'generations', 'seed'] as const).flatMap((field) => {
    const [lo, hi] = SEARCH_LIMITS[field];
    return [lo - 1, lo, hi, hi + 1, lo + 0.5].filter((v) => v >= 0).map((value) => ({ field, value }));
  }),
  { field: 'objectives', value: ['accuracy', 'latencyMs'] },
  { field: 'objectives', value: ['accuracy', 'latencyMs', 'energyUj'] },
  { field: 'objectives', value: ['accuracy', 'latencyMs', 'energyUj', 'params'] }, // 4: what core's search takes
  { field: 'objectives', value: ['accuracy'] }, // budget mode without a budget
  { field: 'objectives', value: ['accuracy', 'accuracy'] },
];

/** The verdict as `null` (accepted) or the message after the field name. */
const core = (c: Case): string | null => {
  const e = validateSearchSettings({ ...DEFAULT_SEARCH, [c.field]: c.value } as SearchSettings, MINI);
  return e.length === 0 ? null : (e[0] as string).replace(/^search\.\w+: /, '');
};
const page = (c: Case): string | null => {
  const e = setSearchSettings({ [c.field]: c.value });
  return e.length === 0 ? null : (e[0] as string).replace(/^search\.\w+: /, '');
};
const url = (c: Case): string | null => {
  const part = c.field === 'objectives' ? `obj:${c.value.join('.')}` : `${URL_KEYS[c.field]}:${c.value}`;
  const r = fromHash(`#v=2&space=mini&search=${part}&end`, URL_DEFAULTS);
  return r.errors.length === 0 ? null : (r.errors[0] as string).replace(/^search\.\w+: /, '');
};
const cli = (c: Case): string | null => {
  const flags = { schema: 'hetero', accuracy: 'proxy', budgets: {}, exhaustive: false } as const;
  try {
    searchSettingsArgs(
      c.field === 'objectives'
        ? { ...flags, objectives: c.value.map((o) => CLI_NAMES[o]).join(',') }
        : { ...flags, [c.field]: String(c.value) },
      MINI,
    );
    return null;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return e.message.replace(/^--[\w-]+: /, '').replace(/ \(got "[^"]*"\)$/, '');
  }
};

beforeEach(() => {
  resetInputs();
  resetSearch();
});

describe('search settings: one schema for the page, the URL and the CLI', () => {
  it.each(CASES.map((c) => [`${c.field} = ${JSON.stringify(c.value)}`, c] as const))('%s', (_, c) => {
    const verdict = core(c);
    expect(page(c)).toBe(verdict);
    expect(url(c)).toBe(verdict);
    expect(cli(c)).toBe(verdict);
  });

  it('the limits are the documented ones, with exact messages', () => {
    expect(SEARCH_LIMITS).toEqual({ population: [4, 4096], generations: [1, 100_000], seed: [0, 2 ** 32 - 1], objectives: [1, 4] });
    expect(core({ field: 'population', value: 3 })).toBe('must be a whole number 4–4,096');
    expect(core({ field: 'generations', value: 100_001 })).toBe('must be a whole number 1–100,000');
    expect(core({ field: 'seed', value: 0.5 })).toBe('must be a whole number 0–4,294,967,295');
    expect(core({ field: 'objectives', value: ['accuracy', 'latencyMs', 'energyUj', 'params', 'cimAreaMm2'] })).toBe(
      'pick 1 to 4 (one is budget mode, with a budget)',
    );
    expect(core({ field: 'objectives', value: ['accuracy', 'accuracy'] })).toBe('pick distinct objectives');
    expect(core({ field: 'objectives', value: ['accuracy', 'latencyMs', 'energyUj', 'params'] })).toBeNull();
    // a refused change leaves the page's settings as they were
    expect(setSearchSettings({ population: 3 })).toEqual(['search.population: must be a whole number 4–4,096']);
    expect(searchStore.getState().settings.population).toBe(DEFAULT_SEARCH.population);
  });

  it('population × generations is at most 1,000,000 (4,096 × 100,000 passed each field and ran for a day): the same in the page, the URL and the CLI', () => {
    const verdict = (population: number, generations: number): (string | null)[] => {
      const settings = { ...DEFAULT_SEARCH, population, generations };
      const e = validateSearchSettings(settings, MINI);
      const p = setSearchSettings({ population, generations });
      const u = fromHash(`#v=2&space=mini&search=pop:${population},gen:${generations}&end`, URL_DEFAULTS).errors;
      let c: string | null = null;
      try {
        searchSettingsArgs(
          {
            schema: 'hetero',
            accuracy: 'proxy',
            budgets: {},
            exhaustive: false,
            population: String(population),
            generations: String(generations),
          },
          MINI,
        );
      } catch (err) {
        c = (err as Error).message.replace(/^--generations: /, 'search.generations: ').replace(/ \(got "[^"]*"\)$/, '');
      }
      return [e[0] ?? null, p[0] ?? null, u[0] ?? null, c];
    };
    expect(verdict(1000, 1000)).toEqual([null, null, null, null]);
    const msg = 'search.generations: population × generations is 409,600,000; a search evaluates at most 1,000,000 subnets (lower either)';
    expect(verdict(4096, 100_000)).toEqual([msg, msg, msg, msg]);
    expect(verdict(1000, 1001)[0]).toBe(
      'search.generations: population × generations is 1,001,000; a search evaluates at most 1,000,000 subnets (lower either)',
    );
  });

  it('the CLI names its flag and what was given', () => {
    const flags = { schema: 'hetero', accuracy: 'proxy', budgets: {}, exhaustive: false } as const;
    expect(() => searchSettingsArgs({ ...flags, population: '3' }, MINI)).toThrow('--population: must be a whole number 4–4,096 (got "3")');
    expect(() => searchSettingsArgs({ ...flags, seed: '0x10' }, MINI)).toThrow(
      '--seed: must be a whole number 0–4,294,967,295 (got "0x10")',
    );
    expect(() => searchSettingsArgs({ ...flags, exhaustive: true }, MINI)).toThrow(/^--exhaustive: the space has 60,217,344 subnets/);
  });
});
