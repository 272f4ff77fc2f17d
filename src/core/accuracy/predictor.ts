import { maxOf, minOf } from '../numbers.js';
import { kendallTau } from './kendall.js';
import { expandGenome, totalMacs, totalParams } from '../model/layers.js';
import type { Rng } from '../rng.js';
import { headWidth, presetIdOf } from '../model/genome.js';
import { getSpace } from '../model/spaces.js';
import type { Genome, SearchSpace, StageGenome } from '../types.js';

export { kendallTau };

/**
 * The `predictor` accuracy source (SPEC §5.2): ridge regression on a one-hot genome encoding, fitted
 * on (genome → measured accuracy) pairs. The fitted model is plain JSON-safe data.
 */
export interface Predictor {
  /** `ridge`: linear in the features; `kernel`: kernel ridge regression (`fitKernel`) */
  readonly kind: 'ridge' | 'kernel';
  /** id of the space it was fitted on */
  readonly space: string;
  readonly lambda: number;
  readonly intercept: number;
  /** ridge: one weight per feature, in `featureNames` order (the one-hot genes, then any numeric features); kernel: none ([]) */
  readonly weights: readonly number[];
  /**
   * kernel ridge only: the prediction is `intercept + Σᵢ alphas[i]·exp(−gamma·‖x − support[i]‖²)`,
   * x the subnet's features (one-hot genes, then the standardised numeric ones) and `support` the
   * training subnets' features, in `featureNames` order
   */
  readonly kernel?: { readonly gamma: number; readonly alphas: readonly number[]; readonly support: readonly (readonly number[])[] };
  readonly featureNames: readonly string[];
  /**
   * numeric features after the one-hot ones (`fit…({ numeric: true })`): log MACs and log parameters
   * of the subnet, standardised with these means and standard deviations of the training samples
   */
  readonly numeric?: { readonly mean: readonly number[]; readonly sd: readonly number[] };
  /** number of samples of the final fit */
  readonly trainedOn: number;
  /** Kendall τ-b on held-out samples (`fitAndValidate`); null when not validated or undefined */
  readonly kendallTau: number | null;
  /** root-mean-square error on held-out samples, in the unit of `accuracy`; null when not validated */
  readonly heldOutRmse: number | null;
  /** number of held-out samples behind `kendallTau` and `heldOutRmse` (0 when not validated) */
  readonly heldOut: number;
}

/** One training pair: a subnet and its measured accuracy (any unit; predictions come back in it). */
export interface AccuracySample {
  readonly genome: Genome;
  readonly accuracy: number;
}

/** Fewest evaluated subnets a fit accepts. */
export const MIN_PREDICTOR_SAMPLES = 10;
/** Ridge penalties tried by cross-validation when none is given. */
export const LAMBDA_GRID: readonly number[] = [1e-3, 1e-2, 1e-1, 1, 10, 100];
const FOLDS = 5;

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
interface Layout {
  readonly names: readonly string[];
  readonly r: Group | null;
  readonly stem: Group | null;
  readonly stages: readonly StageLayout[];
  /** head width (a gene of `nasvit` only), after every other group: a space without it keeps its features */
  readonly head: Group | null;
}

const layouts = new WeakMap<SearchSpace, Layout>();

function layoutOf(space: SearchSpace): Layout {
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
  return i < 0 || w === null ? 0 : (w[i] as number);
}

/**
 * Walks the active features of `g` (one per gene group): returns Σ w[i] over them (0 without `w`) and
 * appends their indices to `hits` when given. No closures or strings: `predict` runs it 10⁵+ times/s.
 */
