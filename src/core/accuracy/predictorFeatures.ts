/**
 * The features a predictor sees of a subnet: the one-hot encoding of its genes (one group per gene,
 * laid out once per space) and its numeric features (log MACs, log parameters) with their
 * standardisation. `walk` is the hot path of `predict`: it sums the weights of a genome's active
 * features without building the vector.
 */
import { maxOf, minOf } from '../numbers.js';
import { expandGenome, totalMacs, totalParams } from '../model/layers.js';
import { headWidth } from '../model/genome.js';
import type { Genome, SearchSpace } from '../types.js';

type Level = number | string;
/** One gene group: its features are `offset + values.indexOf(value)`. */
interface Group {
  readonly offset: number;
  readonly values: readonly Level[];
}
interface StageLayout {
  readonly hybrid: boolean;
  readonly c: Group | null;
  readonly d: Group | null;
  readonly k: Group | null;
  readonly e: Group | null;
  /** MLP ratio, or 'off' when the stage has no transformer block */
  readonly m: Group | null;
  /** block slots 2..max depth: 'mb' | 'vit' | 'off' (slot beyond d) */
  readonly slots: readonly (Group | null)[];
}
/** The one-hot feature layout of a space: the feature names and each gene's group. */
export interface Layout {
  readonly names: readonly string[];
  readonly r: Group | null;
  readonly stem: Group | null;
  readonly stages: readonly StageLayout[];
  /** head width (a gene of `nasvit` only), after every other group: a space without it keeps its features */
  readonly head: Group | null;
}

const layouts = new WeakMap<SearchSpace, Layout>();

/** The feature layout of `space` (built once per space object). */
export function layoutOf(space: SearchSpace): Layout {
  const hit = layouts.get(space);
  if (hit) return hit;
  const names: string[] = [];
  // a group with one level is constant: the intercept carries it, so it gets no feature
  const group = (values: readonly Level[], name: (v: Level) => string): Group | null => {
    if (values.length < 2) return null;
    const offset = names.length;
    for (const v of values) names.push(name(v));
    return { offset, values };
  };
  const eq = (p: string) => (v: Level) => `${p}=${v}`;
  const stages = space.stages.map((spec): StageLayout => {
    const p = spec.name;
    const maxD = maxOf(spec.d);
    const minD = minOf(spec.d);
    const types: Level[] = spec.hybrid ? ['mb', 'vit'] : ['mb'];
    return {
      hybrid: spec.hybrid,
      c: group(spec.c, eq(`${p}.c`)),
      d: group(spec.d, eq(`${p}.d`)),
      k: group(spec.k, eq(`${p}.k`)),
      e: group(spec.e, eq(`${p}.e`)),
      m: spec.hybrid && maxD > 1 ? group([...spec.m, 'off'], eq(`${p}.m`)) : null,
      // slot j (0-based) is active iff j < d; slot 0 is always an active MBConv
      slots: Array.from({ length: maxD - 1 }, (_, i) => {
        const b = `${p}.b${i + 2}`;
        return group(i + 1 >= minD ? [...types, 'off'] : types, (v) => (v === 'off' ? `${b}=off` : `${b}.t=${v}`));
      }),
    };
  });
  const r = group(space.r, eq('r'));
  const stem = group(space.stem, eq('stem'));
  const layout: Layout = { names, r, stem, stages, head: group(space.head ?? [], eq('head')) };
  layouts.set(space, layout);
  return layout;
}

const GENES = ['c', 'd', 'k', 'e'] as const;

/** Feature index of `v` in `grp` (−1 for a constant group); throws naming the field, e.g. `stages[2].t[1]`. */
function featureOf(space: SearchSpace, grp: Group | null, v: Level, stage: number, gene: string, slot = -1): number {
  if (grp === null) return -1;
  const i = grp.values.indexOf(v);
  if (i < 0) {
    const field = (stage < 0 ? gene : `stages[${stage}].${gene}`) + (slot < 0 ? '' : `[${slot}]`);
    throw new Error(`predictor: ${field} = ${v} is not a choice of space "${space.id}" (allowed: ${grp.values.join(', ')})`);
  }
  return grp.offset + i;
}

function take(i: number, w: readonly number[] | null, hits: number[] | null): number {
  if (i >= 0) hits?.push(i);
  return i < 0 || w === null ? 0 : (w[i] ?? 0);
}

/**
 * Walks the active features of `g` (one per gene group): returns Σ w[i] over them (0 without `w`) and
 * appends their indices to `hits` when given. No closures or strings: `predict` runs it 10⁵+ times/s.
 */
