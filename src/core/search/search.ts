/**
 * The search (SPEC §6): `createSearch` runs NSGA-II (nsga.ts) one generation per `step()`, reports
 * the front and its hypervolume, and decides when to stop — the generations or evaluations are spent,
 * the space is exhausted, or a budget no subnet meets is declared infeasible.
 */
import { at } from '../at.js';
import { largestGenome, smallestGenome } from '../model/macrange.js';
import type { ObjectiveBounds } from './pareto.js';
import { maxOf, minOf } from '../numbers.js';
import { createRng } from '../rng.js';
import type { SchemaId } from '../types.js';
import type { BudgetId, ObjectiveId, SearchBudgets } from './objectives.js';
import { archiveHypervolume, createNsga, currentFront, evolve, initialise, type Nsga, type NsgaParams } from './nsga.js';
import { DEFAULT_SEARCH } from './settings.js';
import { searchProblem, type SearchConfig, type SearchDeps, type SearchPoint } from './searchProblem.js';

/**
 * The budget no subnet met — the one missed by the largest fraction — with the smallest value found
 * for it (alone) or the least-violating subnet's value (when each budget is met by some subnet, but
 * not all together). `evaluated` says where the values come from, for the message. Null without budgets.
 */
export function reportInfeasible(
  budgets: SearchBudgets,
  minima: Partial<Record<BudgetId, number>>,
  leastViolating: SearchPoint | null,
  evaluated: string,
): InfeasibleBudget | null {
  const worst = (Object.keys(budgets) as BudgetId[])
    .flatMap((b) => {
      const limit = budgets[b];
      const min = minima[b];
      return limit === undefined || min === undefined ? [] : [{ b, limit, min }];
    })
    .sort((x, y) => (y.min - y.limit) / y.limit - (x.min - x.limit) / x.limit)[0];
  if (!worst) return null;
  const alone = worst.min > worst.limit;
  const fmt = (x: number): string => String(Number(x.toPrecision(4)));
  const value = alone ? worst.min : (leastViolating?.metrics[worst.b] ?? worst.min);
  return {
    objective: worst.b,
    budget: worst.limit,
    smallestAchievable: value,
    message: alone
      ? `no subnet meets ${worst.b} ≤ ${fmt(worst.limit)}: the smallest found is ${fmt(value)} (${evaluated})`
      : `no subnet meets all budgets together; the least-violating subnet found has ${worst.b} = ${fmt(value)} (budget ${fmt(worst.limit)})`,
  };
}

/** A budget no subnet met: the smallest value found instead (SPEC §6 budget mode). */
export interface InfeasibleBudget {
  readonly objective: BudgetId;
  readonly budget: number;
  readonly smallestAchievable: number;
  readonly message: string;
}

export type StopReason = 'generations' | 'evaluations' | 'infeasible' | 'exhausted';

export interface SearchGeneration {
  readonly index: number;
  /** distinct subnets evaluated so far */
  readonly evaluations: number;
  /**
   * non-dominated feasible subnets of everything evaluated (one per distinct objective vector, the first
   * found), sorted by the first objective; the population's least-violating front while none is feasible
   */
  readonly front: readonly SearchPoint[];
  /** hypervolume of the feasible front (0 while none), normalised with the problem's bounds and ref */
  readonly hypervolume: number;
  readonly bestFeasible: Readonly<Partial<Record<ObjectiveId, number>>>;
  /** the normalisation behind `hypervolume` (the same every generation) */
  readonly bounds: readonly ObjectiveBounds[];
  readonly ref: readonly number[];
  readonly feasibleInPopulation: number;
  readonly done: boolean;
  readonly stopReason: StopReason | null;
  readonly infeasible: InfeasibleBudget | null;
}

export interface SearchState {
  readonly objectives: readonly ObjectiveId[];
  readonly bounds: readonly ObjectiveBounds[];
  readonly ref: readonly number[];
  readonly schema: SchemaId;
  readonly budgets: SearchBudgets;
  readonly accuracySource: 'proxy' | 'injected';
  readonly generation: SearchGeneration | null;
  readonly population: readonly SearchPoint[];
  readonly hypervolumes: readonly number[];
}

export interface Search {
  /** runs one generation (the first call builds the initial population); after `done` it returns the last one */
  step(): SearchGeneration;
  state(): SearchState;
  /** every distinct subnet evaluated, in evaluation order, from index `from` on (what a plot adds per generation) */
  evaluated(from?: number): SearchPoint[];
}

/** NSGA-II's defaults beyond the settings (DEFAULT_SEARCH): mutation, crossover, the infeasibility patience. */
export const NSGA_DEFAULTS = { mutationProb: 0.1, crossoverProb: 0.5, stallGenerations: 3 } as const;