function walk(space: SearchSpace, layout: Layout, g: Genome, w: readonly number[] | null, hits: number[] | null): number {
  if (g.space !== space.id) throw new Error(`predictor: genome of space "${g.space}", expected "${space.id}"`);
  if (g.stages.length !== layout.stages.length) {
    throw new Error(`predictor: ${g.stages.length} stages given, the space "${space.id}" has ${layout.stages.length}`);
  }
  let sum = take(featureOf(space, layout.r, g.r, -1, 'r'), w, hits) + take(featureOf(space, layout.stem, g.stem, -1, 'stem'), w, hits);
  for (let s = 0; s < layout.stages.length; s++) {
    const L = layout.stages[s] as StageLayout;
    const st = g.stages[s] as StageGenome;
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

/** The raw numeric features of a genome: natural logs of its MACs and parameters. */
function numericOf(space: SearchSpace, g: Genome): [number, number] {
  const layers = expandGenome(space, g);
  return [Math.log(Math.max(1, totalMacs(layers))), Math.log(Math.max(1, totalParams(layers)))];
}

const checked = new WeakMap<Predictor, SearchSpace>();

/**
 * Predicted accuracy of `genome` (in the unit of the training accuracies). Throws when the predictor
 * was fitted on another space or on different choice lists. Allocation-free after the first call per
 * (predictor, space) pair.
 */
/**
 * A search's accuracy from a predictor: its prediction kept to 0–1. A predictor fitted on a preset
 * also scores the subnets of any trim of it (a trimmed space's genomes are its preset's); another
 * space is refused, naming both.
 */
export function predictedAccuracy(predictor: Predictor, space: SearchSpace): (genome: Genome) => number {
  if (presetIdOf(predictor.space) !== presetIdOf(space.id)) {
    throw new Error(
      `accuracy: the predictor was fitted on space "${predictor.space.slice(0, 60)}", the search is on "${space.id.slice(0, 60)}"`,
    );
  }
  const fitted = predictor.space === space.id ? space : getSpace(predictor.space);
  return (genome) =>
    Math.min(1, Math.max(0, predict(predictor, fitted, genome.space === fitted.id ? genome : { ...genome, space: fitted.id })));
}

export function predict(predictor: Predictor, space: SearchSpace, genome: Genome): number {
  const layout = layoutOf(space);
  if (checked.get(predictor) !== space) {
    const names = predictor.numeric ? [...layout.names, ...NUMERIC_FEATURES] : layout.names;
    const k = predictor.kernel;
    const shaped =
      predictor.kind === 'kernel'
        ? k !== undefined && k.alphas.length === k.support.length && k.support.every((row) => row.length === names.length)
        : predictor.weights.length === names.length;
    const same =
      predictor.space === space.id &&
      predictor.featureNames.length === names.length &&
      predictor.featureNames.every((n, i) => n === names[i]) &&
      shaped &&
      (!predictor.numeric ||
        (predictor.numeric.mean.length === NUMERIC_FEATURES.length && predictor.numeric.sd.length === NUMERIC_FEATURES.length));
    if (!same) throw new Error(`predictor: fitted on a different space ("${predictor.space}") or other choices; refit it on "${space.id}"`);
    checked.set(predictor, space);
  }
  if (predictor.kind === 'kernel') return predictKernel(predictor, space, genome);
  let y = predictor.intercept + walk(space, layout, genome, predictor.weights, null);
  if (predictor.numeric) {
    const { mean, sd } = predictor.numeric;
    const f = layout.names.length;
    numericOf(space, genome).forEach((v, i) => {
      y += (predictor.weights[f + i] as number) * ((v - (mean[i] as number)) / (sd[i] as number));
    });
  }
  return y;
}

/** The features of a subnet as `fitKernel` and `predict` see them: one-hot genes, then the standardised numeric ones. */
function kernelFeatures(
  space: SearchSpace,
  g: Genome,
  numeric: { readonly mean: readonly number[]; readonly sd: readonly number[] },
): Float64Array {
  const oneHot = encodeGenome(space, g);
  const x = new Float64Array(oneHot.length + NUMERIC_FEATURES.length);
  x.set(oneHot);
  numericOf(space, g).forEach((v, i) => {
    x[oneHot.length + i] = (v - (numeric.mean[i] as number)) / (numeric.sd[i] as number);
  });
  return x;
}

function predictKernel(p: Predictor, space: SearchSpace, g: Genome): number {
  const k = p.kernel as NonNullable<Predictor['kernel']>;
  const x = kernelFeatures(space, g, p.numeric as NonNullable<Predictor['numeric']>);
  let y = p.intercept;
  for (let i = 0; i < k.support.length; i++) {
    const row = k.support[i] as readonly number[];
    let d2 = 0;
    for (let j = 0; j < x.length; j++) d2 += ((x[j] as number) - (row[j] as number)) ** 2;
    y += (k.alphas[i] as number) * Math.exp(-k.gamma * d2);
  }
  return y;
}

/** Sufficient statistics of a set of one-hot rows: XᵀX, Xᵀ1, Xᵀy, Σy, n. */
interface Stats {
  readonly xtx: Float64Array;
  readonly sx: Float64Array;
  readonly xty: Float64Array;
  sy: number;
  n: number;
}

/** A sparse row: the one-hot indices (value 1), then dense numeric features from index `at`. */
interface Row {
  readonly hits: readonly number[];
  readonly at: number;
  readonly values: readonly number[];
}

function entries(row: Row): [number, number][] {
  return [...row.hits.map((i): [number, number] => [i, 1]), ...row.values.map((v, j): [number, number] => [row.at + j, v])];
}

function addRow(s: Stats, f: number, row: Row, y: number, sign: 1 | -1): void {
  const e = entries(row);
  for (const [a, va] of e) {
    s.sx[a] = (s.sx[a] as number) + sign * va;
    s.xty[a] = (s.xty[a] as number) + sign * va * y;
    for (const [b, vb] of e) s.xtx[a * f + b] = (s.xtx[a * f + b] as number) + sign * va * vb;
  }
  s.sy += sign * y;
  s.n += sign;
}

/** In-place Cholesky of the n×n matrix `a` (lower triangle); false when it is not positive definite. */
function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * n + k] as number) ** 2;
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let v = a[i * n + j] as number;
      for (let k = 0; k < j; k++) v -= (a[i * n + k] as number) * (a[j * n + k] as number);
      a[i * n + j] = v / l;
    }
  }
  return true;
}