export function walk(space: SearchSpace, layout: Layout, g: Genome, w: readonly number[] | null, hits: number[] | null): number {
  if (g.space !== space.id) throw new Error(`predictor: genome of space "${g.space}", expected "${space.id}"`);
  if (g.stages.length !== layout.stages.length) {
    throw new Error(`predictor: ${g.stages.length} stages given, the space "${space.id}" has ${layout.stages.length}`);
  }
  let sum = take(featureOf(space, layout.r, g.r, -1, 'r'), w, hits) + take(featureOf(space, layout.stem, g.stem, -1, 'stem'), w, hits);
  for (let s = 0; s < layout.stages.length; s++) {
    const L = layout.stages[s];
    const st = g.stages[s];
    if (L === undefined || st === undefined) continue; // never: the lengths agree
    for (const gene of GENES) sum += take(featureOf(space, L[gene], st[gene], s, gene), w, hits);
    // canonical reading: the first block and every block of a non-hybrid stage are MBConv
    let vit = false;
    for (let j = 1; j <= L.slots.length; j++) {
      const t = j >= st.d ? 'off' : L.hybrid && st.t[j] === 'vit' ? 'vit' : 'mb';
      if (t === 'vit') vit = true;
      sum += take(featureOf(space, L.slots[j - 1] ?? null, t, s, 't', j), w, hits);
    }
    sum += take(featureOf(space, L.m, vit ? st.m : 'off', s, 'm'), w, hits);
  }
  if (layout.head) sum += take(featureOf(space, layout.head, headWidth(space, g), -1, 'head'), w, hits);
  return sum;
}

/**
 * One-hot feature vector of a genome for regression: one group per gene (r, stem; per stage c, d, k,
 * e; last, the head width where it is a gene), the MLP ratio m of hybrid stages with an extra level 'off' (no transformer: m is inert), and one
 * group per block slot 2..max depth with levels mb / vit / 'off' (slot beyond the depth). Groups with a
 * single level are left out (the intercept carries them). Exactly one 1 per group; no bias column.
 */
export function encodeGenome(space: SearchSpace, genome: Genome): Float64Array {
  const layout = layoutOf(space);
  const x = new Float64Array(layout.names.length);
  const hits: number[] = [];
  walk(space, layout, genome, null, hits);
  for (const i of hits) x[i] = 1;
  return x;
}

/** Names of the features of `encodeGenome`, e.g. `r=28`, `s3.c=32`, `s3.b2.t=vit`, `s3.b2=off`, `s3.m=off`. */
export function featureNames(space: SearchSpace): string[] {
  return [...layoutOf(space).names];
}

/** Names of the numeric features (`{ numeric: true }`), after the one-hot ones. */
export const NUMERIC_FEATURES = ['log MACs', 'log params'] as const;

/** Means and standard deviations of the numeric features over the training samples. */
export interface NumericScale {
  readonly mean: readonly number[];
  readonly sd: readonly number[];
}

/** The raw numeric features of a genome: natural logs of its MACs and parameters. */
export function numericOf(space: SearchSpace, g: Genome): [number, number] {
  const layers = expandGenome(space, g);
  return [Math.log(Math.max(1, totalMacs(layers))), Math.log(Math.max(1, totalParams(layers)))];
}

/** Mean and (population) standard deviation of each numeric feature over `raw`; a constant feature gets sd 1. */
export function numericScale(raw: readonly (readonly [number, number])[]): { mean: number[]; sd: number[] } {
  const mean = NUMERIC_FEATURES.map((_, j) => raw.reduce((a, r) => a + (r[j] ?? 0), 0) / raw.length);
  const sd = NUMERIC_FEATURES.map((_, j) => Math.sqrt(raw.reduce((a, r) => a + ((r[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / raw.length) || 1);
  return { mean, sd };
}

/** `raw` standardised with `scale`: (v − mean) / sd per feature. */
export const standardise = (raw: readonly number[], scale: NumericScale): number[] =>
  raw.map((v, j) => (v - (scale.mean[j] ?? 0)) / (scale.sd[j] ?? 1));

/** The features of a subnet as `fitKernel` and `predict` see them: one-hot genes, then the standardised numeric ones. */
export function kernelFeatures(space: SearchSpace, g: Genome, numeric: NumericScale): Float64Array {
  const oneHot = encodeGenome(space, g);
  const x = new Float64Array(oneHot.length + NUMERIC_FEATURES.length);
  x.set(oneHot);
  x.set(standardise(numericOf(space, g), numeric), oneHot.length);
  return x;
}