/** The run's knobs with their defaults, checked. */
function runParams(config: SearchConfig): NsgaParams & { readonly generations: number; readonly stallLimit: number } {
  const n = config.population ?? DEFAULT_SEARCH.population;
  const generations = config.generations ?? DEFAULT_SEARCH.generations;
  const maxEvaluations = config.maxEvaluations ?? Infinity;
  if (!Number.isInteger(n) || n < 2) throw new Error(`population: must be a whole number ≥ 2, got ${n}`);
  if (!Number.isInteger(generations) || generations < 1) throw new Error(`generations: must be a whole number ≥ 1, got ${generations}`);
  if (!(maxEvaluations >= 1)) throw new Error(`maxEvaluations: must be at least 1, got ${maxEvaluations}`);
  return {
    n,
    generations,
    maxEvaluations,
    pm: config.mutationProb ?? NSGA_DEFAULTS.mutationProb,
    pc: config.crossoverProb ?? NSGA_DEFAULTS.crossoverProb,
    stallLimit: config.stallGenerations ?? NSGA_DEFAULTS.stallGenerations,
  };
}

/** Generations without a smaller violation, while no subnet is feasible. */
interface Stall {
  best: number;
  count: number;
}

/**
 * Why the run stops after generation `index` (null: it goes on), and the infeasible budget when that
 * is why. A budget is declared infeasible once the least violation stalled, or the run ends anyway.
 */
function stopAfter(
  s: Nsga,
  index: number,
  added: number,
  run: { readonly generations: number; readonly stallLimit: number },
  stall: Stall,
): { stopReason: StopReason | null; infeasible: InfeasibleBudget | null } {
  const ends = index + 1 >= run.generations || s.cache.size >= s.maxEvaluations || added === 0;
  if (s.archive.length === 0 && s.budgetIds.length > 0) {
    const v = s.leastViolating?.violation ?? Infinity;
    stall.count = v < stall.best ? 0 : stall.count + 1;
    stall.best = Math.min(stall.best, v);
    if (stall.count >= run.stallLimit || ends) {
      const evaluated = `of ${s.cache.size} subnets evaluated, the smallest-MAC subnet among them`;
      const infeasible = reportInfeasible(s.problem.budgets, s.minima, s.leastViolating, evaluated);
      if (infeasible) return { stopReason: 'infeasible', infeasible };
    }
  }
  const stopReason =
    index + 1 >= run.generations ? 'generations' : s.cache.size >= s.maxEvaluations ? 'evaluations' : added === 0 ? 'exhausted' : null;
  return { stopReason, infeasible: null };
}

/** The best value of each objective over the feasible front (empty while none is feasible). */
function bestFeasibleOf(s: Nsga): Partial<Record<ObjectiveId, number>> {
  const best: Partial<Record<ObjectiveId, number>> = {};
  if (s.archive.length === 0) return best;
  s.problem.objectives.forEach((o, k) => {
    const vs = s.archive.map((a) => at(a.point.values, k));
    best[o] = s.problem.directions[k] === 'max' ? maxOf(vs) : minOf(vs);
  });
  return best;
}

/**
 * NSGA-II over genomes (SPEC §6) as a step function: one generation per `step()`. Binary tournament on
 * (rank, crowding), uniform crossover, per-gene mutation, duplicates (by `genomeKey`) removed, elitist
 * (μ + λ) survival under constraint domination. Each distinct subnet is evaluated once. The reported
 * front is the non-dominated set of every feasible subnet evaluated, so its hypervolume never drops.
 */
export function createSearch(config: SearchConfig, deps: SearchDeps = {}): Search {
  const problem = searchProblem(config, deps);
  const run = runParams(config);
  const s = createNsga(problem, run, createRng(config.seed ?? DEFAULT_SEARCH.seed));
  const { space } = problem;
  // the smallest-MAC subnet is always tried under a budget: the quick check of budget mode
  const seeds =
    config.seedExtremes === false ? (s.budgetIds.length > 0 ? [smallestGenome(space)] : []) : [smallestGenome(space), largestGenome(space)];
  const hypervolumes: number[] = [];
  const stall: Stall = { best: Infinity, count: 0 };
  let last: SearchGeneration | null = null;
  const step = (): SearchGeneration => {
    const index = last ? last.index + 1 : 0;
    const added = index === 0 ? (initialise(s, seeds), s.pop.length) : evolve(s);
    const hypervolume = archiveHypervolume(s);
    hypervolumes.push(hypervolume);
    const { stopReason, infeasible } = stopAfter(s, index, added, run, stall);
    return {
      index,
      evaluations: s.cache.size,
      front: currentFront(s),
      hypervolume,
      bestFeasible: bestFeasibleOf(s),
      bounds: problem.bounds,
      ref: problem.ref,
      feasibleInPopulation: s.pop.filter((p) => p.feasible).length,
      done: stopReason !== null,
      stopReason,
      infeasible,
    };
  };
  return {
    step() {
      if (last?.done) return last;
      last = step();
      return last;
    },
    state: () => ({
      objectives: problem.objectives,
      bounds: problem.bounds,
      ref: problem.ref,
      schema: problem.schema,
      budgets: problem.budgets,
      accuracySource: problem.accuracySource,
      generation: last,
      population: s.pop,
      hypervolumes: [...hypervolumes],
    }),
    evaluated: (from = 0) => s.order.slice(from),
  };
}
