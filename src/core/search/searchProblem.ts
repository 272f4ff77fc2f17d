/**
 * The search problem: objectives, budgets, hardware co-search genes, and how one subnet is
 * evaluated (shared by NSGA-II in search.ts and the enumeration in exhaustive.ts).
 */
import { maxOf, minOf } from '../numbers.js';
import { proxyAccuracy } from '../accuracy/accuracy.js';
import { estimateGenome, type EstimateOptions } from '../schedule/estimate.js';
import { genomeKey } from '../model/genome.js';
import { cimCapacityBytes, type HwParams, type Provenance, type System } from '../hardware/hardware.js';
import { largestGenome, smallestGenome } from '../model/macrange.js';
import type { Direction, ObjectiveBounds, Scored } from './pareto.js';
import { DEFAULT_REF } from './hypervolume.js';
import { OBJECTIVE_DIRECTIONS, type BudgetId, type ObjectiveId, type SearchBudgets } from './objectives.js';
import { DEFAULT_SEARCH, type SearchSettings } from './settings.js';
import type { Genome, SchemaId, SearchSpace } from '../types.js';

/** A rectangle over two objectives, in their own units (a brush on a Pareto plot): it filters points. */
export interface ObjectiveBox {
  readonly x: ObjectiveId;
  readonly y: ObjectiveId;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}
/** The hardware genes of co-search, named after the system parameters they set. */
export const HW_GENES = ['cimMacros', 'cimUnits', 'npuMacsPerCycle'] as const;
export type HwGenes = { readonly [K in (typeof HW_GENES)[number]]: number };

/** A hardware choice's part of a subnet key: `M,U,P`. */
const hwKey = (g: HwGenes): string => HW_GENES.map((k) => g[k]).join(',');

/** Choices of hardware co-search; compute units range over the divisors of the macro count. */
export interface CoSearchConfig {
  readonly cimMacros?: readonly number[];
  readonly npuMacsPerCycle?: readonly number[];
  /** CIM area per macro, mm² (default `CIM_AREA_PER_MACRO.valueMm2`) */
  readonly areaPerMacroMm2?: number;
}

/** Default CIM area per macro: a placeholder of relative cost, not a measurement. */
export const CIM_AREA_PER_MACRO: { readonly valueMm2: number; readonly provenance: Provenance; readonly source: string } = {
  valueMm2: 0.2,
  provenance: 'assumed',
  source: 'placeholder per-macro area; with normalised objectives only ratios between macro counts matter',
};
/** The hardware choices of co-search when the config names none (the page's co-search uses these). */
export const CO_SEARCH_DEFAULTS = { cimMacros: [1, 2, 4, 8, 16], npuMacsPerCycle: [64, 128, 256, 512] } as const;

/**
 * One run of the search or the enumeration. The fields it shares with the settings (`schema`, the
 * execution schema whose latency and energy are read; `population`; `generations`, the initial
 * population included; `seed`; `budgets`) mean the same and default to DEFAULT_SEARCH's.
 */
export interface SearchConfig extends Partial<Pick<SearchSettings, 'schema' | 'population' | 'generations' | 'seed' | 'budgets'>> {
  readonly space: SearchSpace;
  readonly system: System | HwParams;
  /** 1–4 distinct objectives, e.g. ['accuracy', 'latencyMs']; one objective is budget mode */
  readonly objectives: readonly ObjectiveId[];
  readonly estimate?: EstimateOptions;
  /** stop once this many distinct subnets have been evaluated */
  readonly maxEvaluations?: number;
  /** per-gene mutation probability (default 0.1) */
  readonly mutationProb?: number;
  /** probability that a child comes from uniform crossover rather than a copy of one parent (default 0.5) */
  readonly crossoverProb?: number;
  readonly coSearch?: boolean | CoSearchConfig;
  /** start from the space's smallest- and largest-MAC subnets as well as random ones (default true) */
  readonly seedExtremes?: boolean;
  /** generations without a smaller violation before a budget with no feasible subnet is declared infeasible (default 3) */
  readonly stallGenerations?: number;
  /** normalised reference point (default 1.1 in every dimension) */
  readonly ref?: number | readonly number[];
}

/** Injected functions: the accuracy source (synchronous; the proxy by default). */
export interface SearchDeps {
  readonly accuracy?: (genome: Genome) => number;
}

/**
 * Everything measured about one evaluated subnet (and its hardware under co-search): each objective
 * and budget, MACs and the weight bytes the CIM holds. Listed once: the run record's reader checks these.
 */