/** Solves LLᵀ x = w in place, L the lower triangle `cholesky` left in `a` (forward, then back substitution). */
function choleskySolve(a: Float64Array, n: number, w: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let v = w[i] as number;
    for (let k = 0; k < i; k++) v -= (a[i * n + k] as number) * (w[k] as number);
    w[i] = v / (a[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = w[i] as number;
    for (let k = i + 1; k < n; k++) v -= (a[k * n + i] as number) * (w[k] as number);
    w[i] = v / (a[i * n + i] as number);
  }
}

/** Ridge solution with an unpenalised intercept: (XcᵀXc + λI) w = Xcᵀyc via Cholesky, X and y centred. */
function solve(s: Stats, f: number, lambda: number): { intercept: number; weights: Float64Array } {
  const a = new Float64Array(f * f);
  const w = new Float64Array(f);
  for (let i = 0; i < f; i++) {
    for (let j = 0; j < f; j++) a[i * f + j] = (s.xtx[i * f + j] as number) - ((s.sx[i] as number) * (s.sx[j] as number)) / s.n;
    a[i * f + i] = (a[i * f + i] as number) + lambda;
    w[i] = (s.xty[i] as number) - ((s.sx[i] as number) * s.sy) / s.n;
  }
  if (!cholesky(a, f)) throw new Error(`predictor: the ridge system is singular at lambda = ${lambda}; use a larger lambda`);
  choleskySolve(a, f, w);
  const dot = s.sx.reduce((acc, x, i) => acc + x * (w[i] as number), 0);
  return { intercept: (s.sy - dot) / s.n, weights: w };
}

const rowSum = (row: Row, intercept: number, w: Float64Array): number =>
  entries(row).reduce((acc, [i, v]) => acc + (w[i] as number) * v, intercept);

/** λ with the least k-fold squared error; folds by index (i mod k), ties to the smaller λ. */
function crossValidate(rows: readonly Row[], ys: readonly number[], f: number, total: Stats): number {
  const k = Math.min(FOLDS, rows.length);
  const sse = LAMBDA_GRID.map(() => 0);
  for (let fold = 0; fold < k; fold++) {
    const train: Stats = { xtx: total.xtx.slice(), sx: total.sx.slice(), xty: total.xty.slice(), sy: total.sy, n: total.n };
    for (let i = fold; i < rows.length; i += k) addRow(train, f, rows[i] as Row, ys[i] as number, -1);
    LAMBDA_GRID.forEach((lambda, li) => {
      const { intercept, weights } = solve(train, f, lambda);
      for (let i = fold; i < rows.length; i += k)
        sse[li] = (sse[li] as number) + (rowSum(rows[i] as Row, intercept, weights) - (ys[i] as number)) ** 2;
    });
  }
  let best = 0;
  sse.forEach((e, i) => {
    if (e < (sse[best] as number)) best = i;
  });
  return LAMBDA_GRID[best] as number;
}

function checkCount(n: number): void {
  if (n < MIN_PREDICTOR_SAMPLES) throw new Error(`predictor: needs at least ${MIN_PREDICTOR_SAMPLES} evaluated subnets, got ${n}`);
}

export interface FitOptions {
  /** ridge penalty; by 5-fold cross-validation over `LAMBDA_GRID` when not given */
  readonly lambda?: number;
  /** add log MACs and log parameters (standardised) to the one-hot genes */
  readonly numeric?: boolean;
}

/** Fits without the sample-count check (fitAndValidate fits on a part). */
function fit(space: SearchSpace, samples: readonly AccuracySample[], lambda: number | undefined, numeric = false): Predictor {
  if (lambda !== undefined && !(lambda > 0 && Number.isFinite(lambda)))
    throw new Error(`predictor: lambda must be a positive number, got ${lambda}`);
  const layout = layoutOf(space);
  const oneHot = layout.names.length;
  const f = oneHot + (numeric ? NUMERIC_FEATURES.length : 0);
  const raw = numeric ? samples.map((s) => numericOf(space, s.genome)) : [];
  const mean = NUMERIC_FEATURES.map((_, j) => (numeric ? raw.reduce((a, r) => a + (r[j] as number), 0) / raw.length : 0));
  const sd = NUMERIC_FEATURES.map((_, j) =>
    numeric ? Math.sqrt(raw.reduce((a, r) => a + ((r[j] as number) - (mean[j] as number)) ** 2, 0) / raw.length) || 1 : 1,
  );
  const rows = samples.map((s, i): Row => {
    if (!Number.isFinite(s.accuracy)) throw new Error(`predictor: samples[${i}].accuracy must be a finite number, got ${s.accuracy}`);
    const hits: number[] = [];
    walk(space, layout, s.genome, null, hits);
    return { hits, at: oneHot, values: numeric ? (raw[i] as number[]).map((v, j) => (v - (mean[j] as number)) / (sd[j] as number)) : [] };
  });
  const ys = samples.map((s) => s.accuracy);
  const total: Stats = { xtx: new Float64Array(f * f), sx: new Float64Array(f), xty: new Float64Array(f), sy: 0, n: 0 };
  rows.forEach((row, i) => addRow(total, f, row, ys[i] as number, 1));
  const lam = lambda ?? crossValidate(rows, ys, f, total);
  const { intercept, weights } = solve(total, f, lam);
  return {
    kind: 'ridge',
    space: space.id,
    lambda: lam,
    intercept,
    weights: [...weights],
    featureNames: numeric ? [...layout.names, ...NUMERIC_FEATURES] : [...layout.names],
    ...(numeric ? { numeric: { mean, sd } } : {}),
    trainedOn: samples.length,
    kendallTau: null,
    heldOutRmse: null,
    heldOut: 0,
  };
}

/**
 * Ridge regression of accuracy on `encodeGenome` (closed form, intercept unpenalised). Without
 * `lambda`, picks it from `LAMBDA_GRID` by 5-fold cross-validation (folds by index: deterministic).
 */
export function fitRidge(space: SearchSpace, samples: readonly AccuracySample[], opts: FitOptions = {}): Predictor {
  checkCount(samples.length);
  return fit(space, samples, opts.lambda, opts.numeric);
}

/**
 * Shuffles the samples with `rng`, fits on all but a `holdOut` fraction (at least 2 held out), reports
 * Kendall τ-b and RMSE on the held-out part, then refits on everything; the returned predictor carries
 * the held-out τ and RMSE.
 */
export function fitAndValidate(
  space: SearchSpace,
  samples: readonly AccuracySample[],
  rng: Rng,
  opts: FitOptions & { readonly holdOut?: number } = {},
): Predictor {
  const n = samples.length;
  checkCount(n);
  const holdOut = opts.holdOut ?? 0.2;
  if (!(holdOut > 0 && holdOut < 1)) throw new Error(`predictor: holdOut must be between 0 and 1 (exclusive), got ${holdOut}`);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const nTest = Math.min(n - 2, Math.max(2, Math.round(n * holdOut)));
  const test = order.slice(0, nTest).map((i) => samples[i] as AccuracySample);
  const part = fit(
    space,
    order.slice(nTest).map((i) => samples[i] as AccuracySample),
    opts.lambda,
    opts.numeric,
  );
  const predicted = test.map((s) => predict(part, space, s.genome));
  const measured = test.map((s) => s.accuracy);
  const tau = kendallTau(predicted, measured);
  const rmse = Math.sqrt(predicted.reduce((acc, p, i) => acc + (p - (measured[i] as number)) ** 2, 0) / nTest);
  return {
    ...fit(space, samples, opts.lambda, opts.numeric),
    kendallTau: Number.isFinite(tau) ? tau : null,
    heldOutRmse: rmse,
    heldOut: nTest,
  };
}

/** Kernel ridge settings tried by cross-validation: penalty λ and RBF width γ (on features of unit scale). */
export const KERNEL_GRID: readonly { readonly lambda: number; readonly gamma: number }[] = [0.001, 0.01, 0.03, 0.1, 0.3].flatMap((lambda) =>
  [0.01, 0.03, 0.1, 0.3].map((gamma) => ({ lambda, gamma })),
);

/** Solves (K[idx, idx] + λI) α = y[idx] − mean for the subset `idx` of the Gram matrix `gram` (n×n). */
function kernelSolve(
  gram: Float64Array,
  n: number,
  idx: readonly number[],
  ys: readonly number[],
  lambda: number,
): { alphas: Float64Array; mean: number } {
  const m = idx.length;
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j <= i; j++) a[i * m + j] = (gram[(idx[i] as number) * n + (idx[j] as number)] as number) + (i === j ? lambda : 0);
  if (!cholesky(a, m)) throw new Error(`predictor: the kernel system is singular at lambda = ${lambda}`);
  const mean = idx.reduce((acc, i) => acc + (ys[i] as number), 0) / m;
  const w = Float64Array.from(idx, (i) => (ys[i] as number) - mean);
  choleskySolve(a, m, w);
  return { alphas: w, mean };
}

