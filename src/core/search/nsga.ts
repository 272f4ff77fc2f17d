/**
 * NSGA-II's steps (Deb et al. 2002) as named functions over one explicit state (`Nsga`): evaluate
 * each distinct subnet once, keep the archive of feasible non-dominated subnets, binary tournament on
 * (rank, crowding), (μ + λ) survival under constraint domination, the initial population, and one
 * generation of offspring by uniform crossover and per-gene mutation. `createSearch` (search.ts) runs
 * them generation by generation; the order of the random draws is the search's contract (a seed gives
 * the same front).
 */
import { at } from '../at.js';
import { crossoverGenomes, mutateGenome, sampleGenome } from '../model/genome.js';
import { crowdingDistance, dominatesCosts, nonDominatedSort } from './pareto.js';
import { hypervolumeOfCosts, normalise } from './hypervolume.js';
import type { Rng } from '../rng.js';
import type { Genome } from '../types.js';
import type { BudgetId } from './objectives.js';
import { divisors, largestDivisorAtMost, type HwGenes, type SearchPoint, type SearchProblem } from './searchProblem.js';

/** Hardware gene operators of co-search (M, U | M, P). */
interface HwOperators {
  sample(): HwGenes;
  mutate(g: HwGenes): HwGenes;
  cross(a: HwGenes, b: HwGenes): HwGenes;
}

