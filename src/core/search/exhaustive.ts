import { spaceSize } from '../model/genome.js';
import { at } from '../at.js';
import { nonDominatedIndices, type ObjectiveBounds } from './pareto.js';
import { hypervolume, type HypervolumeResult } from './hypervolume.js';
import { searchProblem, type SearchConfig, type SearchDeps, type SearchPoint } from './searchProblem.js';
import type { ObjectiveId } from './objectives.js';
import type { BlockType, Genome, SearchSpace, StageGenome, StageSpec } from '../types.js';

/** Choice lists to keep in one stage (each a non-empty subset of the stage's own); `hybrid: false` drops transformers. */
export interface StageTrim {
  readonly c?: readonly number[];
  readonly d?: readonly number[];
  readonly k?: readonly number[];
  readonly e?: readonly number[];
  readonly m?: readonly number[];
  readonly hybrid?: false;
}

/** How to derive a smaller space from a preset: stages are named as in the space (`s1`, `mb4`, …). */
export interface SpaceTrims {
  /** id of the new space (default: the parent's id with the trims spelled out) */
  readonly id?: string;
  readonly r?: readonly number[];
  readonly stem?: readonly number[];
  /** head widths to keep (only in a space where the head width is a gene: `nasvit`) */
  readonly head?: readonly number[];
  readonly stages?: Readonly<Record<string, StageTrim>>;
}

/** `mini` cut to 123,904 subnets (r 28, stem 16, kernel 3, fewer depths and expansions): the bench's exhaustive space. */
export const MINI_TRIM_100K: SpaceTrims = {
  r: [28],
  stem: [16],
  stages: { s1: { k: [3] }, s2: { d: [1, 2], k: [3], e: [2, 4] }, s3: { k: [3], e: [2, 4] }, s4: { k: [3], e: [2, 4] } },
};

/** Most subnets `createExhaustive` enumerates. */
export const MAX_EXHAUSTIVE_SUBNETS = 1_000_000;

/**
 * A smaller search space: each trimmed choice list keeps the given values (in the parent's order); the
 * result is a valid space with a new id; its genomes are genomes of the parent (validateGenome takes
 * either id, and gives the genome back naming the space it was checked against).
 */
export function trimSpace(space: SearchSpace, trims: SpaceTrims): SearchSpace {
  const parts: string[] = [];
  const keep = (field: string, given: readonly number[] | undefined, all: readonly number[]): readonly number[] => {
    if (given === undefined) return all;
    const bad = given.filter((v) => !all.includes(v));
    if (given.length === 0 || bad.length > 0)
      throw new Error(
        `trim ${field}: ${given.length === 0 ? 'keep at least one choice' : `${bad.join(', ')} not in the space`} (allowed: ${all.join(', ')})`,
      );
    const kept = all.filter((v) => given.includes(v));
    // every choice, in any order and with repeats, is no trim: the same space and id
    if (kept.length === all.length) return all;
    parts.push(`${field}${kept.join('-')}`);
    return kept;
  };
  const names = new Set(space.stages.map((s) => s.name));
  for (const name of Object.keys(trims.stages ?? {}))
    if (!names.has(name)) throw new Error(`trim stages.${name}: no such stage (stages: ${[...names].join(', ')})`);
  const r = keep('r', trims.r, space.r);
  const stem = keep('stem', trims.stem, space.stem);
  if (trims.head !== undefined && !space.head)
    throw new Error(`trim head: the space "${space.id}" has no head-width gene (its head is fixed)`);
  const head = space.head ? keep('head', trims.head, space.head) : undefined;
  const stages = space.stages.map((spec): StageSpec => {
    const t = Object.hasOwn(trims.stages ?? {}, spec.name) ? trims.stages?.[spec.name] : undefined;
    if (!t) return spec;
    const f = (g: string): string => `${spec.name}.${g}`;
    const hybrid = spec.hybrid && t.hybrid !== false;
    if (hybrid !== spec.hybrid) parts.push(`${spec.name}.mb`);
    return {
      ...spec,
      c: keep(f('c'), t.c, spec.c),
      d: keep(f('d'), t.d, spec.d),
      k: keep(f('k'), t.k, spec.k),
      e: keep(f('e'), t.e, spec.e),
      m: keep(f('m'), t.m, spec.m),
      hybrid,
    };
  });
  const id = trims.id ?? (parts.length === 0 ? space.id : `${space.id}~${parts.join('~')}`);
  return { ...space, id, label: id === space.id ? space.label : `${space.label}, trimmed`, r, stem, ...(head ? { head } : {}), stages };
}

