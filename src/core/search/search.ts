import { crossoverGenomes, mutateGenome, sampleGenome } from '../model/genome.js';
import { largestGenome, smallestGenome } from '../model/macrange.js';
import { crowdingDistance, dominatesCosts, hypervolumeOfCosts, nonDominatedSort, normalise, type ObjectiveBounds } from './pareto.js';
import { maxOf, minOf } from '../numbers.js';
import { createRng, type Rng } from '../rng.js';
import type { Genome, SchemaId } from '../types.js';
import {
  divisors,
  largestDivisorAtMost,
  searchProblem,
  type BudgetId,
  type HwGenes,
  type ObjectiveId,
  type SearchConfig,
  type SearchDeps,
  type SearchPoint,
  type SearchProblem,
  type SearchBudgets,
} from './searchProblem.js';

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
    .map((b) => ({ b, limit: budgets[b] as number, min: minima[b] as number }))
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

/** Hardware gene operators of co-search (M, U | M, P). */
function hwOperators(cs: NonNullable<SearchProblem['coSearch']>, rng: Rng, p: number) {
  return {
    sample: (): HwGenes => {
      const cimMacros = rng.pick(cs.cimMacros);
      return { cimMacros, cimUnits: rng.pick(divisors(cimMacros)), npuMacsPerCycle: rng.pick(cs.npuMacsPerCycle) };
    },
    mutate: (g: HwGenes): HwGenes => {
      const cimMacros = rng.next() < p ? rng.pick(cs.cimMacros) : g.cimMacros;
      const u = rng.next() < p ? rng.pick(divisors(cimMacros)) : g.cimUnits;
      return {
        cimMacros,
        cimUnits: largestDivisorAtMost(cimMacros, u),
        npuMacsPerCycle: rng.next() < p ? rng.pick(cs.npuMacsPerCycle) : g.npuMacsPerCycle,
      };
    },
    cross: (a: HwGenes, b: HwGenes): HwGenes => {
      const either = <T>(x: T, y: T): T => (rng.next() < 0.5 ? x : y);
      const cimMacros = either(a.cimMacros, b.cimMacros);
      return {
        cimMacros,
        cimUnits: largestDivisorAtMost(cimMacros, either(a.cimUnits, b.cimUnits)),
        npuMacsPerCycle: either(a.npuMacsPerCycle, b.npuMacsPerCycle),
      };
    },
  };
}

/**
 * NSGA-II over genomes (SPEC §6) as a step function: one generation per `step()`. Binary tournament on
 * (rank, crowding), uniform crossover, per-gene mutation, duplicates (by `genomeKey`) removed, elitist
 * (μ + λ) survival under constraint domination. Each distinct subnet is evaluated once. The reported
 * front is the non-dominated set of every feasible subnet evaluated, so its hypervolume never drops.
 */
