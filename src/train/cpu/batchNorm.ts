/**
 * Fused BatchNorm kernels of [rows, c] for the CPU backend: training mode (`H4hBatchNormTrain`, with
 * its gradient `H4hBatchNormTrainGrad`), and the statistics and normalisation of recalibration and
 * evaluation (`H4hBatchNormStats`, `H4hBatchNormApply`). Statistics sum in float64, two passes.
 */
import type * as tf from '@tensorflow/tfjs';
import { callWasm, heapOf } from './heap.js';
import { fr, hasFusedKernel, out, valuesOf, type KernelFunc } from './base.js';

/** Fused training BatchNorm: outputs y, x̂ and 1/σ (statistics over rows, two passes in float64). */
export const BN_TRAIN = 'H4hBatchNormTrain';
/** Its gradient: inputs dy, x̂, 1/σ, γ; outputs dx, dγ, dβ. */
export const BN_TRAIN_GRAD = 'H4hBatchNormTrainGrad';
const BN_EPS = 1e-5;

export const bnTrainKernel: KernelFunc = (args) => {
  const { x, gamma, beta } = args.inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const [rows, c] = x.shape as [number, number];
  const w = heapOf(args);
  if (w)
    return callWasm(
      args,
      w,
      [x, gamma, beta],
      [[rows, c], [rows, c], [c]],
      (px, pg, pb, py, ph, pi, ps) => w.exports.bnTrain(px, pg, pb, py, ph, pi, ps, rows, c),
      4 * c,
    );
  const xv = valuesOf(args, x);
  const g = valuesOf(args, gamma);
  const bt = valuesOf(args, beta);
  const mean = new Float64Array(c);
  const sq = new Float64Array(c);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++) mean[j] = (mean[j] as number) + (xv[base + j] as number);
  }
  for (let j = 0; j < c; j++) mean[j] = (mean[j] as number) / rows;
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++) {
      const d = (xv[base + j] as number) - (mean[j] as number);
      sq[j] = (sq[j] as number) + d * d;
    }
  }
  const inv = new Float32Array(c);
  for (let j = 0; j < c; j++) inv[j] = 1 / Math.sqrt((sq[j] as number) / rows + BN_EPS);
  const xhat = new Float32Array(rows * c);
  const y = new Float32Array(rows * c);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++) {
      const h = Math.fround(((xv[base + j] as number) - (mean[j] as number)) * (inv[j] as number));
      xhat[base + j] = h;
      y[base + j] = h * (g[j] as number) + (bt[j] as number);
    }
  }
  return [out(args, [rows, c], y), out(args, [rows, c], xhat), out(args, [c], inv)];
};

export const bnTrainGradKernel: KernelFunc = (args) => {
  const { dy, xhat, inv, gamma } = args.inputs as { dy: tf.TensorInfo; xhat: tf.TensorInfo; inv: tf.TensorInfo; gamma: tf.TensorInfo };
  const [rows, c] = dy.shape as [number, number];
  const w = heapOf(args);
  if (w)
    return callWasm(
      args,
      w,
      [dy, xhat, inv, gamma],
      [[rows, c], [c], [c]],
      (pd, ph, pi, pg, px, pdg, pdb, ps) => w.exports.bnTrainGrad(pd, ph, pi, pg, px, pdg, pdb, ps, rows, c),
      6 * c,
    );
  const d = valuesOf(args, dy);
  const h = valuesOf(args, xhat);
  const iv = valuesOf(args, inv);
  const g = valuesOf(args, gamma);
  const dBeta = new Float64Array(c);
  const dGamma = new Float64Array(c);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++) {
      const v = d[base + j] as number;
      dBeta[j] = (dBeta[j] as number) + v;
      dGamma[j] = (dGamma[j] as number) + v * (h[base + j] as number);
    }
  }
  const mb = new Float64Array(c);
  const mg = new Float64Array(c);
  const sc = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    mb[j] = (dBeta[j] as number) / rows;
    mg[j] = (dGamma[j] as number) / rows;
    sc[j] = (g[j] as number) * (iv[j] as number);
  }
  const dx = new Float32Array(rows * c);
  for (let r = 0; r < rows; r++) {
    const base = r * c;
    for (let j = 0; j < c; j++)
      dx[base + j] = ((d[base + j] as number) - (mb[j] as number) - (h[base + j] as number) * (mg[j] as number)) * (sc[j] as number);
  }
  return [out(args, [rows, c], dx), out(args, [c], Float32Array.from(dGamma)), out(args, [c], Float32Array.from(dBeta))];
};

/** Fused statistics of a batch: outputs mean and (biased) variance of x [rows, c] (float64 sums). */
export const BN_STATS = 'H4hBatchNormStats';
/** Fused BatchNorm with given statistics: y = (x − mean)·scale + beta, float32. */
export const BN_APPLY = 'H4hBatchNormApply';

export const bnStatsKernel: KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const [rows, c] = x.shape as [number, number];
  const w = heapOf(args);
  if (w) return callWasm(args, w, [x], [[c], [c]], (px, pm, pv, ps) => w.exports.bnStats(px, pm, pv, ps, rows, c), 4 * c);
  const xv = valuesOf(args, x);
  const mean = new Float64Array(c);
  const sq = new Float64Array(c);
  for (let r = 0; r < rows; r++) for (let j = 0; j < c; j++) mean[j] = (mean[j] as number) + (xv[r * c + j] as number);
  for (let j = 0; j < c; j++) mean[j] = (mean[j] as number) / rows;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < c; j++) {
      const d = (xv[r * c + j] as number) - (mean[j] as number);
      sq[j] = (sq[j] as number) + d * d;
    }
  }
  return [
    out(args, [c], Float32Array.from(mean)),
    out(
      args,
      [c],
      Float32Array.from(sq, (v) => v / rows),
    ),
  ];
};

export const bnApplyKernel: KernelFunc = (args) => {
  const { x, mean, scale, beta } = args.inputs as { x: tf.TensorInfo; mean: tf.TensorInfo; scale: tf.TensorInfo; beta: tf.TensorInfo };
  const [rows, c] = x.shape as [number, number];
  const w = heapOf(args);
  if (w)
    return callWasm(args, w, [x, mean, scale, beta], [[rows, c]], (px, pm, ps, pb, py) =>
      w.exports.bnApply(px, pm, ps, pb, py, rows, c),
    )[0] as tf.TensorInfo;
  const xv = valuesOf(args, x);
  const m = valuesOf(args, mean);
  const sc = valuesOf(args, scale);
  const b = valuesOf(args, beta);
  const y = new Float32Array(rows * c);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < c; j++) y[r * c + j] = fr(fr((xv[r * c + j] as number) - (m[j] as number)) * (sc[j] as number)) + (b[j] as number);
  }
  return out(args, [rows, c], y);
};

/** Whether the current backend has the fused training BatchNorm (the CPU backend, once installed; WebGPU). */
export function hasFusedBatchNorm(): boolean {
  return hasFusedKernel(BN_TRAIN);
}