/** Every canonical stage genome of a stage: block types past d and MLP ratios without transformers are not distinct. */
export function canonicalStageChoices(spec: StageSpec): StageGenome[] {
  const out: StageGenome[] = [];
  for (const c of spec.c)
    for (const d of spec.d)
      for (const k of spec.k)
        for (const e of spec.e) {
          out.push({ c, d, k, e, t: Array.from({ length: d }, (): BlockType => 'mb'), m: at(spec.m, 0) });
          if (!spec.hybrid || d < 2) continue;
          for (let mask = 1; mask < 1 << (d - 1); mask++) {
            const t = Array.from({ length: d }, (_, j): BlockType => (j > 0 && (mask >> (j - 1)) & 1 ? 'vit' : 'mb'));
            for (const m of spec.m) out.push({ c, d, k, e, t, m });
          }
        }
  return out;
}

export interface ExhaustiveResult {
  readonly space: string;
  readonly subnets: number;
  readonly feasible: number;
  readonly objectives: readonly ObjectiveId[];
  readonly bounds: readonly ObjectiveBounds[];
  /** the exact Pareto front of the feasible subnets (equal objective vectors all kept) */
  readonly front: readonly SearchPoint[];
  /** with the same bounds and reference point as `createSearch` on the same config */
  readonly hypervolume: HypervolumeResult;
}

export interface ExhaustiveProgress {
  readonly evaluated: number;
  readonly total: number;
  readonly done: boolean;
}

export interface Exhaustive {
  /** evaluates up to `chunk` more subnets (default 5,000) */
  step(chunk?: number): ExhaustiveProgress;
  /** the result once every subnet is evaluated, else null */
  result(): ExhaustiveResult | null;
}

/**
 * Exhaustive enumeration of a space of at most `MAX_EXHAUSTIVE_SUBNETS` subnets, as a step function:
 * every canonical genome once, the same objectives, budgets, bounds and reference point as the search.
 * Hardware co-search is not enumerated.
 */
export function createExhaustive(config: SearchConfig, deps: SearchDeps = {}): Exhaustive {
  if (config.coSearch) throw new Error('coSearch: exhaustive enumeration covers subnets only, not hardware genes');
  const problem = searchProblem(config, deps);
  const { space, objectives } = problem;
  const size = spaceSize(space);
  if (size > BigInt(MAX_EXHAUSTIVE_SUBNETS))
    throw new Error(
      `space: ${size} subnets, exhaustive enumeration takes at most ${MAX_EXHAUSTIVE_SUBNETS.toLocaleString('en-US')} (trim it with trimSpace)`,
    );
  const total = Number(size);
  const choices = space.stages.map(canonicalStageChoices);
  // the head width (where it is a gene) is the last digit: a space without it enumerates as before
  const heads = space.head ?? [];
  const radices = [space.r.length, space.stem.length, ...choices.map((c) => c.length), ...(heads.length > 0 ? [heads.length] : [])];
  const genomeAt = (index: number): Genome => {
    let rest = index;
    const digit = (i: number): number => {
      const radix = at(radices, i);
      const d = rest % radix;
      rest = (rest - d) / radix;
      return d;
    };
    const r = at(space.r, digit(0));
    const stem = at(space.stem, digit(1));
    const stages = choices.map((cs, s) => at(cs, digit(s + 2)));
    const head = heads.length > 0 ? at(heads, digit(choices.length + 2)) : space.headConv;
    return { space: space.id, r, stem, ...(head !== space.headConv ? { head } : {}), stages };
  };
  const m = objectives.length;
  const values = new Float64Array(total * m);
  const violation = new Float64Array(total);
  let evaluated = 0;
  let result: ExhaustiveResult | null = null;
  const finish = (): ExhaustiveResult => {
    const feasible: number[] = [];
    violation.forEach((v, i) => {
      if (v <= 0) feasible.push(i);
    });
    const points = feasible.map((i) => Array.from(values.subarray(i * m, i * m + m)));
    const front = nonDominatedIndices(points, problem.directions).map((j) => problem.evaluate(genomeAt(at(feasible, j)), null));
    return {
      space: space.id,
      subnets: total,
      feasible: feasible.length,
      objectives,
      bounds: problem.bounds,
      front,
      hypervolume: hypervolume(
        front.map((p) => p.values),
        problem.bounds,
        problem.ref,
      ),
    };
  };
  return {
    step(chunk = 5000) {
      const end = Math.min(total, evaluated + Math.max(1, chunk));
      for (; evaluated < end; evaluated++) {
        const p = problem.evaluate(genomeAt(evaluated), null);
        values.set(p.values, evaluated * m);
        violation[evaluated] = p.violation;
      }
      if (evaluated === total && !result) result = finish();
      return { evaluated, total, done: evaluated === total };
    },
    result: () => result,
  };
}

/** Runs `createExhaustive` to the end. */
export function exhaustiveFront(config: SearchConfig, deps: SearchDeps = {}): ExhaustiveResult {
  const ex = createExhaustive(config, deps);
  while (!ex.step(50_000).done);
  return ex.result() as ExhaustiveResult;
}