export function createSearch(config: SearchConfig, deps: SearchDeps = {}): Search {
  const problem = searchProblem(config, deps);
  const { space, directions } = problem;
  const n = config.population ?? 64;
  const generations = config.generations ?? 100;
  const maxEvaluations = config.maxEvaluations ?? Infinity;
  const pm = config.mutationProb ?? 0.1;
  const pc = config.crossoverProb ?? 0.5;
  const stallLimit = config.stallGenerations ?? 3;
  if (!Number.isInteger(n) || n < 2) throw new Error(`population: must be a whole number ≥ 2, got ${n}`);
  if (!Number.isInteger(generations) || generations < 1) throw new Error(`generations: must be a whole number ≥ 1, got ${generations}`);
  if (!(maxEvaluations >= 1)) throw new Error(`maxEvaluations: must be at least 1, got ${maxEvaluations}`);
  const rng = createRng(config.seed ?? 1);
  const hwOps = problem.coSearch && hwOperators(problem.coSearch, rng, pm);
  const budgetIds = Object.keys(problem.budgets) as BudgetId[];

  const cache = new Map<string, SearchPoint>();
  const order: SearchPoint[] = [];
  let pop: SearchPoint[] = [];
  let rank: number[] = [];
  let crowd: number[] = [];
  let archive: { point: SearchPoint; costs: number[] }[] = [];
  let hv = 0;
  const hypervolumes: number[] = [];
  let last: SearchGeneration | null = null;
  let leastViolating: SearchPoint | null = null;
  let bestViolation = Infinity;
  let stall = 0;
  const minima: Partial<Record<BudgetId, number>> = {};

  const admit = (p: SearchPoint): void => {
    for (const b of budgetIds) minima[b] = Math.min(minima[b] ?? Infinity, p.metrics[b]);
    if (!leastViolating || p.violation < leastViolating.violation) leastViolating = p;
    if (!p.feasible) return;
    const costs = normalise(p.values, problem.bounds);
    // an equal objective vector adds no trade-off: the first subnet found keeps the place
    if (archive.some((a) => dominatesCosts(a.costs, costs) || a.point.values.every((v, k) => v === p.values[k]))) return;
    archive = archive.filter((a) => !dominatesCosts(costs, a.costs));
    archive.push({ point: p, costs });
    hv = -1; // stale
  };
  const evaluate = (genome: Genome, hw: HwGenes | null, key: string): SearchPoint | null => {
    const hit = cache.get(key);
    if (hit) return hit;
    if (cache.size >= maxEvaluations) return null;
    const p = problem.evaluate(genome, hw);
    cache.set(key, p);
    order.push(p);
    admit(p);
    return p;
  };
  const tournament = (): SearchPoint => {
    const i = rng.int(pop.length);
    const j = rng.int(pop.length);
    const better = (rank[i] as number) < (rank[j] as number) || (rank[i] === rank[j] && (crowd[i] as number) > (crowd[j] as number));
    return pop[better || i === j ? i : j] as SearchPoint;
  };
  /** (μ + λ) survival: whole fronts while they fit, then the most spread-out of the next. */
  const survive = (all: readonly SearchPoint[]): void => {
    const next: SearchPoint[] = [];
    rank = [];
    crowd = [];
    nonDominatedSort(all, directions).forEach((front, fi) => {
      if (next.length >= n) return;
      const cd = crowdingDistance(front.map((i) => (all[i] as SearchPoint).values));
      const order = front.map((_, k) => k);
      if (next.length + front.length > n) order.sort((a, b) => (cd[b] as number) - (cd[a] as number) || a - b);
      for (const k of order.slice(0, n - next.length)) {
        next.push(all[front[k] as number] as SearchPoint);
        rank.push(fi);
        crowd.push(cd[k] as number);
      }
    });
    pop = next;
  };
  const initialise = (): void => {
    const seen = new Set<string>();
    // the smallest-MAC subnet is always tried under a budget: the quick check of budget mode
    const seeds =
      config.seedExtremes === false ? (budgetIds.length > 0 ? [smallestGenome(space)] : []) : [smallestGenome(space), largestGenome(space)];
    const all: SearchPoint[] = [];
    for (let attempt = 0; all.length < n && attempt < n * 20; attempt++) {
      const genome = seeds[attempt] ?? sampleGenome(space, rng);
      const hw = hwOps ? hwOps.sample() : null;
      const key = problem.key(genome, hw);
      if (seen.has(key)) continue;
      const p = evaluate(genome, hw, key);
      if (!p) break;
      seen.add(key);
      all.push(p);
    }
    survive(all);
  };
  /** One generation of offspring; returns how many were new to the population. */
  const evolve = (): number => {
    if (pop.length === 0) return 0;
    const seen = new Set(pop.map((p) => p.key));
    const children: SearchPoint[] = [];
    for (let attempt = 0; children.length < n && attempt < n * 20; attempt++) {
      const a = tournament();
      const b = tournament();
      const crossed = rng.next() < pc;
      let genome = crossed ? crossoverGenomes(space, a.genome, b.genome, rng) : a.genome;
      let hw = hwOps && a.hw && b.hw ? (crossed ? hwOps.cross(a.hw, b.hw) : a.hw) : null;
      genome = mutateGenome(space, genome, rng, pm);
      if (hwOps && hw) hw = hwOps.mutate(hw);
      const key = problem.key(genome, hw);
      if (seen.has(key)) continue;
      const p = evaluate(genome, hw, key);
      if (!p) break;
      seen.add(key);
      children.push(p);
    }
    survive([...pop, ...children]);
    return children.length;
  };
  const infeasibleReport = (): InfeasibleBudget | null =>
    reportInfeasible(problem.budgets, minima, leastViolating, `of ${cache.size} subnets evaluated, the smallest-MAC subnet among them`);

  return {
    step() {
      if (last?.done) return last;
      const index = last ? last.index + 1 : 0;
      const added = index === 0 ? (initialise(), pop.length) : evolve();
      if (hv < 0)
        hv = hypervolumeOfCosts(
          archive.map((a) => a.costs),
          problem.ref,
        );
      hypervolumes.push(hv);
      let stopReason: StopReason | null = null;
      let infeasible: InfeasibleBudget | null = null;
      if (archive.length === 0 && budgetIds.length > 0) {
        const v = (leastViolating as SearchPoint | null)?.violation ?? Infinity;
        stall = v < bestViolation ? 0 : stall + 1;
        bestViolation = Math.min(bestViolation, v);
        if (stall >= stallLimit || index + 1 >= generations || cache.size >= maxEvaluations || added === 0) infeasible = infeasibleReport();
        if (infeasible) stopReason = 'infeasible';
      }
      stopReason ??=
        index + 1 >= generations ? 'generations' : cache.size >= maxEvaluations ? 'evaluations' : added === 0 ? 'exhausted' : null;
      const front =
        archive.length > 0
          ? [...archive]
              .sort((x, y) => (x.costs[0] as number) - (y.costs[0] as number) || (x.point.key < y.point.key ? -1 : 1))
              .map((a) => a.point)
          : pop.filter((_, i) => rank[i] === 0);
      const bestFeasible: Partial<Record<ObjectiveId, number>> = {};
      if (archive.length > 0) {
        problem.objectives.forEach((o, k) => {
          const vs = archive.map((a) => a.point.values[k] as number);
          bestFeasible[o] = directions[k] === 'max' ? maxOf(vs) : minOf(vs);
        });
      }
      last = {
        index,
        evaluations: cache.size,
        front,
        hypervolume: hv,
        bestFeasible,
        bounds: problem.bounds,
        ref: problem.ref,
        feasibleInPopulation: pop.filter((p) => p.feasible).length,
        done: stopReason !== null,
        stopReason,
        infeasible,
      };
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
      population: pop,
      hypervolumes: [...hypervolumes],
    }),
    evaluated: (from = 0) => order.slice(from),
  };
}
