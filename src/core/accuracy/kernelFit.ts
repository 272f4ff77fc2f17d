/**
 * Kernel ridge regression of accuracy with a Gaussian (RBF) kernel on the one-hot genes plus the
 * standardised log MACs and log parameters: the Gram matrix of the training subnets, the regularised
 * solve on any subset of them, and the cross-validated choice of λ and γ over `KERNEL_GRID`.
 */
import type { SearchSpace } from '../types.js';
import { cholesky, choleskySolve } from './cholesky.js';
import { checkAccuracy, checkCount, FOLDS, type AccuracySample, type Predictor } from './predict.js';
import { kernelFeatures, layoutOf, NUMERIC_FEATURES, numericOf, numericScale } from './predictorFeatures.js';

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
  idx.forEach((row, i) => {
    for (let j = 0; j <= i; j++) a[i * m + j] = (gram[row * n + (idx[j] ?? 0)] ?? 0) + (i === j ? lambda : 0);
  });
  if (!cholesky(a, m)) throw new Error(`predictor: the kernel system is singular at lambda = ${lambda}`);
  const mean = idx.reduce((acc, i) => acc + (ys[i] ?? 0), 0) / m;
  const w = Float64Array.from(idx, (i) => (ys[i] ?? 0) - mean);
  choleskySolve(a, m, w);
  return { alphas: w, mean };
}

/** Squared distances between every pair of feature vectors, as an n×n row-major matrix. */
function pairDistances(xs: readonly Float64Array[]): Float64Array {
  const n = xs.length;
  const d2 = new Float64Array(n * n);
  xs.forEach((a, i) => {
    xs.slice(0, i).forEach((b, j) => {
      let s = 0;
      a.forEach((v, k) => {
        s += (v - (b[k] ?? 0)) ** 2;
      });
      d2[i * n + j] = s;
      d2[j * n + i] = s;
    });
  });
  return d2;
}

/** Summed squared error of the k-fold cross-validation (folds by index, i mod k) of one λ on `gram`. */
function foldError(gram: Float64Array, ys: readonly number[], k: number, lambda: number): number {
  const n = ys.length;
  let sse = 0;
  for (let fold = 0; fold < k; fold++) {
    const train = Array.from({ length: n }, (_, i) => i).filter((i) => i % k !== fold);
    const { alphas, mean } = kernelSolve(gram, n, train, ys, lambda);
    ys.forEach((yi, i) => {
      if (i % k !== fold) return;
      let y = mean;
      train.forEach((t, a) => {
        y += (alphas[a] ?? 0) * (gram[i * n + t] ?? 0);
      });
      sse += (y - yi) ** 2;
    });
  }
  return sse;
}

/** λ and γ of `KERNEL_GRID` (those given fixed) with the least cross-validated error; ties to the first. */
function pickSettings(
  d2: Float64Array,
  ys: readonly number[],
  opts: { readonly lambda?: number; readonly gamma?: number },
): { lambda: number; gamma: number } {
  let best = { lambda: opts.lambda ?? 0.1, gamma: opts.gamma ?? 0.1 };
  if (opts.lambda !== undefined && opts.gamma !== undefined) return best;
  const grid = KERNEL_GRID.filter(
    (g) => (opts.lambda === undefined || g.lambda === opts.lambda) && (opts.gamma === undefined || g.gamma === opts.gamma),
  );
  const k = Math.min(FOLDS, ys.length);
  let bestErr = Infinity;
  for (const gamma of [...new Set(grid.map((g) => g.gamma))]) {
    const gram = d2.map((v) => Math.exp(-gamma * v));
    for (const { lambda } of grid.filter((g) => g.gamma === gamma)) {
      const sse = foldError(gram, ys, k, lambda);
      if (sse < bestErr) {
        bestErr = sse;
        best = { lambda, gamma };
      }
    }
  }
  return best;
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
  samples.forEach(checkAccuracy);
  const n = samples.length;
  const numeric = numericScale(samples.map((s) => numericOf(space, s.genome)));
  const xs = samples.map((s) => kernelFeatures(space, s.genome, numeric));
  const ys = samples.map((s) => s.accuracy);
  const d2 = pairDistances(xs);
  const best = pickSettings(d2, ys, opts);
  const all = Array.from({ length: n }, (_, i) => i);
  const { alphas, mean: intercept } = kernelSolve(
    d2.map((v) => Math.exp(-best.gamma * v)),
    n,
    all,
    ys,
    best.lambda,
  );
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