export const SUBNET_METRICS = [
  'accuracy',
  'latencyMs',
  'energyUj',
  'params',
  'macs',
  'cimWeightBytes',
  'cimUse',
  'cimAreaMm2',
] as const satisfies readonly (ObjectiveId | BudgetId | 'macs' | 'cimWeightBytes')[];
export type SubnetMetrics = { readonly [K in (typeof SUBNET_METRICS)[number]]: number };

/** One evaluated individual. `values` follow the objective order; `violation` 0 = within every budget. */
export interface SearchPoint extends Scored {
  readonly genome: Genome;
  readonly hw: HwGenes | null;
  readonly key: string;
  readonly metrics: SubnetMetrics;
  readonly feasible: boolean;
}

/** The resolved problem: shared by the search and the exhaustive enumeration so their numbers compare. */
export interface SearchProblem {
  readonly space: SearchSpace;
  readonly params: HwParams;
  readonly objectives: readonly ObjectiveId[];
  readonly directions: readonly Direction[];
  /** normalisation bounds of each objective, fixed for the run */
  readonly bounds: readonly ObjectiveBounds[];
  readonly ref: readonly number[];
  readonly schema: SchemaId;
  readonly budgets: SearchBudgets;
  readonly coSearch: {
    readonly cimMacros: readonly number[];
    readonly npuMacsPerCycle: readonly number[];
    readonly areaPerMacroMm2: number;
  } | null;
  readonly accuracySource: 'proxy' | 'injected';
  /** the hardware of one individual: the system's own values without co-search */
  hwOf(genes: HwGenes | null): HwParams;
  key(genome: Genome, hw: HwGenes | null): string;
  evaluate(genome: Genome, hw: HwGenes | null): SearchPoint;
}

export const divisors = (m: number): number[] => Array.from({ length: m }, (_, i) => i + 1).filter((u) => m % u === 0);
export const largestDivisorAtMost = (m: number, u: number): number => maxOf(divisors(m).filter((d) => d <= u));

type CoSearch = NonNullable<SearchProblem['coSearch']>;

/** The co-search choices with their defaults filled in (null: no co-search). */
function resolveCoSearch(config: SearchConfig): CoSearch | null {
  const cs = config.coSearch ? (config.coSearch === true ? {} : config.coSearch) : null;
  return (
    cs && {
      cimMacros: cs.cimMacros ?? CO_SEARCH_DEFAULTS.cimMacros,
      npuMacsPerCycle: cs.npuMacsPerCycle ?? CO_SEARCH_DEFAULTS.npuMacsPerCycle,
      areaPerMacroMm2: cs.areaPerMacroMm2 ?? CIM_AREA_PER_MACRO.valueMm2,
    }
  );
}

/**
 * Throws, naming the field, unless the objectives are 1–4 distinct known ones, each budget a positive
 * number and the co-search lists whole numbers in range.
 */
function checkProblem(objectives: readonly ObjectiveId[], budgets: SearchBudgets, coSearch: CoSearch | null): void {
  if (objectives.length < 1 || objectives.length > 4) throw new Error(`objectives: give 1 to 4 objectives, got ${objectives.length}`);
  if (new Set(objectives).size !== objectives.length) throw new Error(`objectives: repeated objective in ${objectives.join(', ')}`);
  for (const o of objectives)
    if (!Object.hasOwn(OBJECTIVE_DIRECTIONS, o))
      throw new Error(`objectives: unknown "${o}" (allowed: ${Object.keys(OBJECTIVE_DIRECTIONS).join(', ')})`);
  if (objectives.includes('cimAreaMm2') && !coSearch)
    throw new Error('objectives: cimAreaMm2 needs hardware co-search (it is constant otherwise)');
  for (const [k, v] of Object.entries(budgets))
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new Error(`budgets.${k}: must be a positive number`);
  const whole = (xs: readonly number[], lo: number, hi: number): boolean =>
    xs.length > 0 && xs.every((x) => Number.isInteger(x) && x >= lo && x <= hi);
  if (coSearch && !(whole(coSearch.cimMacros, 1, 64) && whole(coSearch.npuMacsPerCycle, 32, 2048))) {
    throw new Error('coSearch: cimMacros must be whole numbers 1–64 and npuMacsPerCycle 32–2048, neither list empty');
  }
}

/** Every hardware choice of co-search (M, each divisor U of M, P), or the system alone. */
const hardwareChoices = (coSearch: CoSearch | null): (HwGenes | null)[] =>
  coSearch
    ? coSearch.cimMacros.flatMap((m) =>
        divisors(m).flatMap((u) => coSearch.npuMacsPerCycle.map((p) => ({ cimMacros: m, cimUnits: u, npuMacsPerCycle: p }))),
      )
    : [null];

