/**
 * Faster kernels for TF.js 4.22's CPU backend, for the operations a supernet training step spends its
 * time in. The stock kernels are written for generality: element-wise ops with broadcasting go through
 * per-element index arithmetic, `matMul` is a blocked loop that reads through strides, depthwise and
 * stem convolutions and their gradients read through `TensorBuffer.get` with the channel loop
 * outermost. These walk the tensors in memory order (channels innermost) on flat typed arrays, which
 * the JavaScript engine compiles to tight loops. They are what lets the CPU path train at a useful
 * fraction of PyTorch's speed on the same machine (`npm run bench`).
 *
 * Each kernel handles the supernet's cases (float32; the broadcasts, transposes, strides and paddings
 * it uses) and hands anything else to the stock kernel, so results elsewhere are unchanged. Only the
 * CPU backend is touched. `cpuKernels.test.ts` compares every kernel with the stock one on random
 * tensors. This module installs them; the kernels live in `cpu/` by family: `elementwise`, `matmul`,
 * `conv` (depthwise and stem), `relu6` (with the fused gradient installed on every backend),
 * `batchNorm` (fused kernels of our own), `reduce` (transpose, sums, softmax), over `heap` (tensors
 * whose values live in the WebAssembly memory) and `base` (what they share).
 */
import * as tf from '@tensorflow/tfjs';
import { originals, switches, type KernelFunc } from './cpu/base.js';
import {
  BN_APPLY,
  BN_STATS,
  BN_TRAIN,
  BN_TRAIN_GRAD,
  bnApplyKernel,
  bnStatsKernel,
  bnTrainGradKernel,
  bnTrainKernel,
} from './cpu/batchNorm.js';
import { conv2dBackpropFilter, conv2dForward, depthwiseBackpropFilter, depthwiseBackpropInput, depthwiseForward } from './cpu/conv.js';
import { binary } from './cpu/elementwise.js';
import { batchMatMul } from './cpu/matmul.js';
import { meanKernel, softmaxKernel, sqrtKernel, sumKernel, transposeKernel } from './cpu/reduce.js';
import { RELU6_GRAD, relu6, relu6Grad, relu6GradKernel } from './cpu/relu6.js';

export { hasFusedKernel } from './cpu/base.js';
export { BN_APPLY, BN_STATS, BN_TRAIN, BN_TRAIN_GRAD, hasFusedBatchNorm } from './cpu/batchNorm.js';
export { RELU6_GRAD } from './cpu/relu6.js';

/** The stock kernels replaced, by name. */
const FAST: Readonly<Record<string, KernelFunc>> = {
  Transpose: transposeKernel,
  Sum: sumKernel,
  Mean: meanKernel,
  Sqrt: sqrtKernel,
  Softmax: softmaxKernel,
  Add: binary('add'),
  Sub: binary('sub'),
  Multiply: binary('mul'),
  RealDiv: binary('div'),
  BatchMatMul: batchMatMul,
  DepthwiseConv2dNative: depthwiseForward,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilter,
  Conv2D: conv2dForward,
  Conv2DBackpropFilter: conv2dBackpropFilter,
  Relu6: relu6,
};

/** Kernels of our own, registered on the CPU backend beside the stock ones. */
const FUSED: Readonly<Record<string, KernelFunc>> = {
  [RELU6_GRAD]: relu6GradKernel,
  [BN_TRAIN]: bnTrainKernel,
  [BN_TRAIN_GRAD]: bnTrainGradKernel,
  [BN_STATS]: bnStatsKernel,
  [BN_APPLY]: bnApplyKernel,
};

let installed = false;

function swap(to: 'fast' | 'stock'): void {
  for (const [name, stock] of originals) {
    tf.unregisterKernel(name, 'cpu');
    tf.registerKernel(to === 'fast' ? { ...stock, kernelFunc: FAST[name] ?? stock.kernelFunc } : stock);
  }
  switches.active = to === 'fast';
}

/** Installs the kernels once per process (a no-op where the CPU backend is not registered). */
export function installFastCpuKernels(): void {
  if (installed) return;
  if (!tf.getKernel('Add', 'cpu')) return;
  installed = true;
  for (const name of Object.keys(FAST)) {
    const stock = tf.getKernel(name, 'cpu');
    if (stock) originals.set(name, stock);
  }
  for (const [kernelName, kernelFunc] of Object.entries(FUSED)) tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc });
  tf.registerGradient({
    kernelName: 'Relu6',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => relu6Grad(dy as tf.Tensor, x) };
    },
  });
  swap('fast');
}

/** For tests: runs `f` with the JavaScript loops instead of the WebAssembly kernels. */
export function withoutWasm<T>(f: () => T): T {
  const before = switches.useWasm;
  switches.useWasm = false;
  try {
    return f();
  } finally {
    switches.useWasm = before;
  }
}

/** For tests: runs `f` with TF.js's stock CPU kernels, then puts the fast ones back. */
export function withStockCpuKernels<T>(f: () => T): T {
  installFastCpuKernels();
  swap('stock');
  try {
    return f();
  } finally {
    swap('fast');
  }
}
