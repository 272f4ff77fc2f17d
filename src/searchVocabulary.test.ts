/**
 * The search's vocabulary (core/search/objectives.ts) is complete and consistent: one row per
 * objective and budget the search knows, the CLI's words and flags (SPEC §9) and the link's keys as
 * the contract fixes them, each read back by the CLI and the link to the same id. Here because it
 * spans core, the CLI and the URL.
 */
import { describe, expect, it } from 'vitest';
import {
  BUDGETS,
  CLI_OBJECTIVES,
  DEFAULT_SEARCH,
  LINK_BUDGETS,
  MINI,
  OBJECTIVE_DIRECTIONS,
  OBJECTIVES,
  SEARCH_OBJECTIVES,
  SUBNET_METRICS,
  budgetFieldLabel,
  budgetName,
  budgetOfLinkKey,
  formatObjective,
  getSystem,
  objectiveOfCliWord,
  searchProblem,
  type BudgetId,
  type ObjectiveId,
  type SearchSettings,
} from './core';
import { objectivesArg } from './cli/search';
import { runCli } from './cli/runInProcess';
import { fromHash, toHash } from './state/url';
import { URL_DEFAULTS } from './state/fixtures/urlDefaults';

/** Every objective id the search takes (SubnetMetrics holds each), and every budget id. */
const OBJECTIVE_IDS: readonly ObjectiveId[] = ['accuracy', 'latencyMs', 'energyUj', 'params', 'cimAreaMm2'];
const BUDGET_IDS: readonly BudgetId[] = ['latencyMs', 'energyUj', 'params', 'cimUse', 'cimAreaMm2'];

/** The settings through the link and back. */
const viaLink = (search: SearchSettings): { search: SearchSettings; errors: string[] } => {
  const r = fromHash(`#${toHash({ ...URL_DEFAULTS, search })}`, URL_DEFAULTS);
  return { search: r.state.search, errors: r.errors };
};