type Measure = (genome: Genome, g: HwGenes | null, withAccuracy: boolean) => SubnetMetrics;

/** How one subnet on one hardware choice is measured: the estimate's totals under `schema`, and its accuracy. */
function createMeasure(
  space: SearchSpace,
  hwOf: (g: HwGenes | null) => HwParams,
  schema: SchemaId,
  areaPerMacro: number,
  config: SearchConfig,
  deps: SearchDeps,
): Measure {
  return (genome, g, withAccuracy) => {
    const hw = hwOf(g);
    const est = estimateGenome(space, genome, { id: 'search', label: 'search', params: hw }, config.estimate);
    const s = est.schemas[schema]; // totals only: never `timeline`, which would build the events
    const accuracy = !withAccuracy ? Number.NaN : deps.accuracy ? deps.accuracy(genome) : proxyAccuracy(space, genome, est.layers);
    if (withAccuracy && !Number.isFinite(accuracy)) throw new Error(`accuracy: not a number for subnet ${genomeKey(space, genome)}`);
    return {
      accuracy,
      latencyMs: s.latencyMs,
      energyUj: s.energyUj,
      params: est.params,
      macs: est.macs,
      cimWeightBytes: s.cimWeightBytes,
      cimUse: s.cimWeightBytes / cimCapacityBytes(hw),
      cimAreaMm2: hw.cimMacros * areaPerMacro,
    };
  };
}

/** Fixed bounds: accuracy 0..1; the rest spanned by the smallest- and largest-MAC subnets on every hardware choice. */
function objectiveBounds(
  space: SearchSpace,
  objectives: readonly ObjectiveId[],
  hwChoices: readonly (HwGenes | null)[],
  measure: Measure,
): ObjectiveBounds[] {
  const extremes = [smallestGenome(space), largestGenome(space)].flatMap((g) => hwChoices.map((h) => measure(g, h, false)));
  return objectives.map((o): ObjectiveBounds => {
    if (o === 'accuracy') return { direction: 'max', lo: 0, hi: 1 };
    const vs = extremes.map((m) => m[o]);
    return { direction: 'min', lo: minOf(vs), hi: maxOf(vs) };
  });
}

/** Resolves a search configuration into objectives, bounds, reference point and an evaluator. */
export function searchProblem(config: SearchConfig, deps: SearchDeps = {}): SearchProblem {
  const { space, objectives } = config;
  const base: HwParams = 'params' in config.system ? (config.system as System).params : (config.system as HwParams);
  const schema = config.schema ?? DEFAULT_SEARCH.schema;
  // a budget given as undefined (an unset field of a form) is no budget
  const budgets: SearchBudgets = Object.fromEntries(Object.entries(config.budgets ?? {}).filter(([, v]) => v !== undefined));
  const coSearch = resolveCoSearch(config);
  checkProblem(objectives, budgets, coSearch);
  const hwCache = new Map<string, HwParams>();
  const hwOf = (g: HwGenes | null): HwParams => {
    if (!g) return base;
    const k = hwKey(g);
    let hw = hwCache.get(k);
    if (!hw) hwCache.set(k, (hw = { ...base, ...g }));
    return hw;
  };
  const key = (genome: Genome, g: HwGenes | null): string => genomeKey(space, genome) + (g ? `|${hwKey(g)}` : '');
  const measure = createMeasure(space, hwOf, schema, coSearch?.areaPerMacroMm2 ?? CIM_AREA_PER_MACRO.valueMm2, config, deps);
  const budgetEntries = Object.entries(budgets) as [BudgetId, number][];
  const r = config.ref;
  const ref = typeof r === 'number' || r === undefined ? objectives.map(() => r ?? DEFAULT_REF) : [...r];
  if (ref.length !== objectives.length) throw new Error(`ref: ${ref.length} coordinates for ${objectives.length} objectives`);
  return {
    space,
    params: base,
    objectives,
    directions: objectives.map((o) => OBJECTIVE_DIRECTIONS[o]),
    bounds: objectiveBounds(space, objectives, hardwareChoices(coSearch), measure),
    ref,
    schema,
    budgets,
    coSearch,
    accuracySource: deps.accuracy ? 'injected' : 'proxy',
    hwOf,
    key,
    evaluate(genome, g) {
      const metrics = measure(genome, g, true);
      const violation = budgetEntries.reduce((s, [b, limit]) => s + Math.max(0, (metrics[b] - limit) / limit), 0);
      return {
        genome,
        hw: g,
        key: key(genome, g),
        metrics,
        values: objectives.map((o) => metrics[o]),
        violation,
        feasible: violation <= 0,
      };
    },
  };
}
