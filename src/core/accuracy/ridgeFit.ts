/**
 * Ridge regression of accuracy on the one-hot genes (and, on request, the standardised log MACs and
 * log parameters): sufficient statistics accumulated row by row, a closed-form solve with an
 * unpenalised intercept, λ by k-fold cross-validation, and `fitAndValidate`'s held-out τ and RMSE.
 */
import type { Rng } from '../rng.js';
import type { SearchSpace } from '../types.js';
import { cholesky, choleskySolve } from './cholesky.js';
import { kendallTau } from './kendall.js';
import { checkAccuracy, checkCount, FOLDS, predict, type AccuracySample, type Predictor } from './predict.js';
import { layoutOf, NUMERIC_FEATURES, numericOf, numericScale, standardise, walk } from './predictorFeatures.js';

/** Ridge penalties tried by cross-validation when none is given. */
export const LAMBDA_GRID: readonly number[] = [1e-3, 1e-2, 1e-1, 1, 10, 100];

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
    s.sx[a] = (s.sx[a] ?? 0) + sign * va;
    s.xty[a] = (s.xty[a] ?? 0) + sign * va * y;
    for (const [b, vb] of e) s.xtx[a * f + b] = (s.xtx[a * f + b] ?? 0) + sign * va * vb;
  }
  s.sy += sign * y;
  s.n += sign;
}

/** Ridge solution with an unpenalised intercept: (XcᵀXc + λI) w = Xcᵀyc via Cholesky, X and y centred. */
function solve(s: Stats, f: number, lambda: number): { intercept: number; weights: Float64Array } {
  const a = new Float64Array(f * f);
  const w = new Float64Array(f);
  s.sx.forEach((si, i) => {
    s.sx.forEach((sj, j) => {
      a[i * f + j] = (s.xtx[i * f + j] ?? 0) - (si * sj) / s.n;
    });
    a[i * f + i] = (a[i * f + i] ?? 0) + lambda;
    w[i] = (s.xty[i] ?? 0) - (si * s.sy) / s.n;
  });
  if (!cholesky(a, f)) throw new Error(`predictor: the ridge system is singular at lambda = ${lambda}; use a larger lambda`);
  choleskySolve(a, f, w);
  const dot = s.sx.reduce((acc, x, i) => acc + x * (w[i] ?? 0), 0);
  return { intercept: (s.sy - dot) / s.n, weights: w };
}

const rowSum = (row: Row, intercept: number, w: Float64Array): number =>
  entries(row).reduce((acc, [i, v]) => acc + (w[i] ?? 0) * v, intercept);

/** A training row with its target. */
interface Sample {
  readonly row: Row;
  readonly y: number;
}

/** λ with the least k-fold squared error; folds by index (i mod k), ties to the smaller λ. */
function crossValidate(data: readonly Sample[], f: number, total: Stats): number {
  const k = Math.min(FOLDS, data.length);
  const scores = LAMBDA_GRID.map((lambda) => ({ lambda, sse: 0 }));
  for (let fold = 0; fold < k; fold++) {
    const held = data.filter((_, i) => i % k === fold);
    const train: Stats = { xtx: total.xtx.slice(), sx: total.sx.slice(), xty: total.xty.slice(), sy: total.sy, n: total.n };
    for (const { row, y } of held) addRow(train, f, row, y, -1);
    for (const score of scores) {
      const { intercept, weights } = solve(train, f, score.lambda);
      for (const { row, y } of held) score.sse += (rowSum(row, intercept, weights) - y) ** 2;
    }
  }
  return scores.reduce((best, s) => (s.sse < best.sse ? s : best)).lambda;
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
  const scale = numeric ? numericScale(raw) : { mean: NUMERIC_FEATURES.map(() => 0), sd: NUMERIC_FEATURES.map(() => 1) };
  const data = samples.map((s, i): Sample => {
    checkAccuracy(s, i);
    const hits: number[] = [];
    walk(space, layout, s.genome, null, hits);
    return { row: { hits, at: oneHot, values: numeric ? standardise(raw[i] ?? [], scale) : [] }, y: s.accuracy };
  });
  const total: Stats = { xtx: new Float64Array(f * f), sx: new Float64Array(f), xty: new Float64Array(f), sy: 0, n: 0 };
  for (const { row, y } of data) addRow(total, f, row, y, 1);
  const lam = lambda ?? crossValidate(data, f, total);
  const { intercept, weights } = solve(total, f, lam);
  return {
    kind: 'ridge',
    space: space.id,
    lambda: lam,
    intercept,
    weights: [...weights],
    featureNames: numeric ? [...layout.names, ...NUMERIC_FEATURES] : [...layout.names],
    ...(numeric ? { numeric: scale } : {}),
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

/** `xs` shuffled by Fisher–Yates with `rng` (a copy). */
function shuffled<T>(xs: readonly T[], rng: Rng): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const a = out[i];
    const b = out[j];
    if (a === undefined || b === undefined) continue; // never: 0 ≤ j ≤ i < length
    out[i] = b;
    out[j] = a;
  }
  return out;
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
  const order = shuffled(samples, rng);
  const nTest = Math.min(n - 2, Math.max(2, Math.round(n * holdOut)));
  const test = order.slice(0, nTest);
  const part = fit(space, order.slice(nTest), opts.lambda, opts.numeric);
  const predicted = test.map((s) => predict(part, space, s.genome));
  const measured = test.map((s) => s.accuracy);
  const tau = kendallTau(predicted, measured);
  const rmse = Math.sqrt(predicted.reduce((acc, p, i) => acc + (p - (measured[i] ?? 0)) ** 2, 0) / nTest);
  return {
    ...fit(space, samples, opts.lambda, opts.numeric),
    kendallTau: Number.isFinite(tau) ? tau : null,
    heldOutRmse: rmse,
    heldOut: nTest,
  };
}