describe('the search vocabulary', () => {
  it('has exactly one row per objective and per budget, keyed by its own id, each a measured value', () => {
    expect(Object.keys(OBJECTIVES)).toEqual(OBJECTIVE_IDS);
    expect(Object.keys(BUDGETS)).toEqual(BUDGET_IDS);
    for (const [k, row] of Object.entries({ ...OBJECTIVES })) expect(row.id).toBe(k);
    for (const [k, row] of Object.entries({ ...BUDGETS })) expect(row.id).toBe(k);
    expect(SEARCH_OBJECTIVES).toEqual(OBJECTIVE_IDS);
    expect(Object.keys(OBJECTIVE_DIRECTIONS).sort()).toEqual([...OBJECTIVE_IDS].sort());
    for (const id of [...OBJECTIVE_IDS, ...BUDGET_IDS]) expect(SUBNET_METRICS).toContain(id);
    // no two rows share a word anywhere
    for (const words of [
      Object.values(OBJECTIVES).map((o) => o.label),
      Object.values(OBJECTIVES).map((o) => o.title),
      Object.values(OBJECTIVES).map((o) => o.link),
      CLI_OBJECTIVES.map((o) => o.cli),
      LINK_BUDGETS.map((b) => b.link),
      BUDGET_IDS.map(budgetName),
    ])
      expect(new Set(words).size).toBe(words.length);
  });

  it('gives each objective the direction the search ranks it by, and accuracy alone is maximised', () => {
    const system = getSystem('u55-mram');
    const p = searchProblem({ space: MINI, system, objectives: OBJECTIVE_IDS.slice(0, 4) });
    expect(p.directions).toEqual(['max', 'min', 'min', 'min']);
    expect(p.bounds.map((b) => b.direction)).toEqual(p.directions);
    const area = searchProblem({ space: MINI, system, objectives: ['accuracy', 'cimAreaMm2'], coSearch: true });
    expect(area.directions).toEqual(['max', OBJECTIVES.cimAreaMm2.direction]);
    expect(OBJECTIVE_IDS.filter((o) => OBJECTIVE_DIRECTIONS[o] === 'max')).toEqual(['accuracy']);
  });

  it('keeps the CLI words of SPEC §9, and the CLI reads each back to its objective', () => {
    expect(CLI_OBJECTIVES.map((o) => [o.cli, o.id])).toEqual([
      ['accuracy', 'accuracy'],
      ['latency', 'latencyMs'],
      ['energy', 'energyUj'],
      ['params', 'params'],
    ]);
    for (const o of CLI_OBJECTIVES) {
      expect(objectiveOfCliWord(o.cli)).toBe(o.id);
      expect(objectivesArg(o.cli)).toEqual([o.id]);
    }
    expect(objectivesArg(CLI_OBJECTIVES.map((o) => o.cli).join(','))).toEqual(CLI_OBJECTIVES.map((o) => o.id));
    expect(objectivesArg(undefined)).toEqual(DEFAULT_SEARCH.objectives);
    expect(() => objectivesArg('latencyMs')).toThrow('--objectives: unknown "latencyMs" (allowed: accuracy, latency, energy, params)');
  });

  it('keeps the budget flags of SPEC §9, and `h4h search` sets each one budget', () => {
    expect(Object.values(BUDGETS).map((b) => b.cli)).toEqual(['--max-latency', '--max-energy', '--max-params', null, null]);
    for (const b of Object.values(BUDGETS)) {
      if (!b.cli) continue;
      const r = runCli('search', b.cli, '123.5', '--population', '4', '--generations', '1', '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).budgets).toEqual({ [b.id]: 123.5 });
    }
  });

  it('keeps the link keys, and every budget key and objective id goes through the link and back', () => {
    expect(LINK_BUDGETS.map((b) => [b.link, b.id])).toEqual([
      ['lat', 'latencyMs'],
      ['en', 'energyUj'],
      ['par', 'params'],
    ]);
    for (const b of LINK_BUDGETS) {
      expect(budgetOfLinkKey(b.link)).toBe(b.id);
      const search = { ...DEFAULT_SEARCH, budgets: { [b.id]: 0.25 } };
      expect(toHash({ ...URL_DEFAULTS, search })).toContain(`search=${b.link}:0.25`);
      expect(viaLink(search)).toEqual({ search, errors: [] });
    }
    expect(budgetOfLinkKey('latencyMs')).toBeUndefined();
    for (const o of OBJECTIVE_IDS) {
      const search: SearchSettings = {
        ...DEFAULT_SEARCH,
        objectives: ['accuracy', o].filter((x, i, a) => a.indexOf(x) === i) as ObjectiveId[],
        coSearch: OBJECTIVES[o].coSearchOnly,
        budgets: o === 'accuracy' ? { latencyMs: 1 } : {},
      };
      expect(toHash({ ...URL_DEFAULTS, search })).toContain(`obj:${search.objectives.map((x) => OBJECTIVES[x].link).join('.')}`);
      expect(viaLink(search)).toEqual({ search, errors: [] });
    }
  });

  it('shows each value in its display unit, and names budgets with their unit', () => {
    expect(formatObjective('accuracy', 0.8523)).toBe('85.2');
    expect(formatObjective('latencyMs', 0.12345)).toBe('0.123');
    expect(formatObjective('latencyMs', 12.345)).toBe('12.35');
    expect(formatObjective('energyUj', 41.26)).toBe('41.3');
    expect(formatObjective('params', 1_234_567)).toBe('1.235');
    expect(formatObjective('cimAreaMm2', 0.8)).toBe('0.80');
    expect(BUDGET_IDS.map(budgetName)).toEqual(['latency (ms)', 'energy (µJ)', 'parameters', 'CIM use', 'CIM area (mm²)']);
    expect(LINK_BUDGETS.map((b) => budgetFieldLabel(b.id))).toEqual(['Latency budget (ms)', 'Energy budget (µJ)', 'Parameters budget']);
  });
});
