/**
 * The supernet's normalisation (SPEC §7): BatchNorm of [rows, c] in its three modes — training (batch
 * statistics, with a written-out gradient, or two fused kernels where the backend has them),
 * recalibration (batch statistics handed to `record`) and evaluation (given statistics) — and the
 * constants that `export.ts` folds into a standalone model.
 */
import * as tf from '@tensorflow/tfjs';
import { BN_APPLY, BN_STATS, BN_TRAIN, BN_TRAIN_GRAD, hasFusedBatchNorm, hasFusedKernel } from './cpuKernels.js';

export const BN_EPS = 1e-5;
export const LN_EPS = 1e-5;

/** How BatchNorm normalises: batch statistics (training, recalibration) or given statistics. */
export type BnMode =
  | { readonly kind: 'train' }
  /** batch statistics, and each BN's mean and variance are handed to `record` */
  | { readonly kind: 'calibrate'; readonly record: (name: string, mean: tf.Tensor, variance: tf.Tensor) => void }
  | { readonly kind: 'eval'; readonly stats: BnStats };

/** Per-subnet BatchNorm statistics, by BN name, of the subnet's width. */
export type BnStats = ReadonlyMap<string, { readonly mean: tf.Tensor; readonly variance: tf.Tensor }>;

/**
 * Training-mode BatchNorm of [rows, c] with its gradient written out: the tape keeps x̂ and 1/σ
 * instead of every intermediate of the statistics, and the backward pass is four full-size ops.
 *   y = γ·x̂ + β,  x̂ = (x − μ)/σ;   dβ = Σ dy,  dγ = Σ dy·x̂,  dx = γ/σ · (dy − dβ/n − x̂·dγ/n)
 */
const batchNormTrain = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x2, gamma, beta, save] = args as unknown as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
  const [rows, c] = x2.shape;
  const avg = tf.fill([1, rows], 1 / rows) as tf.Tensor2D;
  const centred = x2.sub(tf.matMul(avg, x2).reshape([c]));
  const inv = tf.rsqrt(tf.matMul(avg, centred.square()).reshape([c]).add(BN_EPS));
  const xhat = centred.mul(inv) as tf.Tensor2D;
  save([xhat, inv, gamma]);
  return {
    value: xhat.mul(gamma).add(beta),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xh, iv, g] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
      const d = dy as tf.Tensor2D;
      const ones = tf.fill([1, rows], 1) as tf.Tensor2D;
      const dBeta = tf.matMul(ones, d).reshape([c]);
      const dGamma = tf.matMul(ones, d.mul(xh)).reshape([c]);
      const dx = d
        .sub(dBeta.div(rows))
        .sub(xh.mul(dGamma.div(rows)))
        .mul(g.mul(iv));
      return [dx, dGamma, dBeta];
    },
  };
});

/**
 * The same BatchNorm as two fused kernels (forward, gradient) where the backend has them
 * (`cpuKernels.ts`, the CPU backend): two kernels instead of about twenty, each one pass over memory.
 */
const batchNormTrainFused = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x2, gamma, beta, save] = args as unknown as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
  const [y, xhat, inv] = tf.engine().runKernel(BN_TRAIN, { x: x2, gamma, beta }) as unknown as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  save([xhat, inv, gamma]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xh, iv, g] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
      return tf.engine().runKernel(BN_TRAIN_GRAD, { dy: dy as tf.Tensor2D, xhat: xh, inv: iv, gamma: g }) as unknown as tf.Tensor[];
    },
  };
});

/** For tests: the training-mode BatchNorm. */
export const batchNormForTest = (x2: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, fused = false): tf.Tensor2D =>
  (fused ? batchNormTrainFused : batchNormTrain)(x2, gamma, beta) as tf.Tensor2D;

/**
 * BatchNorm of x2 [rows, c] with γ, β of c channels, in `mode`. Written as row sums (`matMul` by a
 * ones row) on [rows, c] with every broadcast of a [c] vector: TF.js's CPU backend has a fast path
 * only for those; `tf.moments` with its [1,1,1,c] shapes made BatchNorm half of a training step there.
 */
export function batchNorm(name: string, x2: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, mode: BnMode): tf.Tensor {
  if (mode.kind === 'train') return (hasFusedBatchNorm() ? batchNormTrainFused : batchNormTrain)(x2, gamma, beta);
  const given = (): { mean: tf.Tensor; variance: tf.Tensor } => {
    const s = mode.kind === 'eval' ? mode.stats.get(name) : undefined;
    if (!s) throw new Error(`no BatchNorm statistics for ${name}: recalibrate first`);
    return s;
  };
  if (hasFusedKernel(BN_STATS) && hasFusedKernel(BN_APPLY)) {
    // one pass for the statistics, one for the normalisation (CPU backend, cpuKernels.ts)
    let mean: tf.Tensor1D;
    let variance: tf.Tensor1D;
    if (mode.kind === 'eval') ({ mean, variance } = given() as { mean: tf.Tensor1D; variance: tf.Tensor1D });
    else {
      [mean, variance] = tf.engine().runKernel(BN_STATS, { x: x2 }) as unknown as [tf.Tensor1D, tf.Tensor1D];
      mode.record(name, mean, variance);
    }
    const scale = gamma.mul(tf.rsqrt(variance.add(BN_EPS)));
    return tf.engine().runKernel(BN_APPLY, { x: x2, mean, scale, beta }) as tf.Tensor;
  }
  let mean: tf.Tensor;
  let variance: tf.Tensor;
  let centred: tf.Tensor2D;
  if (mode.kind === 'eval') {
    ({ mean, variance } = given());
    centred = x2.sub(mean);
  } else {
    const avg = tf.fill([1, x2.shape[0]], 1 / x2.shape[0]) as tf.Tensor2D;
    mean = tf.matMul(avg, x2).reshape([gamma.shape[0]]);
    centred = x2.sub(mean);
    variance = tf.matMul(avg, centred.square()).reshape([gamma.shape[0]]);
    mode.record(name, mean, variance);
  }
  const scale = gamma.mul(tf.rsqrt(variance.add(BN_EPS)));
  return centred.mul(scale).add(beta);
}