/**
 * Kernel ridge regression of accuracy on the one-hot genes plus standardised log MACs and log
 * parameters, with a Gaussian (RBF) kernel: it can bend where a ridge cannot (accuracy in a
 * weight-sharing supernet is not additive in the genes: subnets near the largest, trained at every
 * step, stand out). λ and γ come from 5-fold cross-validation over `KERNEL_GRID` (folds by index,
 * deterministic) unless given. The fitted predictor carries its training subnets' features.
 */
export function fitKernel(
  space: SearchSpace,
  samples: readonly AccuracySample[],
  opts: { readonly lambda?: number; readonly gamma?: number } = {},
): Predictor {
  checkCount(samples.length);
  samples.forEach((s, i) => {
    if (!Number.isFinite(s.accuracy)) throw new Error(`predictor: samples[${i}].accuracy must be a finite number, got ${s.accuracy}`);
  });
  const n = samples.length;
  const raw = samples.map((s) => numericOf(space, s.genome));
  const mean = NUMERIC_FEATURES.map((_, j) => raw.reduce((a, r) => a + (r[j] as number), 0) / n);
  const sd = NUMERIC_FEATURES.map((_, j) => Math.sqrt(raw.reduce((a, r) => a + ((r[j] as number) - (mean[j] as number)) ** 2, 0) / n) || 1);
  const numeric = { mean, sd };
  const xs = samples.map((s) => kernelFeatures(space, s.genome, numeric));
  const ys = samples.map((s) => s.accuracy);
  const d2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const a = xs[i] as Float64Array;
      const b = xs[j] as Float64Array;
      let s = 0;
      for (let k = 0; k < a.length; k++) s += ((a[k] as number) - (b[k] as number)) ** 2;
      d2[i * n + j] = s;
      d2[j * n + i] = s;
    }
  }
  const gramOf = (gamma: number): Float64Array => d2.map((v) => Math.exp(-gamma * v));
  let best = { lambda: opts.lambda ?? 0.1, gamma: opts.gamma ?? 0.1 };
  if (opts.lambda === undefined || opts.gamma === undefined) {
    const grid = KERNEL_GRID.filter(
      (g) => (opts.lambda === undefined || g.lambda === opts.lambda) && (opts.gamma === undefined || g.gamma === opts.gamma),
    );
    const k = Math.min(FOLDS, n);
    let bestErr = Infinity;
    for (const gamma of [...new Set(grid.map((g) => g.gamma))]) {
      const gram = gramOf(gamma);
      for (const { lambda } of grid.filter((g) => g.gamma === gamma)) {
        let sse = 0;
        for (let fold = 0; fold < k; fold++) {
          const train = Array.from({ length: n }, (_, i) => i).filter((i) => i % k !== fold);
          const { alphas, mean: m } = kernelSolve(gram, n, train, ys, lambda);
          for (let i = fold; i < n; i += k) {
            let y = m;
            train.forEach((t, a) => {
              y += (alphas[a] as number) * (gram[i * n + t] as number);
            });
            sse += (y - (ys[i] as number)) ** 2;
          }
        }
        if (sse < bestErr) {
          bestErr = sse;
          best = { lambda, gamma };
        }
      }
    }
  }
  const all = Array.from({ length: n }, (_, i) => i);
  const { alphas, mean: intercept } = kernelSolve(gramOf(best.gamma), n, all, ys, best.lambda);
  return {
    kind: 'kernel',
    space: space.id,
    lambda: best.lambda,
    intercept,
    weights: [],
    featureNames: [...layoutOf(space).names, ...NUMERIC_FEATURES],
    numeric,
    kernel: { gamma: best.gamma, alphas: [...alphas], support: xs.map((x) => [...x]) },
    trainedOn: n,
    kendallTau: null,
    heldOutRmse: null,
    heldOut: 0,
  };
}
