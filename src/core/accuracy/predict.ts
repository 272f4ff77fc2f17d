/**
 * The fitted predictor as plain JSON-safe data (`Predictor`), the samples it is fitted on, and what it
 * does: `predict` a genome's accuracy (checking once per space that the predictor's features are the
 * space's), and `predictedAccuracy`, a search's accuracy function from it. The fits are in
 * `ridgeFit.ts` and `kernelFit.ts`.
 */
import { presetIdOf } from '../model/genome.js';
import { getSpace } from '../model/spaces.js';
import type { Genome, SearchSpace } from '../types.js';
import { kernelFeatures, layoutOf, NUMERIC_FEATURES, numericOf, standardise, walk } from './predictorFeatures.js';

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
/** Folds of the cross-validations that pick a fit's settings. */
export const FOLDS = 5;

/** Refuses fewer than `MIN_PREDICTOR_SAMPLES` samples. */
export function checkCount(n: number): void {
  if (n < MIN_PREDICTOR_SAMPLES) throw new Error(`predictor: needs at least ${MIN_PREDICTOR_SAMPLES} evaluated subnets, got ${n}`);
}

/** Refuses a sample whose accuracy is not a finite number, naming it. */
export function checkAccuracy(s: AccuracySample, i: number): void {
  if (!Number.isFinite(s.accuracy)) throw new Error(`predictor: samples[${i}].accuracy must be a finite number, got ${s.accuracy}`);
}

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

const checked = new WeakMap<Predictor, SearchSpace>();

/** Whether `predictor`'s features and fitted values have the shape of `space`'s features. */
function fitsSpace(predictor: Predictor, space: SearchSpace): boolean {
  const layout = layoutOf(space);
  const names = predictor.numeric ? [...layout.names, ...NUMERIC_FEATURES] : layout.names;
  const k = predictor.kernel;
  const shaped =
    predictor.kind === 'kernel'
      ? k !== undefined && k.alphas.length === k.support.length && k.support.every((row) => row.length === names.length)
      : predictor.weights.length === names.length;
  return (
    predictor.space === space.id &&
    predictor.featureNames.length === names.length &&
    predictor.featureNames.every((n, i) => n === names[i]) &&
    shaped &&
    (!predictor.numeric ||
      (predictor.numeric.mean.length === NUMERIC_FEATURES.length && predictor.numeric.sd.length === NUMERIC_FEATURES.length))
  );
}

/**
 * Predicted accuracy of `genome` (in the unit of the training accuracies). Throws when the predictor
 * was fitted on another space or on different choice lists. Allocation-free after the first call per
 * (predictor, space) pair.
 */
export function predict(predictor: Predictor, space: SearchSpace, genome: Genome): number {
  const layout = layoutOf(space);
  if (checked.get(predictor) !== space) {
    if (!fitsSpace(predictor, space))
      throw new Error(`predictor: fitted on a different space ("${predictor.space}") or other choices; refit it on "${space.id}"`);
    checked.set(predictor, space);
  }
  if (predictor.kind === 'kernel') return predictKernel(predictor, space, genome);
  let y = predictor.intercept + walk(space, layout, genome, predictor.weights, null);
  if (predictor.numeric) {
    const f = layout.names.length;
    standardise(numericOf(space, genome), predictor.numeric).forEach((z, i) => {
      y += (predictor.weights[f + i] ?? 0) * z;
    });
  }
  return y;
}

function predictKernel(p: Predictor, space: SearchSpace, g: Genome): number {
  const k = p.kernel as NonNullable<Predictor['kernel']>;
  const x = kernelFeatures(space, g, p.numeric as NonNullable<Predictor['numeric']>);
  let y = p.intercept;
  k.support.forEach((row, i) => {
    let d2 = 0;
    x.forEach((v, j) => {
      d2 += (v - (row[j] ?? 0)) ** 2;
    });
    y += (k.alphas[i] ?? 0) * Math.exp(-k.gamma * d2);
  });
  return y;
}