function hwOperators(cs: NonNullable<SearchProblem['coSearch']>, rng: Rng, p: number): HwOperators {
  return {
    sample: () => {
      const cimMacros = rng.pick(cs.cimMacros);
      return { cimMacros, cimUnits: rng.pick(divisors(cimMacros)), npuMacsPerCycle: rng.pick(cs.npuMacsPerCycle) };
    },
    mutate: (g) => {
      const cimMacros = rng.next() < p ? rng.pick(cs.cimMacros) : g.cimMacros;
      const u = rng.next() < p ? rng.pick(divisors(cimMacros)) : g.cimUnits;
      return {
        cimMacros,
        cimUnits: largestDivisorAtMost(cimMacros, u),
        npuMacsPerCycle: rng.next() < p ? rng.pick(cs.npuMacsPerCycle) : g.npuMacsPerCycle,
      };
    },
    cross: (a, b) => {
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

/** The knobs of one run (resolved by `createSearch`). */
export interface NsgaParams {
  /** population size μ (= offspring per generation λ) */
  readonly n: number;
  /** per-gene mutation probability */
  readonly pm: number;
  /** probability that a child comes from crossover rather than a copy of one parent */
  readonly pc: number;
  /** stop evaluating once this many distinct subnets have been */
  readonly maxEvaluations: number;
}

/** A feasible non-dominated subnet with its normalised costs. */
export interface ArchiveEntry {
  readonly point: SearchPoint;
  readonly costs: number[];
}

/** Everything NSGA-II carries from one generation to the next. */
export interface Nsga extends NsgaParams {
  readonly problem: SearchProblem;
  readonly rng: Rng;
  readonly hwOps: HwOperators | null;
  readonly budgetIds: readonly BudgetId[];
  /** every distinct subnet evaluated, by key */
  readonly cache: Map<string, SearchPoint>;
  /** the same, in evaluation order */
  readonly order: SearchPoint[];
  /** the current population with its non-domination rank and crowding distance */
  pop: SearchPoint[];
  rank: number[];
  crowd: number[];
  /** the feasible non-dominated subnets of everything evaluated */
  archive: ArchiveEntry[];
  /** the archive's hypervolume; -1 when stale */
  hv: number;
  /** the subnet with the smallest budget violation so far, and each budget's smallest value */
  leastViolating: SearchPoint | null;
  readonly minima: Partial<Record<BudgetId, number>>;
}

export function createNsga(problem: SearchProblem, params: NsgaParams, rng: Rng): Nsga {
  return {
    ...params,
    problem,
    rng,
    hwOps: problem.coSearch && hwOperators(problem.coSearch, rng, params.pm),
    budgetIds: Object.keys(problem.budgets) as BudgetId[],
    cache: new Map(),
    order: [],
    pop: [],
    rank: [],
    crowd: [],
    archive: [],
    hv: 0,
    leastViolating: null,
    minima: {},
  };
}

/** Records a new subnet: budget minima, the least-violating one, and the archive when it is feasible and not dominated. */
function admit(s: Nsga, p: SearchPoint): void {
  for (const b of s.budgetIds) s.minima[b] = Math.min(s.minima[b] ?? Infinity, p.metrics[b]);
  if (!s.leastViolating || p.violation < s.leastViolating.violation) s.leastViolating = p;
  if (!p.feasible) return;
  const costs = normalise(p.values, s.problem.bounds);
  // an equal objective vector adds no trade-off: the first subnet found keeps the place
  if (s.archive.some((a) => dominatesCosts(a.costs, costs) || a.point.values.every((v, k) => v === p.values[k]))) return;
  s.archive = s.archive.filter((a) => !dominatesCosts(costs, a.costs));
  s.archive.push({ point: p, costs });
  s.hv = -1; // stale
}

/** The subnet's point, evaluated on first sight; null once the evaluation budget is spent. */
function evaluateOnce(s: Nsga, genome: Genome, hw: HwGenes | null, key: string): SearchPoint | null {
  const hit = s.cache.get(key);
  if (hit) return hit;
  if (s.cache.size >= s.maxEvaluations) return null;
  const p = s.problem.evaluate(genome, hw);
  s.cache.set(key, p);
  s.order.push(p);
  admit(s, p);
  return p;
}

/** Binary tournament on (rank, crowding distance). */
function tournament(s: Nsga): SearchPoint {
  const i = s.rng.int(s.pop.length);
  const j = s.rng.int(s.pop.length);
  const { rank, crowd } = s;
  const ri = at(rank, i);
  const rj = at(rank, j);
  const better = ri < rj || (ri === rj && at(crowd, i) > at(crowd, j));
  return at(s.pop, better || i === j ? i : j);
}

/** (μ + λ) survival: whole fronts while they fit, then the most spread-out of the next. */
function survive(s: Nsga, all: readonly SearchPoint[]): void {
  const next: SearchPoint[] = [];
  const rank: number[] = [];
  const crowd: number[] = [];
  nonDominatedSort(all, s.problem.directions).forEach((front, fi) => {
    if (next.length >= s.n) return;
    const cd = crowdingDistance(front.map((i) => at(all, i).values));
    const order = front.map((_, k) => k);
    if (next.length + front.length > s.n) order.sort((a, b) => at(cd, b) - at(cd, a) || a - b);
    for (const k of order.slice(0, s.n - next.length)) {
      next.push(at(all, at(front, k)));
      rank.push(fi);
      crowd.push(at(cd, k));
    }
  });
  s.pop = next;
  s.rank = rank;
  s.crowd = crowd;
}

/** The initial population: `seeds` first, then random subnets, n distinct ones (fewer in a small space). */
export function initialise(s: Nsga, seeds: readonly Genome[]): void {
  const seen = new Set<string>();
  const all: SearchPoint[] = [];
  for (let attempt = 0; all.length < s.n && attempt < s.n * 20; attempt++) {
    const genome = seeds[attempt] ?? sampleGenome(s.problem.space, s.rng);
    const hw = s.hwOps ? s.hwOps.sample() : null;
    const key = s.problem.key(genome, hw);
    if (seen.has(key)) continue;
    const p = evaluateOnce(s, genome, hw, key);
    if (!p) break;
    seen.add(key);
    all.push(p);
  }
  survive(s, all);
}

/** One generation of offspring and survival; returns how many children were new to the population. */
export function evolve(s: Nsga): number {
  if (s.pop.length === 0) return 0;
  const { space } = s.problem;
  const seen = new Set(s.pop.map((p) => p.key));
  const children: SearchPoint[] = [];
  for (let attempt = 0; children.length < s.n && attempt < s.n * 20; attempt++) {
    const a = tournament(s);
    const b = tournament(s);
    const crossed = s.rng.next() < s.pc;
    let genome = crossed ? crossoverGenomes(space, a.genome, b.genome, s.rng) : a.genome;
    let hw = s.hwOps && a.hw && b.hw ? (crossed ? s.hwOps.cross(a.hw, b.hw) : a.hw) : null;
    genome = mutateGenome(space, genome, s.rng, s.pm);
    if (s.hwOps && hw) hw = s.hwOps.mutate(hw);
    const key = s.problem.key(genome, hw);
    if (seen.has(key)) continue;
    const p = evaluateOnce(s, genome, hw, key);
    if (!p) break;
    seen.add(key);
    children.push(p);
  }
  survive(s, [...s.pop, ...children]);
  return children.length;
}

/** The archive's hypervolume (computed again only after it changed). */
export function archiveHypervolume(s: Nsga): number {
  if (s.hv < 0)
    s.hv = hypervolumeOfCosts(
      s.archive.map((a) => a.costs),
      s.problem.ref,
    );
  return s.hv;
}

/** The reported front: the archive sorted by the first objective's cost (then key); the population's first front while nothing is feasible. */
export function currentFront(s: Nsga): SearchPoint[] {
  return s.archive.length > 0
    ? [...s.archive].sort((x, y) => at(x.costs, 0) - at(y.costs, 0) || (x.point.key < y.point.key ? -1 : 1)).map((a) => a.point)
    : s.pop.filter((_, i) => s.rank[i] === 0);
}
